package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"dac/sync/testnet"
)

func (c *cli) benchSyncCmd() *cobra.Command {
	cfg := testnet.DefaultBench()
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Measure catch-up, neighbour merge and mesh convergence",
		Long: `Run real replicas (SQLite stores, libp2p hosts on loopback TCP and on a libp2p
mocknet) in this process and measure:

  catch-up   a fresh replica fetching a hub's history of about 100k entries,
             written as many small deltas, over loopback TCP (catchup_s) and
             across a link with --latency (catchup_latency_s); timed until its
             state hash equals the hub's
  stock      go-ds-crdt's own bitswap walk on a smaller history, against the
             catch-up protocol on the same history
  merge      two neighbours that each wrote --merge entries apart (merge_s)
  mesh       --peers replicas after a partition heals, until all state hashes
             are equal (mesh_converge_s)

Nothing is kept: everything lives in a temporary directory. The full run takes
a few minutes, most of it building the hub's history.`,
		Example: "  dac bench sync --json\n  dac bench sync --days 120 --peers 20",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Members < 5 || cfg.Days < 1 || cfg.MeshPeers < 2 || cfg.PerDelta < 1 || cfg.MergeEach < 1 {
				return fmt.Errorf("--members ≥ 5, --days ≥ 1, --peers ≥ 2, --per-delta ≥ 1 and --merge ≥ 1, please")
			}
			if !c.json {
				cfg.Log = func(f string, a ...any) { c.printf("  "+f+"\n", a...) }
			}
			r, err := testnet.RunBench(signalContext(), cfg)
			if err != nil {
				return err
			}
			if c.json {
				return c.printJSON(r)
			}
			c.printf("catch-up %d entries: %.2f s loopback, %.2f s at %.0f ms latency (%.2f×); stock bitswap %.2f s vs %.3f s on %d deltas; merge %.2f s; %d peers converge in %.2f s\n",
				r.CatchupEntries, r.CatchupS, r.CatchupLatencyS, r.LatencyMs, r.LatencyRatio, r.StockS, r.StockFastS, r.StockDeltas, r.MergeS, r.MeshPeers, r.MeshConvergeS)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Members, "members", cfg.Members, "members in the demo history")
	f.IntVar(&cfg.Days, "days", cfg.Days, "days of demo history (530 days of 1,000 members ≈ 100k entries)")
	f.IntVar(&cfg.PerDelta, "per-delta", cfg.PerDelta, "at most this many entries of one author per delta")
	f.DurationVar(&cfg.Latency, "latency", cfg.Latency, "link latency for the latency run")
	f.IntVar(&cfg.StockDeltas, "stock-deltas", cfg.StockDeltas, "deltas in the stock-bitswap comparison")
	f.IntVar(&cfg.MergeEach, "merge", cfg.MergeEach, "entries each neighbour writes apart")
	f.IntVar(&cfg.MeshPeers, "peers", cfg.MeshPeers, "peers in the mesh run")
	f.IntVar(&cfg.MeshEach, "mesh-entries", cfg.MeshEach, "entries each side of the partition writes")
	c.addJSON(cmd)
	return cmd
}
