package replica_test

import (
	"context"
	"testing"
	"time"

	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/core/demo"
	"dac/sync/replica"
	"dac/sync/testnet"
)

// world is a small demo node: the entries honest devices write.
func world(t testing.TB, members, days int) *demo.World {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: members, Days: days, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func lastTime(w *demo.World) int64 { return w.Entries[len(w.Entries)-1].Time + 1 }

func testOpts() replica.Options {
	o := replica.DefaultOptions()
	o.BatchWindow = 20 * time.Millisecond
	o.Rebroadcast = time.Second
	return o
}

func mesh(t testing.TB, n int, w *demo.World, o replica.Options, lo mocknet.LinkOptions) (mocknet.Mocknet, []*testnet.Peer) {
	t.Helper()
	mn, ps, err := testnet.Mesh(n, w.Node, lastTime(w), o, t.TempDir(), lo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		testnet.CloseAll(ps)
		mn.Close()
	})
	return mn, ps
}

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	if err := testnet.WaitFor(context.Background(), d, cond); err != nil {
		t.Fatalf("timed out after %s waiting for %s", d, what)
	}
}

// TestCatchUpFreshReplica: a fresh replica fetches a history written as
// many small deltas with the catch-up protocol and ends with the writer's
// state hash; go-ds-crdt then walks the fetched DAG locally.
func TestCatchUpFreshReplica(t *testing.T) {
	w := world(t, 30, 10)
	o := testOpts()
	o.CatchUpOnJoin = false
	mn, ps := mesh(t, 2, w, o, mocknet.LinkOptions{})
	hub, fresh := ps[0], ps[1]
	if err := hub.Publish(context.Background(), w.Entries, 5); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "hub ingests its own entries", func() bool { return hub.Stats().Entries == len(w.Entries) })
	if _, err := mn.ConnectPeers(hub.H.ID(), fresh.H.ID()); err != nil {
		t.Fatal(err)
	}
	res, err := fresh.R.CatchUp(context.Background(), hub.H.ID(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Complete || res.Entries != len(w.Entries) {
		t.Fatalf("catch-up: %+v, want all %d entries", res, len(w.Entries))
	}
	if got, want := fresh.Stats().StateHash, hub.Stats().StateHash; got != want {
		t.Fatalf("state hash %s after catch-up, hub has %s", got.Short(), want.Short())
	}
	if err := fresh.R.WaitMerged(context.Background(), res.Heads); err != nil {
		t.Fatal(err)
	}
}
