package store

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Errors of AppendOwn.
var (
	ErrNoNode = errors.New("no node here yet: create one (dac node new) or join one")
	// ErrOwnPending: some of this author's own earlier entries have arrived
	// from peers but cannot be applied yet; signing now would reuse their
	// sequence numbers (a fork proof against oneself).
	ErrOwnPending = errors.New("some of your own earlier entries are still arriving from peers: wait until this device has caught up")
	// ErrClockBehind: the device clock is behind the author's last entry.
	ErrClockBehind = errors.New("this device's clock is behind your own last entry: check the date and time")
)

// AppendOwn writes a new entry of this device's author: it takes the next
// sequence number, signs, validates against the state, and commits the entry
// and an outbox mark in one durable transaction before returning. Only then
// may the entry leave the device (see Outbox), so a crash at any point can
// never lead to the same sequence number being signed twice.
//
// e carries Kind, Body and Refs; author, seq, prev, node and time are set
// here. now is the author's clock (unix ms); the claimed time never goes
// back along the chain.
func (s *Store) AppendOwn(priv ed25519.PrivateKey, e entry.Entry, now int64) (*entry.Signed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.Kind != entry.GenesisKind && s.node.IsZero() {
		return nil, ErrNoNode
	}
	e.Author = ids.PubKey(priv.Public().(ed25519.PublicKey))
	if s.pendingBy[e.Author] > 0 {
		return nil, ErrOwnPending
	}
	prev, err := s.ownHead(e.Author)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.Time > now+entry.MaxSkewMillis {
		return nil, fmt.Errorf("%w: your last entry is dated %s, ahead of this device's clock",
			ErrClockBehind, time.UnixMilli(prev.Time).UTC().Format(time.RFC3339))
	}
	fillChain(&e, prev, s.node, now)
	signed, err := entry.Sign(e, priv)
	if err != nil {
		return nil, err
	}
	if err := s.st.Validate(signed, prev); err != nil {
		return nil, err
	}
	err = s.writeDurable(func(w *writer) error {
		w.res = &Result{}
		if err := w.apply(signed); err != nil {
			return err
		}
		if len(w.res.Rejected) > 0 { // Validate passed, so this cannot happen; never publish what was not stored
			return w.res.Rejected[0].Err
		}
		return w.exec(`INSERT INTO outbox(id, idp) VALUES (?, ?)`, signed.ID[:], idp(signed.ID))
	})
	return signed, err
}

func fillChain(e *entry.Entry, prev *core.ChainState, node ids.Hash, now int64) {
	e.Seq, e.Time = 1, now
	if e.Kind != entry.GenesisKind {
		e.Node = node
	}
	if prev != nil {
		e.Seq, e.Prev, e.Time = prev.Seq+1, prev.ID, max(now, prev.Time)
	}
}

// ownHead is the chain state after the author's highest entry, nil if none.
func (s *Store) ownHead(author ids.PubKey) (*core.ChainState, error) {
	h, ok := s.st.Head(author)
	if !ok {
		return nil, nil
	}
	if c, ok := s.heads[author]; ok && c.ID == h.ID {
		return &c, nil
	}
	return s.chainOf(h.ID, author, s.db)
}

// Outbox returns the entries not yet handed to sync (own ones, and those
// enqueued from bundles and hand-overs), oldest first.
func (s *Store) Outbox() ([][]byte, error) {
	rows, err := s.db.Query(`SELECT e.raw FROM outbox o JOIN entries e ON e.idp = o.idp AND e.id = o.id ORDER BY e.ord`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, rows.Err()
}

// MarkSent removes entries from the outbox once sync has taken them.
func (s *Store) MarkSent(idsSent ...ids.Hash) error {
	return s.outboxTx(`DELETE FROM outbox WHERE id = ?`, idsSent, func(id ids.Hash) []any { return []any{id[:]} })
}

// Enqueue puts stored entries in the outbox: entries that came from
// outside the network (a bundle, an offline hand-over, a demo) and that
// sync must hand to the network like own ones. Unknown ids are ignored.
func (s *Store) Enqueue(idsIn ...ids.Hash) error {
	return s.outboxTx(`INSERT INTO outbox(id, idp) SELECT id, idp FROM entries WHERE idp = ? AND id = ? ON CONFLICT DO NOTHING`,
		idsIn, func(id ids.Hash) []any { return []any{idp(id), id[:]} })
}

// outboxTx runs q once per id, with args(id), in one transaction.
func (s *Store) outboxTx(q string, idsIn []ids.Hash, args func(ids.Hash) []any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare(q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range idsIn {
		if _, err := stmt.Exec(args(id)...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SetNode fixes the node this database holds. It can be set once.
func (s *Store) SetNode(node ids.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.node == node {
		return nil
	}
	if !s.node.IsZero() {
		return errors.New("this database already holds node " + s.node.Short())
	}
	_, err := s.db.Exec(`INSERT INTO meta(key, val) VALUES ('node', ?) ON CONFLICT (key) DO UPDATE SET val = excluded.val`, node[:])
	if err == nil {
		s.node = node
	}
	return err
}

// Found makes this database the home of a new node: g is its genesis,
// authored on this device, so it also goes to the outbox. Nothing is written
// unless the genesis is valid.
func (s *Store) Found(g *entry.Signed) error {
	if err := g.Verify(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.node.IsZero() && s.node != g.ID {
		return errors.New("this database already holds node " + s.node.Short())
	}
	if err := s.st.Validate(g, nil); err != nil {
		return err
	}
	err := s.writeDurable(func(w *writer) error {
		w.res = &Result{}
		if err := setMeta(w.tx, "node", g.ID[:]); err != nil {
			return err
		}
		if err := w.apply(g); err != nil {
			return err
		}
		return w.exec(`INSERT INTO outbox(id, idp) VALUES (?, ?)`, g.ID[:], idp(g.ID))
	})
	if err == nil {
		s.node = g.ID
	}
	return err
}
