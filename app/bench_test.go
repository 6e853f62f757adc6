package app_test

import (
	"testing"

	"dac/app"
)

// BenchmarkIngestVsVerify is the twin of `dac bench ingest`: it reports full
// ingest and bare ed25519 verification of the same entries, and their ratio.
// Run with -cpu 1,2 to see GOMAXPROCS=1 (the goal: ratio >= 0.7) and 2.
func BenchmarkIngestVsVerify(b *testing.B) {
	set, err := app.NewBenchSet(20000)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		r, err := app.RunIngestBench(set, app.IngestBench{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.VerifyPerS, "verify/s")
		b.ReportMetric(r.IngestPerS, "ingest/s")
		b.ReportMetric(r.Ratio, "ratio")
	}
}
