package testnet

import (
	"context"
	"testing"
	"time"
)

// smallBench is RunBench at a size CI can afford.
func smallBench(t testing.TB) BenchConfig {
	return BenchConfig{Members: 60, Days: 40, PerDelta: 4, Latency: 10 * time.Millisecond,
		StockDeltas: 30, MergeEach: 100, MeshPeers: 6, MeshEach: 40, Dir: t.TempDir(), Log: t.Logf}
}

// TestRunBenchSmall: every sync benchmark runs end to end and reports
// what it measured (the figures themselves are for docs/BENCHMARKS.md).
func TestRunBenchSmall(t *testing.T) {
	r, err := RunBench(context.Background(), smallBench(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.CatchupEntries == 0 || r.CatchupS <= 0 || r.CatchupLatencyS <= 0 || r.StockS <= 0 ||
		r.StockFastS <= 0 || r.MergeS <= 0 || r.MeshConvergeS <= 0 || r.MeshPeers != 6 {
		t.Fatalf("incomplete report: %+v", r)
	}
	t.Logf("%+v", r)
}

// BenchmarkSync runs the full-size sync benchmarks once per iteration and
// reports their figures (go test -bench Sync -benchtime 1x ./sync/testnet).
func BenchmarkSync(b *testing.B) {
	c := DefaultBench()
	c.Dir = b.TempDir()
	c.Log = b.Logf
	for range b.N {
		r, err := RunBench(context.Background(), c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.CatchupS, "catchup_s")
		b.ReportMetric(r.CatchupLatencyS, "catchup_latency_s")
		b.ReportMetric(r.StockSpeedup, "x_vs_stock")
		b.ReportMetric(r.MergeS, "merge_s")
		b.ReportMetric(r.MeshConvergeS, "mesh_converge_s")
	}
}

// BenchmarkMesh runs the 50-peer partition-heal step alone
// (go test -bench Mesh -benchtime 1x -run XXX ./sync/testnet).
func BenchmarkMesh(b *testing.B) {
	c := DefaultBench()
	c.Dir = b.TempDir()
	c.Log = b.Logf
	for range b.N {
		var r BenchReport
		if err := benchMesh(context.Background(), c, &r); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.MeshConvergeS, "mesh_converge_s")
	}
}
