package replica_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/core/demo"
	"dac/core/entry"
	"dac/sync/testnet"
)

var chaosSeed = flag.Uint64("chaos.seed", 0, "seed of TestMeshConvergesUnderChaos (0: a new one each run)")

// TestMeshConvergesUnderChaos: replicas on links of random latency publish
// a node's entries split among them, in an order that is causal for no
// author, some entries twice, while a seeded schedule cuts and restores
// links, splits the mesh in two and drops connections in the middle of
// transfers; a late replica is cut off again and again while it catches
// up. Once every link is back, every replica holds every entry and the
// state the entries give.
func TestMeshConvergesUnderChaos(t *testing.T) {
	seed := *chaosSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -chaos.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x_dac_c4a05))
	n, members, days := 10, 40, 20
	if testing.Short() {
		n, members, days = 5, 20, 10
	}
	w := world(t, members, days)
	mn, ps := mesh(t, n, w, testOpts(), mocknet.LinkOptions{})
	c := newChaos(t, mn, ps, rng)
	c.connectAll()

	late := ps[n-1] // publishes nothing, offline until the others are done
	c.isolate(n - 1)
	plans := planPublishing(rng, w.Entries, n-1)
	c.run(func() { publishAll(t, ps[:n-1], plans) })
	c.interruptCatchUp(n - 1)

	c.heal()
	start := time.Now()
	waitConverged(t, ps, w)
	healed := time.Since(start)
	waitMergedAll(t, ps)
	t.Logf("%d replicas, %d entries, %d faults; converged %s after the heal; late replica: %+v",
		n, len(w.Entries), c.faults, healed.Round(time.Millisecond), late.R.Stats())
}

// waitConverged waits until every replica holds exactly the world: its
// entries, nothing pending or invalid, its state hash.
func waitConverged(t *testing.T, ps []*testnet.Peer, w *demo.World) {
	t.Helper()
	want := w.State.Hash()
	err := testnet.WaitFor(context.Background(), 30*time.Second, func() bool {
		for _, p := range ps {
			st := p.Stats()
			if st.Entries != len(w.Entries) || st.Pending != 0 || st.Invalid != 0 || st.StateHash != want {
				return false
			}
		}
		return true
	})
	if err != nil {
		for i, p := range ps {
			st := p.Stats()
			t.Logf("peer %d: %d entries, %d pending, %d invalid, state %s; replica %+v",
				i, st.Entries, st.Pending, st.Invalid, st.StateHash.Short(), p.R.Stats())
		}
		t.Fatalf("replicas did not converge on the %d entries and state %s", len(w.Entries), want.Short())
	}
}

// waitMergedAll waits until every replica's go-ds-crdt has merged every
// replica's heads: the DAGs converged as well as the stores.
func waitMergedAll(t *testing.T, ps []*testnet.Peer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for i, p := range ps {
		for j, q := range ps {
			if err := p.R.WaitMerged(ctx, q.R.Heads()); err != nil {
				t.Fatalf("peer %d has not merged the heads of peer %d: %v", i, j, err)
			}
		}
	}
}

// publishPlan is what one replica publishes: batches of entries, in order,
// each after a pause.
type publishPlan struct {
	batches [][]*entry.Signed
	pauses  []time.Duration
}

// planPublishing splits es into small runs, gives each to one of n
// replicas (about one in six to a second replica too) and shuffles each
// replica's runs, so that no replica publishes in causal order.
func planPublishing(rng *rand.Rand, es []*entry.Signed, n int) []publishPlan {
	plans := make([]publishPlan, n)
	give := func(i int, b []*entry.Signed) {
		plans[i].batches = append(plans[i].batches, b)
		plans[i].pauses = append(plans[i].pauses, time.Duration(rng.IntN(40))*time.Millisecond)
	}
	for lo := 0; lo < len(es); {
		hi := min(lo+1+rng.IntN(8), len(es))
		i := rng.IntN(n)
		give(i, es[lo:hi])
		if rng.IntN(6) == 0 {
			give((i+1+rng.IntN(n-1))%n, es[lo:hi])
		}
		lo = hi
	}
	for _, p := range plans {
		rng.Shuffle(len(p.batches), func(a, b int) { p.batches[a], p.batches[b] = p.batches[b], p.batches[a] })
	}
	return plans
}

