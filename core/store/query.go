package store

import (
	"database/sql"
	"errors"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Node is the node this database holds (zero if none yet).
func (s *Store) Node() ids.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.node
}

// View runs fn with the derived state, which fn must not keep or change.
func (s *Store) View(fn func(st *core.State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.st)
}

// Stats are counts for status displays.
type Stats struct {
	Entries   int
	Invalid   int
	Pending   int
	StateHash ids.Hash
	Members   int
}

// Stats counts entries and members.
func (s *Store) Stats() (Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Pending: len(s.pending), StateHash: s.st.Hash(), Members: s.st.ActiveMembers()}
	err := s.db.QueryRow(`SELECT count(*), count(invalid) FROM entries`).Scan(&st.Entries, &st.Invalid)
	return st, err
}

// LogRow is one entry as the log lists it.
type LogRow struct {
	Ord     int64
	ID      ids.Hash
	Author  ids.PubKey
	Seq     uint64
	Kind    string
	Time    int64
	Invalid string
}

// LogQuery filters the log. Zero values mean no filter; Before 0 means the newest.
type LogQuery struct {
	Author *ids.PubKey
	Kind   string
	Before int64
	Limit  int
}

// Log lists entries in the order they were stored, latest first.
func (s *Store) Log(q LogQuery) ([]LogRow, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var author []byte
	if q.Author != nil {
		author = q.Author[:]
	}
	rows, err := s.db.Query(`SELECT ord, id, author, seq, kind, time, coalesce(invalid, '') FROM entries
		WHERE (?1 IS NULL OR author = ?1) AND (?2 = '' OR kind = ?2) AND (?3 = 0 OR ord < ?3)
		ORDER BY ord DESC LIMIT ?4`, author, q.Kind, q.Before, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogRow
	for rows.Next() {
		var r LogRow
		var id, a []byte
		if err := rows.Scan(&r.Ord, &id, &a, &r.Seq, &r.Kind, &r.Time, &r.Invalid); err != nil {
			return nil, err
		}
		copy(r.ID[:], id)
		copy(r.Author[:], a)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ErrNotFound is returned for an unknown entry.
var ErrNotFound = errors.New("no such entry")

// Entry returns a stored entry by id.
func (s *Store) Entry(id ids.Hash) (*entry.Signed, error) {
	var raw []byte
	err := s.db.QueryRow(`SELECT raw FROM entries WHERE idp = ? AND id = ?`, idp(id), id[:]).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return entry.Decode(raw)
}

// Raw returns stored wire entries in application order, after ord, at most
// limit of them: what a peer or a bundle needs to replay this node.
func (s *Store) Raw(after int64, limit int) (raws [][]byte, last int64, err error) {
	rows, err := s.db.Query(`SELECT ord, raw FROM entries WHERE ord > ? ORDER BY ord LIMIT ?`, after, limit)
	if err != nil {
		return nil, after, err
	}
	defer rows.Close()
	last = after
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&last, &raw); err != nil {
			return nil, after, err
		}
		raws = append(raws, raw)
	}
	return raws, last, rows.Err()
}

// HeadChain is the chain state after an author's head entry (nil if none).
func (s *Store) HeadChain(author ids.PubKey) (*core.ChainState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.st.Head(author)
	if !ok {
		return nil, nil
	}
	return s.chainOf(h.ID, author, s.db)
}

// HeadChains returns the chain state after every author's head entry: what
// an audit needs to settle every account.
func (s *Store) HeadChains() (map[ids.PubKey]core.ChainState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[ids.PubKey]core.ChainState{}
	for _, m := range s.st.Members() {
		h, ok := s.st.Head(m.Key)
		if !ok {
			continue
		}
		cs, err := s.chainOf(h.ID, m.Key, s.db)
		if err != nil {
			return nil, err
		}
		out[m.Key] = *cs
	}
	return out, nil
}
