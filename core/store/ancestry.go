package store

import (
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// The fold asks, for authors who forked, which entry sits at a given seq on
// the branch ending at an entry (core.Ancestry). The store answers by
// walking prev links: through the open transaction while writing (its
// buffered rows flushed first), through the database otherwise.

// useAncestry wires st to this store.
func (s *Store) useAncestry(st *core.State) {
	st.UseAncestry(func(from ids.Hash, seq uint64) (ids.Hash, bool) {
		q := querier(s.db)
		if s.w != nil {
			if err := s.w.flushInserts(); err != nil {
				return ids.Hash{}, false
			}
			q = s.w
		}
		return walkBack(from, seq, func(id ids.Hash) (*entry.Signed, bool) {
			var raw []byte
			if q.QueryRow(`SELECT raw FROM entries WHERE idp = ? AND id = ?`, idp(id), id[:]).Scan(&raw) != nil {
				return nil, false
			}
			e, err := entry.Decode(raw)
			return e, err == nil
		})
	})
}

// walkBack follows prev links from `from` down to seq.
func walkBack(from ids.Hash, seq uint64, get func(ids.Hash) (*entry.Signed, bool)) (ids.Hash, bool) {
	for {
		e, ok := get(from)
		if !ok || e.Seq < seq {
			return ids.Hash{}, false
		}
		if e.Seq == seq {
			return e.ID, true
		}
		from = e.Prev
	}
}
