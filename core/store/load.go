package store

import (
	"database/sql"
	"encoding/binary"

	"dac/core"
	"errors"
	"fmt"

	"dac/core/entry"
	"dac/core/ids"
)

// ErrDamaged means the persisted derived state does not hash to what was
// recorded: the projections were edited or damaged. `dac rebuild` repairs it.
var ErrDamaged = errors.New("the node's derived state is damaged; run `dac rebuild` to recompute it from the entries")

func (s *Store) loadMeta() error {
	b, err := s.meta("node")
	if err != nil || b == nil {
		return err
	}
	copy(s.node[:], b)
	return nil
}

func (s *Store) meta(key string) ([]byte, error) {
	var v []byte
	err := s.db.QueryRow(`SELECT val FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

func (s *Store) loadState() error {
	if err := s.useCheckpoint(); err != nil {
		return err
	}
	rows, err := s.db.Query(`SELECT tbl, key, val FROM state_rows`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tbl string
		var k, v []byte
		if err := rows.Scan(&tbl, &k, &v); err != nil {
			return err
		}
		if err := s.st.LoadRow(tbl, k, v); err != nil {
			return fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := s.st.Loaded(); errors.Is(err, core.ErrRowsChanged) {
		return ErrDamaged
	} else if err != nil {
		return err
	}
	s.st.Changes() // loading is not a change
	if err := s.checkHash(); err != nil {
		return err
	}
	if err := s.replayTail(); err != nil {
		return err
	}
	return s.loadHeads()
}

// useCheckpoint hands the state the accumulator and checksum stored with
// the rows (absent in databases written before they were kept).
func (s *Store) useCheckpoint() error {
	lt, err := s.meta("state_lt")
	if err != nil {
		return err
	}
	sum, err := s.meta("state_sum")
	if err != nil || lt == nil || len(sum) != len(ids.Hash{}) {
		return err
	}
	var sizes map[string]int
	if b, err := s.meta("state_sizes"); err == nil && b != nil {
		_ = entry.Unmarshal(b, &sizes) // only a hint: without it the maps grow as they fill
	}
	if err := s.st.UseCheckpoint(core.Checkpoint{LT: lt, Sum: ids.Hash(sum), Sizes: sizes}); err != nil {
		return fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	return nil
}

// loadHeads restores the per-author heads index from the entries table.
func (s *Store) loadHeads() error {
	// One pass over the (author, seq) index finds each author's last seq;
	// the join then reads only those entries (several if the author forked).
	rows, err := s.db.Query(`SELECT e.author, e.seq, e.id, e.time
		FROM (SELECT author, max(seq) AS top FROM entries GROUP BY author) h
		JOIN entries e ON e.author = h.author AND e.seq = h.top`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, id []byte
		var h core.HeadRow
		if err := rows.Scan(&a, &h.Seq, &id, &h.Time); err != nil {
			return err
		}
		copy(h.ID[:], id)
		s.st.LoadHead(ids.PubKey(a), h)
	}
	return rows.Err()
}

func (s *Store) checkHash() error {
	want, err := s.meta("state_hash")
	if err != nil || want == nil {
		return err
	}
	if got := s.st.Hash(); string(got[:]) != string(want) {
		return ErrDamaged
	}
	return nil
}

func (s *Store) loadPending() error {
	rows, err := s.db.Query(`SELECT raw FROM pending`)
	if err != nil {
		return err
	}
	var raws [][]byte
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			rows.Close()
			return err
		}
		raws = append(raws, raw)
	}
	rows.Close()
	for _, raw := range raws {
		e, err := entry.Decode(raw)
		if err != nil {
			return fmt.Errorf("pending entry: %w", err)
		}
		if err := s.wait(e, s.db); err != nil {
			return err
		}
	}
	return nil
}

// forget drops e from the pending bookkeeping (its row is deleted apart).
func (s *Store) forget(e *entry.Signed) {
	delete(s.pending, e.ID)
	if s.pendingBy[e.Author]--; s.pendingBy[e.Author] <= 0 {
		delete(s.pendingBy, e.Author)
	}
	s.pendingBytes -= len(e.Raw)
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRow(q string, args ...any) *sql.Row
}

// wait registers e as pending on each of its missing dependencies.
func (s *Store) wait(e *entry.Signed, q querier) error {
	s.pending[e.ID] = e
	s.pendingBy[e.Author]++
	s.pendingBytes += len(e.Raw)
	for _, d := range s.missing(e, q) {
		s.waiting[d] = append(s.waiting[d], e.ID)
	}
	return nil
}

// idp is the integer key of the entries lookup index (see the schema).
func idp(id ids.Hash) int64 { return int64(binary.BigEndian.Uint64(id[:8])) }

// has reports whether id is stored. A writer knows the entries it applied in
// its own transaction without asking SQLite.
func (s *Store) has(id ids.Hash, q querier) bool {
	if w, ok := q.(*writer); ok && w.done[id] {
		return true
	}
	if s.recent.has(id) {
		return true
	}
	var one int
	return q.QueryRow(`SELECT 1 FROM entries WHERE idp = ? AND id = ?`, idp(id), id[:]).Scan(&one) == nil
}
