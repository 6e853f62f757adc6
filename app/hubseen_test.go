package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/app"
	"dac/core/ids"
	"dac/core/money"
)

// The offline cap counts only the payments no hub has seen: once a hub of
// the node holds them, they can no longer be double-spent unseen, and the
// member may pay again the same day. Payments seen by a peer that is not a
// hub still count.
func TestOfflineCapCountsWhatNoHubHasSeen(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	f, node, hubHost := foundedWithHub(t, mn, clk)
	other := open(t, t.TempDir(), opts{clock: clk})
	oID := mustIdentity(t, other)
	if _, err := f.Vouch(oID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Admit(oID.Public); err != nil {
		t.Fatal(err)
	}
	pay := func(units int64) error { _, err := f.Pay(oID.Public, units*money.Unit, ""); return err }
	if err := pay(1_500); err != nil {
		t.Fatal(err)
	}
	wantPlain(t, pay(600), "not yet seen by a hub")

	// A neighbour (not a hub) takes the payment: it still counts.
	of := goOnlineCheck(t, mn, f, nil, time.Hour)
	neighbour := open(t, t.TempDir(), opts{clock: clk})
	on := goOnline(t, mn, neighbour)
	syncWith(t, on, of.PairingCode())
	syncWith(t, of, on.PairingCode())
	if got := f.HubSeen(node); got != 0 {
		t.Fatalf("a neighbour counted as a hub: seen up to %d", got)
	}
	wantPlain(t, pay(600), "not yet seen by a hub")

	// The hub syncs: the founder's sync with it records what it holds.
	hub := open(t, t.TempDir(), opts{clock: clk})
	oh := goOnlineCheck(t, mn, hub, hubHost, time.Hour)
	syncWith(t, oh, of.PairingCode())
	syncWith(t, of, oh.PairingCode())
	if got := f.HubSeen(node); got == 0 {
		t.Fatal("the hub holds the founder's chain, but it is not recorded")
	}
	if err := pay(1_500); err != nil {
		t.Fatalf("after the hub saw the first payment: %v", err)
	}
	wantPlain(t, pay(600), "not yet seen by a hub") // the new one is not seen yet
}

// While online, the device asks its hubs by itself.
func TestOnlineDeviceAsksItsHubs(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	f, node, hubHost := foundedWithHub(t, mn, clk)
	hub := open(t, t.TempDir(), opts{clock: clk})
	oh := goOnlineCheck(t, mn, hub, hubHost, time.Hour)
	of := goOnlineCheck(t, mn, f, nil, 50*time.Millisecond)
	syncWith(t, oh, of.PairingCode())
	clk.Advance(time.Minute)
	e, err := f.Vouch(newPub(t))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for f.HubSeen(node) < e.Seq {
		if time.Now().After(deadline) {
			t.Fatalf("hub-seen %d after 15 s, want %d", f.HubSeen(node), e.Seq)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// goOnlineCheck is goOnline with a given host (nil: a new one) and hub check.
func goOnlineCheck(t *testing.T, mn mocknet.Mocknet, a *app.App, h host.Host, check time.Duration) *app.Online {
	t.Helper()
	if h == nil {
		var err error
		if h, err = mn.GenPeer(); err != nil {
			t.Fatal(err)
		}
	}
	if err := mn.LinkAll(); err != nil {
		t.Fatal(err)
	}
	o, err := a.GoOnline(context.Background(), app.NetConfig{Host: h, Replica: fastReplica(), HubCheck: check})
	if err != nil {
		t.Fatalf("GoOnline: %v", err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

// foundedWithHub founds a node whose charter names one hub, a mocknet host
// made for it (the hub's app goes online on that host later).
func foundedWithHub(t *testing.T, mn mocknet.Mocknet, clk *testClock) (*app.App, ids.Hash, host.Host) {
	t.Helper()
	hubHost, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	ch := sampleCharter(t)
	ch.Hubs = []string{codeOf(t, hubHost)}
	f := open(t, t.TempDir(), opts{clock: clk})
	mustIdentity(t, f)
	node, err := f.CreateNode(ch)
	if err != nil {
		t.Fatal(err)
	}
	return f, node, hubHost
}