func publishAll(t *testing.T, ps []*testnet.Peer, plans []publishPlan) {
	var wg sync.WaitGroup
	for i, plan := range plans {
		wg.Go(func() {
			for k, b := range plan.batches {
				time.Sleep(plan.pauses[k])
				if err := ps[i].R.Publish(context.Background(), testnet.Raws(b)); err != nil {
					t.Errorf("peer %d publishes: %v", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// chaos is a seeded schedule of faults on a mocknet. Only one goroutine
// draws from rng, so a seed always gives the same sequence of faults
// (their timing against the traffic varies).
type chaos struct {
	t      *testing.T
	mn     mocknet.Mocknet
	ps     []*testnet.Peer
	rng    *rand.Rand
	linked [][]bool
	faults int
}

func newChaos(t *testing.T, mn mocknet.Mocknet, ps []*testnet.Peer, rng *rand.Rand) *chaos {
	c := &chaos{t: t, mn: mn, ps: ps, rng: rng, linked: make([][]bool, len(ps))}
	for i := range ps {
		c.linked[i] = make([]bool, len(ps))
		for j := range ps {
			c.linked[i][j] = i != j // testnet.Mesh links everyone
			if i < j {
				c.setLatency(i, j)
			}
		}
	}
	return c
}

// setLatency gives the link i–j a new latency: 1 to 25 ms (jitter, when
// called again on a link carrying traffic).
func (c *chaos) setLatency(i, j int) {
	lat := time.Duration(1+c.rng.IntN(25)) * time.Millisecond
	for _, l := range c.mn.LinksBetweenPeers(c.ps[i].H.ID(), c.ps[j].H.ID()) {
		l.SetOptions(mocknet.LinkOptions{Latency: lat})
	}
}

func (c *chaos) id(i int) string { return fmt.Sprintf("peer %d", i) }

func (c *chaos) link(i, j int) {
	if c.linked[i][j] {
		return
	}
	if _, err := c.mn.LinkPeers(c.ps[i].H.ID(), c.ps[j].H.ID()); err != nil {
		c.t.Fatalf("link %s–%s: %v", c.id(i), c.id(j), err)
	}
	c.linked[i][j], c.linked[j][i] = true, true
	c.setLatency(i, j)
}

func (c *chaos) unlink(i, j int) {
	if !c.linked[i][j] {
		return
	}
	if err := c.mn.UnlinkPeers(c.ps[i].H.ID(), c.ps[j].H.ID()); err != nil {
		c.t.Fatalf("unlink %s–%s: %v", c.id(i), c.id(j), err)
	}
	c.linked[i][j], c.linked[j][i] = false, false
	c.drop(i, j)
}

// connect dials i–j if they are linked and not connected.
func (c *chaos) connect(i, j int) {
	a, b := c.ps[i].H.ID(), c.ps[j].H.ID()
	if !c.linked[i][j] || c.ps[i].H.Network().Connectedness(b) == network.Connected {
		return
	}
	if _, err := c.mn.ConnectPeers(a, b); err != nil {
		c.t.Fatalf("connect %s–%s: %v", c.id(i), c.id(j), err)
	}
}

// drop closes the connections i–j, whatever they are carrying.
func (c *chaos) drop(i, j int) {
	_ = c.mn.DisconnectPeers(c.ps[i].H.ID(), c.ps[j].H.ID())
}

func (c *chaos) connectAll() {
	for i := range c.ps {
		for j := i + 1; j < len(c.ps); j++ {
			c.connect(i, j)
		}
	}
}

func (c *chaos) isolate(i int) {
	for j := range c.ps {
		if j != i {
			c.unlink(i, j)
		}
	}
}

// heal links and connects everyone.
func (c *chaos) heal() {
	for i := range c.ps {
		for j := i + 1; j < len(c.ps); j++ {
			c.link(i, j)
		}
	}
	c.connectAll()
}

// run applies faults every 10 to 60 ms while work runs, late replica
// excluded (it stays isolated), then a few more.
func (c *chaos) run(work func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	n := len(c.ps) - 1
	for extra := 10; extra > 0; {
		select {
		case <-done:
			extra--
		default:
		}
		c.fault(n)
		time.Sleep(time.Duration(10+c.rng.IntN(50)) * time.Millisecond)
	}
	<-done
}

// fault applies one random fault among the first n replicas.
func (c *chaos) fault(n int) {
	c.faults++
	i, j := c.rng.IntN(n), c.rng.IntN(n)
	if i == j {
		j = (i + 1) % n
	}
	switch k := c.rng.IntN(10); {
	case k < 3: // a link goes down
		c.unlink(i, j)
	case k < 6: // a link comes back
		c.link(i, j)
		c.connect(i, j)
	case k < 8: // a connection drops in the middle of whatever it carries; a redial later
		c.drop(i, j)
	case k < 9:
		c.setLatency(i, j)
		c.connect(i, j)
	default:
		c.partition(n)
	}
}

// partition splits the first n replicas in two: every link across is cut,
// every link within each side comes back.
func (c *chaos) partition(n int) {
	side := make([]bool, n)
	for i := range side {
		side[i] = c.rng.IntN(2) == 0
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if side[i] != side[j] {
				c.unlink(i, j)
			} else {
				c.link(i, j)
				c.connect(i, j)
			}
		}
	}
}

// interruptCatchUp links the late replica to one peer at a time and drops
// the connection 5 to 80 ms later, in the middle of its catch-up.
func (c *chaos) interruptCatchUp(late int) {
	for range 4 {
		j := c.rng.IntN(late)
		c.link(late, j)
		c.connect(late, j)
		time.Sleep(time.Duration(5+c.rng.IntN(75)) * time.Millisecond)
		c.unlink(late, j)
		c.faults++
	}
}
