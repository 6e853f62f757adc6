package p2p_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"dac/sync/p2p"
)

// clock is a fixed time the tests advance by hand.
type clock struct{ t time.Time }

func start() *clock                      { return &clock{t: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// newGater is the default gater on clock c.
func newGater(c *clock) *p2p.Gater {
	g := p2p.NewGater()
	g.Now = c.Now
	return g
}

func newID(t *testing.T) peer.ID {
	t.Helper()
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id, err := peer.IDFromPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Three strikes within ten minutes ban a peer for an hour; then it is let
// back in.
func TestGaterBansAtTheLimitUntilTheBanEnds(t *testing.T) {
	c := start()
	g := newGater(c)
	p, other := newID(t), newID(t)
	for i := range 2 {
		g.Strike(p)
		c.Advance(4 * time.Minute)
		if g.Banned(p) {
			t.Fatalf("banned after %d strikes", i+1)
		}
	}
	g.Strike(p)
	if !g.Banned(p) || g.InterceptPeerDial(p) || g.InterceptAddrDial(p, nil) || g.InterceptSecured(network.DirInbound, p, nil) {
		t.Fatal("not refused after 3 strikes within 10 minutes")
	}
	if g.Banned(other) || !g.InterceptPeerDial(other) {
		t.Error("another peer is refused too")
	}
	c.Advance(time.Hour - time.Second)
	if !g.Banned(p) {
		t.Fatal("the ban ended early")
	}
	c.Advance(time.Second)
	if g.Banned(p) || !g.InterceptPeerDial(p) {
		t.Fatal("still refused after the hour")
	}
	// The strikes before the ban do not count again.
	g.Strike(p)
	if g.Banned(p) {
		t.Error("banned again by a single strike after the ban")
	}
}

func TestGaterForgetsOldStrikes(t *testing.T) {
	c := start()
	g := newGater(c)
	p := newID(t)
	for range 5 {
		g.Strike(p)
		c.Advance(6 * time.Minute) // at most two strikes in any ten minutes
	}
	if g.Banned(p) {
		t.Error("banned for strikes spread over 30 minutes")
	}
}

// A banned peer is disconnected and not dialled again until the ban ends.
func TestGaterDisconnectsABannedPeer(t *testing.T) {
	c := start()
	g := newGater(c)
	a := newHost(t, p2p.Config{Gater: g})
	b := newHost(t, p2p.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info := peer.AddrInfo{ID: b.ID(), Addrs: b.Addrs()}
	if err := a.Connect(ctx, info); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		g.Strike(b.ID())
	}
	if a.Network().Connectedness(b.ID()) == network.Connected {
		t.Error("still connected to a banned peer")
	}
	if err := a.Connect(ctx, info); err == nil {
		t.Error("dialled a banned peer")
	}
	c.Advance(time.Hour)
	if err := a.Connect(ctx, info); err != nil {
		t.Errorf("the ban is over, yet: %v", err)
	}
}
