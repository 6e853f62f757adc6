package store

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// apply folds one entry whose dependencies are all applied and stores it.
func (w *writer) apply(e *entry.Signed) error {
	prev, linear, err := w.prevState(e)
	var re *entry.RejectError
	if errors.As(err, &re) {
		w.reject(e, err)
		return nil
	}
	if err != nil {
		return err
	}
	next, err := w.s.st.Apply(e, prev)
	var reason sql.NullString
	if errors.As(err, &re) && re.Reason != entry.Invalid {
		w.reject(e, err)
		return nil
	}
	if err != nil {
		reason = sql.NullString{String: err.Error(), Valid: true}
		w.res.Invalid++
	}
	if !linear {
		if err := w.flushInserts(); err != nil {
			return err
		}
		proofs, err := w.s.detectFork(e, w.tx)
		if err != nil {
			return err
		}
		w.res.Forks = append(w.res.Forks, proofs...)
	}
	if err := w.insert(e, next, reason); err != nil {
		return err
	}
	w.s.heads[e.Author] = next
	if w.done == nil {
		w.done = map[ids.Hash]bool{}
	}
	w.done[e.ID] = true
	w.res.Added = append(w.res.Added, e.ID)
	return nil
}

// insertChunk entries go into one multi-row INSERT: per statement,
// database/sql and the driver cost about as much as a row.
const insertChunk = 64

const insertCols = `INSERT INTO entries(idp, id, author, seq, kind, time, raw, chain, invalid) VALUES `

// rowWidth is the number of values of one buffered entry row.
const rowWidth = 9

func (w *writer) insert(e *entry.Signed, next core.ChainState, reason sql.NullString) error {
	chain, err := next.MarshalBinary()
	if err != nil {
		return err
	}
	w.rows = append(w.rows, idp(e.ID), e.ID[:], e.Author[:], e.Seq, e.Kind, e.Time, e.Raw, chain, reason)
	if len(w.rows) >= rowWidth*insertChunk {
		return w.flushInserts()
	}
	return nil
}

// flushInserts writes the buffered entry rows. Anything that reads entries
// from SQLite inside the transaction must call it first.
func (w *writer) flushInserts() error {
	n := len(w.rows) / rowWidth
	if n == 0 {
		return nil
	}
	q := insertCols + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", ")
	err := w.exec(q, w.rows...)
	w.rows = w.rows[:0]
	return err
}

// prevState finds the author's chain state after e.Prev. linear reports that
// e extends the author's last applied entry and the author has never forked,
// in which case no other entry can hold e's position.
func (w *writer) prevState(e *entry.Signed) (prev *core.ChainState, linear bool, err error) {
	if e.Seq == 1 {
		return nil, false, nil
	}
	if h, ok := w.s.heads[e.Author]; ok && h.ID == e.Prev {
		return &h, !w.s.st.Forked(e.Author), nil
	}
	if err := w.flushInserts(); err != nil {
		return nil, false, err
	}
	cs, err := w.s.chainOf(e.Prev, e.Author, w)
	return cs, false, err
}

// chainOf is the chain state after entry id, which must be author's: an
// entry whose prev is someone else's entry is not part of any chain.
func (s *Store) chainOf(id ids.Hash, author ids.PubKey, q querier) (*core.ChainState, error) {
	var b, a []byte
	if err := q.QueryRow(`SELECT chain, author FROM entries WHERE idp = ? AND id = ?`, idp(id), id[:]).Scan(&b, &a); err != nil {
		return nil, fmt.Errorf("chain state of %s: %w", id.Short(), err)
	}
	if string(a) != string(author[:]) {
		return nil, entry.Reject(entry.BrokenChain, "prev %s is an entry of %s, not of its author %s",
			id.Short(), ids.PubKey(a).Short(), author.Short())
	}
	var cs core.ChainState
	if err := cs.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("chain state of %s: %w", id.Short(), err)
	}
	return &cs, nil
}

// detectFork records a fork proof for every stored entry that holds e's
// position in its author's chain, and returns the proofs.
func (s *Store) detectFork(e *entry.Signed, tx *sql.Tx) ([]entry.ForkProof, error) {
	rows, err := tx.Query(`SELECT raw FROM entries WHERE author = ? AND seq = ?`, e.Author[:], e.Seq)
	if err != nil {
		return nil, err
	}
	var others [][]byte
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			rows.Close()
			return nil, err
		}
		others = append(others, raw)
	}
	rows.Close()
	var proofs []entry.ForkProof
	for _, raw := range others {
		p, err := recordFork(s.st, e, raw)
		if err != nil {
			return nil, err
		}
		proofs = append(proofs, p)
	}
	return proofs, nil
}

func recordFork(st *core.State, e *entry.Signed, otherRaw []byte) (entry.ForkProof, error) {
	other, err := entry.Decode(otherRaw)
	if err != nil {
		return entry.ForkProof{}, err
	}
	proof, err := entry.NewForkProof(e, other)
	if err != nil {
		return proof, fmt.Errorf("fork proof: %w", err)
	}
	f, err := proof.Verify()
	if err != nil {
		return proof, err
	}
	st.RecordFork(f)
	return proof, nil
}

// flush writes the buffered entries, and at a checkpoint the state rows
// changed since the last one, the state hash and the ord they cover.
func (w *writer) flush() error {
	if err := w.flushInserts(); err != nil {
		return err
	}
	w.s.sinceCheckpoint += len(w.done)
	if !w.checkpoint && w.s.sinceCheckpoint < w.s.checkpointEvery {
		return nil
	}
	return w.writeState()
}

func (w *writer) writeState() error {
	var up []any
	for _, c := range w.s.st.Changes() {
		if c.Val == nil {
			if err := w.exec(`DELETE FROM state_rows WHERE tbl = ? AND key = ?`, c.Table, c.Key); err != nil {
				return err
			}
			continue
		}
		if up = append(up, c.Table, c.Key, c.Val); len(up) == 3*insertChunk {
			if err := w.upsertRows(up); err != nil {
				return err
			}
			up = up[:0]
		}
	}
	if err := w.upsertRows(up); err != nil {
		return err
	}
	h, cp := w.s.st.Hash(), w.s.st.Checkpoint()
	sizes, err := entry.Marshal(cp.Sizes)
	if err != nil {
		return err
	}
	for k, v := range map[string][]byte{"state_hash": h[:], "state_lt": cp.LT, "state_sum": cp.Sum[:], "state_sizes": sizes} {
		if err := setMeta(w.tx, k, v); err != nil {
			return err
		}
	}
	var ord int64
	if err := w.tx.QueryRow(`SELECT coalesce(max(ord), 0) FROM entries`).Scan(&ord); err != nil {
		return err
	}
	if err := setMeta(w.tx, "state_ord", binary.BigEndian.AppendUint64(nil, uint64(ord))); err != nil {
		return err
	}
	w.s.sinceCheckpoint = 0
	return nil
}

// upsertRows writes state rows (3 values each) in one statement.
func (w *writer) upsertRows(vals []any) error {
	n := len(vals) / 3
	if n == 0 {
		return nil
	}
	q := `INSERT INTO state_rows(tbl, key, val) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ") +
		` ON CONFLICT (tbl, key) DO UPDATE SET val = excluded.val`
	return w.exec(q, vals...)
}

func setMeta(tx *sql.Tx, key string, val []byte) error {
	_, err := tx.Exec(`INSERT INTO meta(key, val) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET val = excluded.val`, key, val)
	return err
}
