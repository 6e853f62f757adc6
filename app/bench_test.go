package app_test

import (
	"fmt"
	"runtime"
	"testing"

	"dac/app"
)

// BenchmarkIngestVsVerify is the twin of `dac bench ingest`: full ingest and
// bare ed25519 verification of the same entries in one run, and their ratio,
// with GOMAXPROCS=1 (the goal: ratio >= 0.7) and with the machine's default.
// GOMAXPROCS is set by the bench itself, not by -cpu.
func BenchmarkIngestVsVerify(b *testing.B) {
	set, err := app.NewBenchSet(20000)
	if err != nil {
		b.Fatal(err)
	}
	for _, procs := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			for range b.N {
				r, err := app.RunIngestBench(set, app.IngestBench{Dir: b.TempDir(), Procs: procs})
				if err != nil {
					b.Fatal(err)
				}
				if r.GOMAXPROCS != procs {
					b.Fatalf("ran with GOMAXPROCS=%d, want %d", r.GOMAXPROCS, procs)
				}
				b.ReportMetric(r.VerifyPerS, "verify/s")
				b.ReportMetric(r.IngestPerS, "ingest/s")
				b.ReportMetric(r.Ratio, "ratio")
			}
		})
	}
}
