package core

import (
	"encoding/binary"

	"dac/core/entry"
	"dac/core/ids"
)

// A table is one family of derived state: rows keyed by bytes, valued by a
// small struct. Every row is hashed into the state hash; every change is
// recorded so that the store can persist exactly the rows that changed.
type table[V any] struct {
	name string
	st   *State
	rows map[string]V
	// A lazy table keeps the rows a load hands it as bytes and decodes
	// them when it is first used: a start-up need not decode tables that
	// only some actions read (the vouches are most of a town's rows). The
	// bytes were checked at load (the rows' checksum or the state hash).
	lazy bool
	raw  []rawRow
}

type rawRow struct {
	k string
	v []byte
}

// tableI is what the State needs of any table, whatever its row type.
type tableI interface {
	tableName() string
	encode(key string) ([]byte, bool)
	load(key string, val []byte) error
	reset()
	size() int
	reserve(n int)
}

func newTable[V any](st *State, name string) *table[V] {
	t := &table[V]{name: name, st: st, rows: map[string]V{}}
	st.tables = append(st.tables, t)
	return t
}

// newLazyTable is newTable for a table decoded on first use.
func newLazyTable[V any](st *State, name string) *table[V] {
	t := newTable[V](st, name)
	t.lazy = true
	return t
}

func (t *table[V]) get(k string) (V, bool) {
	t.warm()
	v, ok := t.rows[k]
	return v, ok
}

func (t *table[V]) put(k string, v V) {
	t.st.touch(t, k)
	t.rows[k] = v
}

// all is every row, for iterating.
func (t *table[V]) all() map[string]V {
	t.warm()
	return t.rows
}

// warm decodes the rows a lazy load kept as bytes.
func (t *table[V]) warm() {
	if len(t.raw) == 0 {
		return
	}
	raw := t.raw
	t.raw = nil
	if len(t.rows) == 0 {
		t.rows = make(map[string]V, len(raw))
	}
	for _, r := range raw {
		var v V
		if err := entry.Unmarshal(r.v, &v); err != nil {
			panic("core: a checked state row does not decode: " + t.name + ": " + err.Error()) // checked at load
		}
		t.rows[r.k] = v
	}
}

func (t *table[V]) tableName() string { return t.name }
func (t *table[V]) reset()            { t.rows, t.raw = map[string]V{}, nil }
func (t *table[V]) size() int         { return len(t.rows) + len(t.raw) }

// reserve sizes an empty table for n rows, so that a load does not grow
// the map (or a lazy table's bytes) step by step.
func (t *table[V]) reserve(n int) {
	switch {
	case n <= 0 || len(t.rows) > 0:
	case t.lazy:
		t.raw = make([]rawRow, 0, n)
	default:
		t.rows = make(map[string]V, n)
	}
}

func (t *table[V]) encode(k string) ([]byte, bool) {
	t.warm()
	v, ok := t.rows[k]
	if !ok {
		return nil, false
	}
	b, err := entry.Marshal(v)
	if err != nil {
		panic("core: row type cannot be encoded: " + err.Error()) // a programming error
	}
	return b, true
}

func (t *table[V]) load(k string, val []byte) error {
	if t.lazy {
		t.raw = append(t.raw, rawRow{k, val})
		return nil
	}
	var v V
	if err := entry.Unmarshal(val, &v); err != nil {
		return err
	}
	t.rows[k] = v
	return nil
}

// rowHash binds table name, key and value, length-prefixed so that no two
// different rows can produce the same input.
func rowHash(table, key string, val []byte) ids.Hash {
	var n [2 * binary.MaxVarintLen64]byte
	i := binary.PutUvarint(n[:], uint64(len(table)))
	i += binary.PutUvarint(n[i:], uint64(len(key)))
	return ids.Sum("dac/row/v1", n[:i], []byte(table), []byte(key), val)
}

type dirtyKey struct {
	t tableI
	k string
}

// touch records a row's hash before its first change in this batch.
func (s *State) touch(t tableI, k string) {
	dk := dirtyKey{t, k}
	if _, ok := s.dirty[dk]; ok {
		return
	}
	var old ids.Hash
	if v, ok := t.encode(k); ok {
		old = rowHash(t.tableName(), k, v)
	}
	s.dirty[dk] = old
}

// RowChange is one row to write (Val set) or delete (Val nil) in the store.
type RowChange struct {
	Table string
	Key   []byte
	Val   []byte
}

// fold moves the dirty rows into the hash and the change list.
func (s *State) fold() {
	for dk, old := range s.dirty {
		if !old.IsZero() {
			s.lt.sub(old)
			s.sum.sub(old)
		}
		v, ok := dk.t.encode(dk.k)
		if ok {
			h := rowHash(dk.t.tableName(), dk.k, v)
			s.lt.add(h)
			s.sum.add(h)
		}
		s.changes = append(s.changes, RowChange{Table: dk.t.tableName(), Key: []byte(dk.k), Val: v})
	}
	clear(s.dirty)
}
