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

// DefaultCheckpointEvery is how many applied entries may separate two
// writes of the state rows. At open, the entries stored after the last
// checkpoint are replayed: 20,000 take about 0.2 s, well inside the start-up
// budget, and a checkpoint is also written at every Close.
const DefaultCheckpointEvery = 20_000

// SetCheckpointEvery changes the checkpoint interval (tests use small ones).
func (s *Store) SetCheckpointEvery(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkpointEvery = max(1, n)
}

// Checkpoint writes the state rows changed since the last checkpoint.
func (s *Store) Checkpoint() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sinceCheckpoint == 0 {
		return nil
	}
	return s.write(func(w *writer) error {
		w.checkpoint = true
		return nil
	})
}

// stateOrd is the last entry the stored state rows include.
func (s *Store) stateOrd() (int64, error) {
	b, err := s.meta("state_ord")
	if err != nil || len(b) != 8 {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// tailEntry is an entry stored after the last checkpoint.
type tailEntry struct {
	raw     []byte
	invalid sql.NullString
}

// replayTail applies the entries stored after the last checkpoint to the
// loaded state. They were verified and validated when stored; replaying
// must reach the same verdicts, or the database is damaged.
func (s *Store) replayTail() error {
	from, err := s.stateOrd()
	if err != nil {
		return err
	}
	tail, err := s.readTail(from)
	if err != nil || len(tail) == 0 {
		return err
	}
	chains := map[ids.Hash]core.ChainState{}
	for _, t := range tail {
		if err := s.replayOne(t, chains); err != nil {
			return err
		}
	}
	s.sinceCheckpoint = len(tail)
	return s.replayForks(from)
}

func (s *Store) readTail(from int64) ([]tailEntry, error) {
	rows, err := s.db.Query(`SELECT raw, invalid FROM entries WHERE ord > ? ORDER BY ord`, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tailEntry
	for rows.Next() {
		var t tailEntry
		if err := rows.Scan(&t.raw, &t.invalid); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) replayOne(t tailEntry, chains map[ids.Hash]core.ChainState) error {
	e, err := entry.Decode(t.raw)
	if err != nil {
		return fmt.Errorf("%w (stored entry: %v)", ErrDamaged, err)
	}
	var prev *core.ChainState
	if e.Seq > 1 {
		if c, ok := chains[e.Prev]; ok {
			prev = &c
		} else if prev, err = s.chainOf(e.Prev, e.Author, s.db); err != nil {
			return fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
	}
	next, err := s.st.Apply(e, prev)
	var re *entry.RejectError
	if errors.As(err, &re) && re.Reason != entry.Invalid {
		return fmt.Errorf("%w (stored entry %s: %v)", ErrDamaged, e.ID.Short(), err)
	}
	if (err != nil) != t.invalid.Valid {
		return fmt.Errorf("%w (entry %s: the stored verdict differs from the replay)", ErrDamaged, e.ID.Short())
	}
	chains[e.ID] = next
	return nil
}

// replayForks records the forks among the tail's entries.
func (s *Store) replayForks(from int64) error {
	rows, err := s.db.Query(`SELECT a.raw, b.raw FROM entries a JOIN entries b
		ON a.author = b.author AND a.seq = b.seq AND a.ord > b.ord WHERE a.ord > ?`, from)
	if err != nil {
		return err
	}
	var pairs [][2][]byte
	for rows.Next() {
		var p [2][]byte
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	for _, p := range pairs {
		e, err := entry.Decode(p[0])
		if err != nil {
			return err
		}
		if _, err := recordFork(s.st, e, p[1]); err != nil {
			return err
		}
	}
	return nil
}
