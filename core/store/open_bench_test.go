package store_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/store"
)

// BenchmarkOpen opens a stored node of a town (the demo's 1,000 members
// over 90 days) from its checkpoint, as the app does at every start, against
// the floor: reading the same state rows with no decoding at all.
func BenchmarkOpen(b *testing.B) {
	w, err := demo.Generate(demo.Config{Members: 1000, Days: 90, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "node.db")
	s, err := store.Open(path, core.DefaultRegistry())
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetNode(w.Node); err != nil {
		b.Fatal(err)
	}
	raws := rawsOf(w.Entries)
	for j := 0; j < len(raws); j += 5000 {
		if _, err := s.Ingest(raws[j:min(j+5000, len(raws))], receiverNow(w)); err != nil {
			b.Fatal(err)
		}
	}
	want := w.State.Hash()
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Run("rows-only", func(b *testing.B) {
		for range b.N {
			readRows(b, path)
		}
	})
	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			s, err := store.Open(path, core.DefaultRegistry())
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if st, err := s.Stats(); err != nil || st.StateHash != want {
				b.Fatalf("opened state %v, %v", st.StateHash, err)
			}
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(len(raws)), "entries")
	})
}

// readRows reads every state row and the chain heads' columns, decoding
// nothing: what any open must at least do.
func readRows(b *testing.B, path string) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT tbl, key, val FROM state_rows`)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var tbl string
		var k, v []byte
		if err := rows.Scan(&tbl, &k, &v); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil || n == 0 {
		b.Fatalf("%d rows, %v", n, err)
	}
}
