package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"dac/app"
)

func (c *cli) benchCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Measure this device's speed"}
	cmd.AddCommand(c.benchIngestCmd(), c.benchPayCmd(), c.benchSyncCmd(), c.benchStartupCmd(), c.benchProbeCmd())
	return cmd
}

func (c *cli) benchIngestCmd() *cobra.Command {
	var n, batch, procs int
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Measure ingest against bare signature verification",
		Long: `Build N signed entries by many authors, then measure in one run (a) bare ed25519
verification of those entries and (b) full ingest: decode, verify, validate,
apply and persist in SQLite, in batched transactions. Prints both rates and
the ratio b/a, first with GOMAXPROCS=1 (the goal: ratio >= 0.7), then with
the default GOMAXPROCS, where ingest verifies in parallel. --procs N measures
only that setting. The database lives in a temporary directory.`,
		Example: "  dac bench ingest --entries 100000 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 2 {
				return fmt.Errorf("--entries must be at least 2")
			}
			if !c.json {
				c.printf("building %d signed entries...\n", n)
			}
			set, err := app.NewBenchSet(n)
			if err != nil {
				return err
			}
			var runs []app.IngestResult
			for _, p := range procSettings(procs) {
				r, err := app.RunIngestBench(set, app.IngestBench{Batch: batch, Procs: p})
				if err != nil {
					return err
				}
				runs = append(runs, r)
				if !c.json {
					c.printf("GOMAXPROCS=%d  verify %8.0f/s  ingest %8.0f/s  ratio %.2f\n", r.GOMAXPROCS, r.VerifyPerS, r.IngestPerS, r.Ratio)
				}
			}
			if c.json {
				return c.printJSON(benchJSON(runs))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "entries", 100000, "how many entries")
	cmd.Flags().IntVar(&batch, "batch", app.DefaultBenchBatch, "entries per transaction")
	cmd.Flags().IntVar(&procs, "procs", 0, "measure only with this GOMAXPROCS")
	c.addJSON(cmd)
	return cmd
}

// benchJSON puts the first run's figures at the top level (ratio, rates) and
// every run under "runs".
func benchJSON(runs []app.IngestResult) map[string]any {
	first := runs[0]
	return map[string]any{"entries": first.Entries, "authors": first.Authors, "batch": first.Batch,
		"gomaxprocs": first.GOMAXPROCS, "verify_per_s": first.VerifyPerS, "ingest_per_s": first.IngestPerS,
		"ratio": first.Ratio, "runs": runs}
}

func (c *cli) benchPayCmd() *cobra.Command {
	var n, procs int
	cmd := &cobra.Command{
		Use:   "pay",
		Short: "Measure payments validated and applied per second",
		Long: `Build a demo node of 1,000 members who pay each other and claim their payments
daily (about N entries, mostly pays and receives), then measure in one run bare
ed25519 verification of those entries and their full ingest (decode, verify,
settle accounts, validate, apply, persist). Prints entries and payment entries
per second and the ratio to verification, with GOMAXPROCS=1 and the default.`,
		Example: "  dac bench pay --entries 50000 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !c.json {
				c.printf("building a node with about %d entries of payments...\n", n)
			}
			set, pays, err := app.NewPayBenchSet(n)
			if err != nil {
				return err
			}
			var runs []app.IngestResult
			for _, p := range procSettings(procs) {
				r, err := app.RunIngestBench(set, app.IngestBench{Procs: p})
				if err != nil {
					return err
				}
				runs = append(runs, r)
				if !c.json {
					c.printf("GOMAXPROCS=%d  verify %8.0f/s  entries %8.0f/s  payments %8.0f/s  ratio %.2f\n", r.GOMAXPROCS,
						r.VerifyPerS, r.IngestPerS, r.IngestPerS*float64(pays)/float64(r.Entries), r.Ratio)
				}
			}
			if c.json {
				out := benchJSON(runs)
				out["payment_entries"] = pays
				out["payments_per_s"] = runs[0].IngestPerS * float64(pays) / float64(runs[0].Entries)
				return c.printJSON(out)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "entries", 50000, "about how many entries")
	cmd.Flags().IntVar(&procs, "procs", 0, "measure only with this GOMAXPROCS")
	c.addJSON(cmd)
	return cmd
}

func procSettings(procs int) []int {
	if procs > 0 {
		return []int{procs}
	}
	return []int{1, runtime.GOMAXPROCS(0)}
}
