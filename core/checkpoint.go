package core

import (
	"errors"
	"fmt"

	"dac/core/ids"
)

// Checkpoint is what a store keeps beside the state rows at each checkpoint:
// the LtHash accumulator and the rows' checksum (rowSum). With it, a load
// checks the rows by their checksum (one SHA-256 per row, which the load
// computes anyway) and takes the accumulator as stored, instead of expanding
// every row into the LtHash again: that expansion was half of the time to
// open a node. The accumulator must still hash to the recorded state hash,
// which the store checks after Loaded.
type Checkpoint struct {
	LT    []byte         // the LtHash lanes, little-endian (2,048 bytes)
	Sum   ids.Hash       // the rows' checksum
	Sizes map[string]int // rows per table, so that a load sizes its maps once
}

// ErrRowsChanged means the loaded rows are not the rows checkpointed.
var ErrRowsChanged = errors.New("the state rows do not match their checkpoint")

type rowLoad struct {
	hashes []ids.Hash // the loaded rows' hashes, for a load with no checkpoint
	cp     *Checkpoint
}

// Checkpoint returns the state's checkpoint (changes folded first).
func (s *State) Checkpoint() Checkpoint {
	s.fold()
	sizes := map[string]int{}
	for _, t := range s.tables {
		if n := t.size(); n > 0 {
			sizes[t.tableName()] = n
		}
	}
	return Checkpoint{LT: s.lt.bytes(), Sum: s.sum.bytes(), Sizes: sizes}
}

// UseCheckpoint gives a load the checkpoint stored with its rows; call it
// before Loaded. A load without one (a database written before checkpoints
// carried it) expands every row.
func (s *State) UseCheckpoint(cp Checkpoint) error {
	if len(cp.LT) != 2*ltLanes {
		return fmt.Errorf("%w: the accumulator is %d bytes", ErrRowsChanged, len(cp.LT))
	}
	s.rowLoad().cp = &cp
	for _, t := range s.tables {
		t.reserve(min(cp.Sizes[t.tableName()], 1<<24))
	}
	return nil
}

func (s *State) rowLoad() *rowLoad {
	if s.load == nil {
		s.load = &rowLoad{}
	}
	return s.load
}

func (s *State) loadedRow(h ids.Hash) {
	s.sum.add(h)
	l := s.rowLoad()
	if l.cp == nil {
		l.hashes = append(l.hashes, h)
	}
}

// finishHash settles the state hash after a load.
func (s *State) finishHash() error {
	l := s.load
	s.load = nil
	switch {
	case l == nil:
		return nil
	case l.cp == nil:
		for _, h := range l.hashes {
			s.lt.add(h)
		}
		return nil
	case s.sum.bytes() != l.cp.Sum:
		return ErrRowsChanged
	}
	s.lt.setBytes(l.cp.LT)
	return nil
}
