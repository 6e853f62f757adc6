package store

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// RebuildReport compares the stored state with one recomputed from entries.
type RebuildReport struct {
	Entries int
	Invalid int
	Stored  ids.Hash // the state hash before
	Rebuilt ids.Hash // the state hash recomputed from the entries alone
}

// Match reports whether the two hashes agree.
func (r RebuildReport) Match() bool { return r.Stored == r.Rebuilt }

// Rebuild recomputes the whole derived state from the entries, replaying them
// in their stored order. With write false it only compares; with write true
// it replaces the derived state (projections, chain states, verdicts).
// progress, if not nil, is called every 10,000 entries.
func (s *Store) Rebuild(write bool, progress func(done, total int)) (RebuildReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := RebuildReport{Stored: s.st.Hash()}
	fresh, fix, err := s.replay(&rep, progress)
	if err != nil {
		return rep, err
	}
	rep.Rebuilt = fresh.Hash()
	if !write {
		return rep, nil
	}
	return rep, s.replace(fresh, fix)
}

// Repair opens a database whose derived state is damaged (Open refuses it
// with ErrDamaged), rebuilds it from the entries and closes it.
func Repair(file string, reg *core.Registry) (RebuildReport, error) {
	s, err := open(file, reg, false)
	if err != nil {
		return RebuildReport{}, err
	}
	defer s.Close()
	s.st = core.New(reg) // whatever was stored is not trusted
	s.useAncestry(s.st)
	rep, err := s.Rebuild(true, nil)
	rep.Stored = ids.Hash{}
	return rep, err
}

// verdict is an entry whose stored chain state or invalid mark was wrong.
type verdict struct {
	id      ids.Hash
	chain   []byte
	invalid sql.NullString
}

type replayer struct {
	s      *Store
	st     *core.State
	chains map[ids.Hash]link
	seen   map[string]ids.Hash // author‖seq -> first id
	forks  []forkPair          // recorded once the cursor is closed
	fix    []verdict
}

// link is an entry's author, its predecessor and its chain state after it.
type link struct {
	author ids.PubKey
	prev   ids.Hash
	cs     core.ChainState
}

// forkPair is an entry and the id of an earlier one holding its position.
type forkPair struct {
	e     *entry.Signed
	other ids.Hash
}

func (s *Store) replay(rep *RebuildReport, progress func(int, int)) (*core.State, []verdict, error) {
	var total int
	if err := s.db.QueryRow(`SELECT count(*) FROM entries`).Scan(&total); err != nil {
		return nil, nil, err
	}
	rows, err := s.db.Query(`SELECT raw, chain, invalid FROM entries ORDER BY ord`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	r := &replayer{s: s, st: core.New(s.st.Registry()), chains: map[ids.Hash]link{}, seen: map[string]ids.Hash{}}
	r.st.UseAncestry(func(from ids.Hash, seq uint64) (ids.Hash, bool) {
		return walkBack(from, seq, func(id ids.Hash) (*entry.Signed, bool) {
			l, ok := r.chains[id]
			if !ok {
				return nil, false
			}
			return &entry.Signed{Entry: entry.Entry{Seq: l.cs.Seq, Prev: l.prev}, ID: id}, true
		})
	})
	for rows.Next() {
		var raw, chain []byte
		var invalid sql.NullString
		if err := rows.Scan(&raw, &chain, &invalid); err != nil {
			return nil, nil, err
		}
		if err := r.step(raw, chain, invalid, rep); err != nil {
			return nil, nil, err
		}
		if rep.Entries++; progress != nil && rep.Entries%10000 == 0 {
			progress(rep.Entries, total)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close() // the one connection is needed for the fork lookups
	return r.st, r.fix, r.recordForks()
}

func (r *replayer) step(raw, chain []byte, invalid sql.NullString, rep *RebuildReport) error {
	e, err := entry.Decode(raw)
	if err != nil {
		return fmt.Errorf("stored entry damaged: %w", err)
	}
	var prev *core.ChainState
	if e.Seq > 1 {
		p, ok := r.chains[e.Prev]
		if !ok || p.author != e.Author {
			return fmt.Errorf("entry %s is stored before its predecessor: the database is damaged", e.ID.Short())
		}
		prev = &p.cs
	}
	next, err := r.st.Apply(e, prev)
	var re *entry.RejectError
	if errors.As(err, &re) && re.Reason != entry.Invalid {
		return fmt.Errorf("stored entry %s is not acceptable: %w", e.ID.Short(), err)
	}
	r.noteFork(e)
	r.chains[e.ID] = link{e.Author, e.Prev, next}
	return r.check(e, next, err, chain, invalid, rep)
}

func (r *replayer) noteFork(e *entry.Signed) {
	k := string(binary.BigEndian.AppendUint64(e.Author[:], e.Seq))
	if other, ok := r.seen[k]; ok {
		r.forks = append(r.forks, forkPair{e, other})
		return
	}
	r.seen[k] = e.ID
}

// recordForks adds the fork proofs met during the replay; fork rows are a
// lattice, so recording them last gives the same state as recording them in
// place.
func (r *replayer) recordForks() error {
	for _, f := range r.forks {
		var raw []byte
		if err := r.s.db.QueryRow(`SELECT raw FROM entries WHERE idp = ? AND id = ?`, idp(f.other), f.other[:]).Scan(&raw); err != nil {
			return err
		}
		if _, err := recordFork(r.st, f.e, raw); err != nil {
			return err
		}
	}
	return nil
}

func (r *replayer) check(e *entry.Signed, next core.ChainState, verr error, chain []byte, invalid sql.NullString, rep *RebuildReport) error {
	want := sql.NullString{}
	if verr != nil {
		want = sql.NullString{String: verr.Error(), Valid: true}
		rep.Invalid++
	}
	b, err := next.MarshalBinary()
	if err != nil {
		return err
	}
	if string(b) != string(chain) || want != invalid {
		r.fix = append(r.fix, verdict{id: e.ID, chain: b, invalid: want})
	}
	return nil
}

// replace swaps in a rebuilt state, in one transaction.
func (s *Store) replace(fresh *core.State, fix []verdict) error {
	s.st = fresh
	s.useAncestry(fresh) // from now on, through the database, not the replay's memory
	clear(s.heads)
	return s.write(func(w *writer) error {
		w.checkpoint = true
		if _, err := w.tx.Exec(`DELETE FROM state_rows`); err != nil {
			return err
		}
		for _, v := range fix {
			if _, err := w.tx.Exec(`UPDATE entries SET chain = ?, invalid = ? WHERE idp = ? AND id = ?`, v.chain, v.invalid, idp(v.id), v.id[:]); err != nil {
				return err
			}
		}
		return nil
	})
}
