package testnet

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/sync/replica"
)

// BenchConfig sets the sync benchmarks' sizes. DefaultBench documents them.
type BenchConfig struct {
	Members, Days int           // the demo history a fresh replica catches up
	PerDelta      int           // entries per delta as the hub writes them (at most; an author's run)
	Latency       time.Duration // added per link for the latency run (mocknet)
	StockDeltas   int           // history size (deltas) for the stock go-ds-crdt + bitswap comparison
	MergeEach     int           // entries each of two neighbours writes while apart
	MeshPeers     int           // peers in the partition-heal run
	MeshEach      int           // entries each side of the partition writes
	Dir           string        // scratch space (default: a temp dir, removed after)
	Log           func(format string, args ...any)
}

// DefaultBench: a history of about 100k entries (the demo's 1,000 members
// over 530 days), written as deltas of at most 4 entries from one author;
// 25 ms link latency; 300 deltas for the stock comparison; two neighbours
// with 1,000 entries each; 50 peers.
func DefaultBench() BenchConfig {
	return BenchConfig{Members: 1000, Days: 530, PerDelta: 4, Latency: 25 * time.Millisecond,
		StockDeltas: 300, MergeEach: 1000, MeshPeers: 50, MeshEach: 200}
}

// BenchReport is what `dac bench sync --json` prints.
type BenchReport struct {
	CatchupEntries  int     `json:"catchup_entries"`
	CatchupDeltas   int     `json:"catchup_deltas"`
	CatchupRounds   int     `json:"catchup_rounds"`
	CatchupMB       float64 `json:"catchup_mb"`
	CatchupS        float64 `json:"catchup_s"`         // loopback TCP, until the state hash equals the hub's
	CatchupLatencyS float64 `json:"catchup_latency_s"` // the same over mocknet with Latency per link
	LatencyMs       float64 `json:"latency_ms"`
	LatencyRatio    float64 `json:"latency_ratio"` // catchup_latency_s / catchup_s
	StockDeltas     int     `json:"stock_deltas"`
	StockEntries    int     `json:"stock_entries"`
	StockS          float64 `json:"stock_s"`         // go-ds-crdt + bitswap alone, same small history
	StockFastS      float64 `json:"stock_fast_s"`    // the catch-up protocol on that history
	StockSpeedup    float64 `json:"stock_speedup"`   // stock_s / stock_fast_s
	MergeEntries    int     `json:"merge_entries"`   // written by both neighbours together
	MergeS          float64 `json:"merge_s"`         // connect → equal state hashes
	MeshPeers       int     `json:"mesh_peers"`      //
	MeshConvergeS   float64 `json:"mesh_converge_s"` // heal → all state hashes equal
	HistorySetupS   float64 `json:"history_setup_s"` // building the hub (not measured work)
}

func (c *BenchConfig) logf(format string, args ...any) {
	if c.Log != nil {
		c.Log(format, args...)
	}
}

