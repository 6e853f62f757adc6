package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/store"
)

// BenchmarkIngest stores a whole demo node into a fresh database per
// iteration, in batches of 1000 wire entries, as a syncing device would.
// Generating the node and creating the database are not timed.
func BenchmarkIngest(b *testing.B) {
	w, err := demo.Generate(demo.Config{Members: 600, Days: 60, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	raws := rawsOf(w.Entries)
	want := w.State.Hash()
	now := receiverNow(w)
	const batch = 1000
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := store.Open(filepath.Join(dir, fmt.Sprintf("node%d.db", i)), core.DefaultRegistry())
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SetNode(w.Node); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for j := 0; j < len(raws); j += batch {
			res, err := s.Ingest(raws[j:min(j+batch, len(raws))], now)
			if err != nil || len(res.Rejected) > 0 {
				b.Fatalf("Ingest: %v %v", err, res.Rejected)
			}
		}
		b.StopTimer()
		st, err := s.Stats()
		if err != nil || st.StateHash != want || st.Entries != len(raws) {
			b.Fatalf("after ingest: %+v, %v", st, err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(raws)*b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(len(raws)), "entries/op")
}