// RunBench runs every sync benchmark.
func RunBench(ctx context.Context, c BenchConfig) (BenchReport, error) {
	var r BenchReport
	if c.Dir == "" {
		dir, err := os.MkdirTemp("", "dac-bench-sync-")
		if err != nil {
			return r, err
		}
		defer os.RemoveAll(dir)
		c.Dir = dir
	}
	steps := []func(context.Context, BenchConfig, *BenchReport) error{benchCatchUp, benchStock, benchMerge, benchMesh}
	for _, step := range steps {
		if err := step(ctx, c, &r); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Deltas cuts es (in causal order) into runs of one author, at most per
// long: how a hub's DAG looks when devices hand in what they wrote.
func Deltas(es []*entry.Signed, per int) [][]*entry.Signed {
	var out [][]*entry.Signed
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && j-i < per && es[j].Author == es[i].Author {
			j++
		}
		out = append(out, es[i:j])
		i = j
	}
	return out
}

// writeDeltas publishes each group as its own delta.
func writeDeltas(ctx context.Context, p *Peer, ds [][]*entry.Signed) error {
	for _, d := range ds {
		if err := p.R.Publish(ctx, Raws(d)); err != nil {
			return err
		}
	}
	return nil
}

// benchOpts are the replica options of a benchmark peer: no batching
// window (each Publish is one delta) and no automatic catch-up, so that
// what is timed is what the step starts.
func benchOpts(auto bool) replica.Options {
	o := replica.DefaultOptions()
	o.BatchWindow = time.Microsecond
	o.CatchUpOnJoin = auto
	return o
}

func benchCatchUp(ctx context.Context, c BenchConfig, r *BenchReport) error {
	c.logf("building a history of %d members over %d days…", c.Members, c.Days)
	t0 := time.Now()
	w, err := demo.Generate(demo.Config{Members: c.Members, Days: c.Days, Seed: 1})
	if err != nil {
		return err
	}
	now := w.Entries[len(w.Entries)-1].Time + 1
	hubDir := filepath.Join(c.Dir, "hub")
	if err := buildHub(ctx, w, now, hubDir, c.PerDelta, r); err != nil {
		return err
	}
	r.HistorySetupS = time.Since(t0).Seconds()
	node := w.Node
	w = nil      // the generated world (gigabytes of it with the hub's building) is garbage now:
	runtime.GC() // collect it before timing, so the catch-up does not pay for the setup's heap
	debug.FreeOSMemory()
	c.logf("hub holds %d entries in %d deltas (%.1f s to build); catching up over loopback TCP…", r.CatchupEntries, r.CatchupDeltas, r.HistorySetupS)
	res, secs, err := tcpCatchUp(ctx, c, node, now, hubDir)
	if err != nil {
		return err
	}
	r.CatchupS, r.CatchupRounds, r.CatchupMB = secs, res.Rounds, float64(res.Bytes)/1e6
	c.logf("caught up %d entries in %.2f s (%d rounds, %.1f MB)", res.Entries, secs, res.Rounds, r.CatchupMB)
	if secs, err = latencyCatchUp(ctx, c, node, now, hubDir); err != nil {
		return err
	}
	r.CatchupLatencyS, r.LatencyMs = secs, float64(c.Latency)/float64(time.Millisecond)
	r.LatencyRatio = r.CatchupLatencyS / r.CatchupS
	c.logf("with %s latency: %.2f s (%.2f×)", c.Latency, secs, r.LatencyRatio)
	return nil
}

// buildHub writes w's entries into a hub's files in dir, as deltas.
func buildHub(ctx context.Context, w *demo.World, now int64, dir string, per int, r *BenchReport) error {
	hub, err := NewTCPPeer(w.Node, now, benchOpts(false), dir)
	if err != nil {
		return err
	}
	defer hub.Close()
	ds := Deltas(w.Entries, per)
	r.CatchupEntries, r.CatchupDeltas = len(w.Entries), len(ds)
	if err := writeDeltas(ctx, hub, ds); err != nil {
		return err
	}
	return WaitFor(ctx, time.Minute, func() bool { return hub.Stats().Entries == len(w.Entries) })
}

// tcpCatchUp serves the hub's files on loopback TCP and times a fresh
// replica's catch-up.
func tcpCatchUp(ctx context.Context, c BenchConfig, node ids.Hash, now int64, hubDir string) (replica.CatchUpResult, float64, error) {
	hub, err := NewTCPPeer(node, now, benchOpts(false), hubDir)
	if err != nil {
		return replica.CatchUpResult{}, 0, err
	}
	defer hub.Close()
	fresh, err := NewTCPPeer(node, now, benchOpts(false), filepath.Join(c.Dir, "fresh"))
	if err != nil {
		return replica.CatchUpResult{}, 0, err
	}
	defer fresh.Close()
	return timeCatchUp(ctx, fresh, hub)
}

// latencyCatchUp serves the hub's files on a mocknet host and times a
// fresh replica's catch-up across a link with c.Latency.
func latencyCatchUp(ctx context.Context, c BenchConfig, node ids.Hash, now int64, hubDir string) (float64, error) {
	mn := mocknet.New()
	defer mn.Close()
	mn.SetLinkDefaults(mocknet.LinkOptions{Latency: c.Latency})
	var hs [2]host.Host
	for i := range hs {
		var err error
		if hs[i], err = mn.GenPeer(); err != nil {
			return 0, err
		}
	}
	hub, err := NewPeer(hs[0], node, now, benchOpts(false), hubDir)
	if err != nil {
		return 0, err
	}
	defer hub.Close()
	fresh, err := NewPeer(hs[1], node, now, benchOpts(false), filepath.Join(c.Dir, "fresh-latency"))
	if err != nil {
		return 0, err
	}
	defer fresh.Close()
	if err := mn.LinkAll(); err != nil {
		return 0, err
	}
	_, secs, err := timeCatchUp(ctx, fresh, hub)
	return secs, err
}

// timeCatchUp connects fresh to hub and times a catch-up until fresh's
// state hash equals the hub's.
func timeCatchUp(ctx context.Context, fresh, hub *Peer) (replica.CatchUpResult, float64, error) {
	if err := fresh.H.Connect(ctx, peer.AddrInfo{ID: hub.H.ID(), Addrs: hub.H.Addrs()}); err != nil {
		return replica.CatchUpResult{}, 0, err
	}
	want := hub.Stats().StateHash
	t0 := time.Now()
	res, err := fresh.R.CatchUp(ctx, hub.H.ID(), nil)
	if err != nil {
		return res, 0, err
	}
	if err := WaitFor(ctx, time.Minute, func() bool { return fresh.Stats().StateHash == want }); err != nil {
		return res, 0, fmt.Errorf("catch-up did not reach the hub's state: %w", err)
	}
	return res, time.Since(t0).Seconds(), nil
}

func benchStock(ctx context.Context, c BenchConfig, r *BenchReport) error {
	w, err := demo.Generate(demo.Config{Members: 60, Days: 120, Seed: 2})
	if err != nil {
		return err
	}
	ds := Deltas(w.Entries, c.PerDelta)
	ds = ds[:min(c.StockDeltas, len(ds))]
	n := 0
	for _, d := range ds {
		n += len(d)
	}
	r.StockDeltas, r.StockEntries = len(ds), n
	c.logf("stock go-ds-crdt + bitswap on %d deltas (%d entries)…", len(ds), n)
	now := w.Entries[len(w.Entries)-1].Time + 1
	for _, fast := range []bool{false, true} {
		secs, err := stockRun(ctx, c, w.Node, now, ds, fast)
		if err != nil {
			return err
		}
		if fast {
			r.StockFastS = secs
		} else {
			r.StockS = secs
		}
	}
	r.StockSpeedup = r.StockS / r.StockFastS
	c.logf("stock: %.2f s; catch-up protocol: %.2f s (%.0f×)", r.StockS, r.StockFastS, r.StockSpeedup)
	return nil
}

// stockRun times a fresh peer getting ds from a hub over loopback, either
// by the catch-up protocol (fast) or by go-ds-crdt's own walk over
// bitswap, one round trip per delta.
func stockRun(ctx context.Context, c BenchConfig, node [32]byte, now int64, ds [][]*entry.Signed, fast bool) (float64, error) {
	dir := filepath.Join(c.Dir, fmt.Sprintf("stock-%t", fast))
	o := benchOpts(false)
	o.FastCatchUp = fast
	hub, err := NewTCPPeer(node, now, o, filepath.Join(dir, "hub"))
	if err != nil {
		return 0, err
	}
	defer hub.Close()
	if err := writeDeltas(ctx, hub, ds); err != nil {
		return 0, err
	}
	fresh, err := NewTCPPeer(node, now, o, filepath.Join(dir, "fresh"))
	if err != nil {
		return 0, err
	}
	defer fresh.Close()
	if fast {
		_, secs, err := timeCatchUp(ctx, fresh, hub)
		return secs, err
	}
	want := hub.Stats().StateHash
	if err := fresh.H.Connect(ctx, peer.AddrInfo{ID: hub.H.ID(), Addrs: hub.H.Addrs()}); err != nil {
		return 0, err
	}
	heads, err := fresh.R.PeerHeads(ctx, hub.H.ID())
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	fresh.R.Merge(heads) // go-ds-crdt walks the DAG through bitswap
	if err := WaitFor(ctx, 10*time.Minute, func() bool { return fresh.Stats().StateHash == want }); err != nil {
		return 0, fmt.Errorf("stock sync did not finish: %w", err)
	}
	return time.Since(t0).Seconds(), nil
}

func benchMerge(ctx context.Context, c BenchConfig, r *BenchReport) error {
	w, err := demo.Generate(demo.Config{Members: 200, Days: 60, Seed: 3})
	if err != nil {
		return err
	}
	now := w.Entries[len(w.Entries)-1].Time + 1
	n := len(w.Entries)
	tail := w.Entries[max(0, n-2*c.MergeEach):]
	base := w.Entries[:n-len(tail)]
	a, b := splitByAuthor(tail)
	r.MergeEntries = len(tail)
	c.logf("two neighbours, %d and %d entries apart, on a shared history of %d…", len(a), len(b), len(base))
	mn, ps, err := Mesh(2, w.Node, now, benchOpts(true), filepath.Join(c.Dir, "merge"), mocknet.LinkOptions{})
	if err != nil {
		return err
	}
	defer mn.Close()
	defer CloseAll(ps)
	for _, p := range ps {
		if err := writeDeltas(ctx, p, Deltas(base, 64)); err != nil {
			return err
		}
	}
	if err := writeDeltas(ctx, ps[0], Deltas(a, c.PerDelta)); err != nil {
		return err
	}
	if err := writeDeltas(ctx, ps[1], Deltas(b, c.PerDelta)); err != nil {
		return err
	}
	t0 := time.Now()
	if _, err := mn.ConnectPeers(ps[0].H.ID(), ps[1].H.ID()); err != nil {
		return err
	}
	if err := WaitFor(ctx, 2*time.Minute, func() bool { return SameState(ps) && ps[0].Stats().Entries == n }); err != nil {
		return fmt.Errorf("neighbours did not merge: %w", err)
	}
	r.MergeS = time.Since(t0).Seconds()
	c.logf("merged in %.2f s", r.MergeS)
	return nil
}

// splitByAuthor deals es to two devices by author.
func splitByAuthor(es []*entry.Signed) (a, b []*entry.Signed) {
	for _, e := range es {
		if e.Author[0]%2 == 0 {
			a = append(a, e)
		} else {
			b = append(b, e)
		}
	}
	return a, b
}

func benchMesh(ctx context.Context, c BenchConfig, r *BenchReport) error {
	w, err := demo.Generate(demo.Config{Members: 120, Days: 40, Seed: 4})
	if err != nil {
		return err
	}
	now := w.Entries[len(w.Entries)-1].Time + 1
	n := len(w.Entries)
	tail := w.Entries[max(0, n-2*c.MeshEach):]
	base := w.Entries[:n-len(tail)]
	r.MeshPeers = c.MeshPeers
	c.logf("%d peers, partitioned in two halves writing %d entries…", c.MeshPeers, len(tail))
	mn, ps, err := Mesh(c.MeshPeers, w.Node, now, benchOpts(true), filepath.Join(c.Dir, "mesh"), mocknet.LinkOptions{})
	if err != nil {
		return err
	}
	defer mn.Close()
	defer CloseAll(ps)
	for _, p := range ps {
		if err := writeDeltas(ctx, p, Deltas(base, 256)); err != nil {
			return err
		}
	}
	half := len(ps) / 2
	a, b := splitByAuthor(tail)
	rng := rand.New(rand.NewPCG(4, 4))
	if err := writeSpread(ctx, ps[:half], a, c.PerDelta, rng); err != nil {
		return err
	}
	if err := writeSpread(ctx, ps[half:], b, c.PerDelta, rng); err != nil {
		return err
	}
	t0 := time.Now()
	if err := connectSparse(mn, ps, rng); err != nil {
		return err
	}
	last := time.Now()
	if err := WaitFor(ctx, 5*time.Minute, func() bool {
		if time.Since(last) > 2*time.Second {
			last = time.Now()
			c.logf("  %.0f s: %s", time.Since(t0).Seconds(), meshProgress(ps, n))
		}
		return SameState(ps) && ps[0].Stats().Entries == n
	}); err != nil {
		return fmt.Errorf("the mesh did not converge: %w", err)
	}
	r.MeshConvergeS = time.Since(t0).Seconds()
	c.logf("all %d peers equal after %.2f s", len(ps), r.MeshConvergeS)
	return nil
}

// writeSpread deals the deltas of es to random peers of one side.
func writeSpread(ctx context.Context, side []*Peer, es []*entry.Signed, per int, rng *rand.Rand) error {
	for _, d := range Deltas(es, per) {
		if err := side[rng.IntN(len(side))].R.Publish(ctx, Raws(d)); err != nil {
			return err
		}
	}
	return nil
}

// connectSparse connects each peer to a few random others (as on a LAN
// where not everyone sees everyone), and peer i to i+1 so the mesh is
// connected.
func connectSparse(mn mocknet.Mocknet, ps []*Peer, rng *rand.Rand) error {
	for i, p := range ps {
		targets := []int{(i + 1) % len(ps), rng.IntN(len(ps)), rng.IntN(len(ps))}
		for _, j := range targets {
			if j == i {
				continue
			}
			if _, err := mn.ConnectPeers(p.H.ID(), ps[j].H.ID()); err != nil {
				return err
			}
		}
	}
	return nil
}

// meshProgress says how many peers hold all n entries, and the fewest held.
func meshProgress(ps []*Peer, n int) string {
	full, least := 0, n
	for _, p := range ps {
		e := p.Stats().Entries
		if e == n {
			full++
		}
		least = min(least, e)
	}
	var cu, ce, in, pend int64
	for _, p := range ps {
		st := p.R.Stats()
		cu += st.CatchUps
		ce += st.CatchUpEntries
		in += st.EntriesIn
		pend += int64(p.Stats().Pending)
	}
	return fmt.Sprintf("%d of %d peers hold all %d entries; the fewest held is %d [catchups %d entries %d in %d pending %d]", full, len(ps), n, least, cu, ce, in, pend)
}
