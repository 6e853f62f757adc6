package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/app"
	"dac/core/entry"
	"dac/core/money"
	"dac/sync/replica"
)

// Devices on a libp2p mocknet: real hosts, gossipsub, replicas and the
// catch-up protocol, over in-memory links.

func newNet(t *testing.T) mocknet.Mocknet {
	t.Helper()
	mn := mocknet.New()
	t.Cleanup(func() { mn.Close() })
	return mn
}

// fastReplica is the replica tuned for tests: short batches, frequent
// re-announcements.
func fastReplica() replica.Options {
	o := replica.DefaultOptions()
	o.BatchWindow = 20 * time.Millisecond
	o.Rebroadcast = time.Second
	return o
}

// goOnline puts a on mn with a fresh host linked to every other one; it goes
// offline at the end of the test (before the app closes).
func goOnline(t *testing.T, mn mocknet.Mocknet, a *app.App) *app.Online {
	t.Helper()
	h, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	if err := mn.LinkAll(); err != nil {
		t.Fatal(err)
	}
	o, err := a.GoOnline(context.Background(), app.NetConfig{Host: h, Replica: fastReplica()})
	if err != nil {
		t.Fatalf("GoOnline: %v", err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

// codeOf is the pairing code of a bare host: its addresses with /p2p/<id>.
func codeOf(t *testing.T, h host.Host) string {
	t.Helper()
	addrs, err := peer.AddrInfoToP2pAddrs(&peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()})
	if err != nil || len(addrs) == 0 {
		t.Fatalf("no addresses for %s: %v", h.ID(), err)
	}
	return addrs[0].String()
}

// syncWith syncs o with the device whose pairing code is code.
func syncWith(t *testing.T, o *app.Online, code string) (app.SyncReport, []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stages []string
	rep, err := o.SyncWith(ctx, code, func(p app.SyncProgress) { stages = append(stages, p.Stage) })
	if err != nil {
		t.Fatalf("SyncWith: %v", err)
	}
	return rep, stages
}

func status(t *testing.T, a *app.App) app.Status {
	t.Helper()
	s, err := a.Status()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitSame waits until a and b hold the same state.
func waitSame(t *testing.T, a, b *app.App, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		sa, sb := status(t, a), status(t, b)
		if sa.StateHash == sb.StateHash && sa.Entries == sb.Entries {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not converged after 15 s: %d entries (%s) and %d (%s)",
				what, sa.Entries, sa.StateHash.Short(), sb.Entries, sb.StateHash.Short())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitHeld waits until a's node holds every entry in es. A peer that
// holds our blocks (PeerHasOurs) applies them to its store as go-ds-crdt
// merges them, a moment later.
func waitHeld(t *testing.T, a *app.App, es ...*entry.Signed) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, e := range es {
		for {
			_, err := a.Entry(e.ID)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("entry %s (%s) is not on the peer after 10 s: %v", e.ID.Short(), e.Kind, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// A device with no node syncs from a device that founded one: it joins,
// takes every entry and reaches the same state; what the founder writes
// afterwards reaches it live.
func TestSyncWithJoinsThePeersNode(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	a, _, node, _ := founded(t, opts{clock: clk})
	for range 3 {
		clk.Advance(time.Minute)
		if _, err := a.Vouch(newPub(t)); err != nil {
			t.Fatal(err)
		}
	}
	oa := goOnline(t, mn, a)
	b := open(t, t.TempDir(), opts{clock: clk})
	ob := goOnline(t, mn, b)
	if _, err := b.Status(); err == nil {
		t.Fatal("the fresh device holds a node before syncing")
	}

	rep, stages := syncWith(t, ob, oa.PairingCode())
	want := status(t, a)
	if !rep.Joined || rep.Node != node || rep.Peer != oa.PeerID() {
		t.Errorf("report %+v: want joined node %s from %s", rep, node.Short(), oa.PeerID())
	}
	// Fetched and Added are not checked: the catch-up that the replica
	// starts when A joins its topic may fetch and add everything before
	// SyncWith's own one runs (a run of make test saw Added 0).
	if rep.Entries != want.Entries || rep.Added > want.Entries || rep.StateHash != want.StateHash {
		t.Errorf("report %+v: want all %d entries, state %s", rep, want.Entries, want.StateHash.Short())
	}
	if !rep.PeerHasOurs || rep.Seconds <= 0 {
		t.Errorf("report %+v: the peer should hold all of this device's (none of its own)", rep)
	}
	if got := status(t, b); got.Node != node || got.StateHash != want.StateHash || got.Entries != want.Entries || got.Name != want.Name {
		t.Errorf("B %+v, A %+v", got, want)
	}
	if strings.Join(stages, " ") == "" || stages[0] != "connecting" || !contains(stages, "joining") || stages[len(stages)-1] != "sending" {
		t.Errorf("progress stages %v: want connecting, joining, …, sending", stages)
	}
	if peers := ob.Peers(); len(peers) != 1 || peers[0].ID != oa.PeerID() || len(peers[0].Addrs) == 0 {
		t.Errorf("B's peers %+v, want A alone", peers)
	}

	// Connected and on the node's topic: A's next entry reaches B live.
	clk.Advance(time.Minute)
	if _, err := a.Vouch(newPub(t)); err != nil {
		t.Fatal(err)
	}
	waitSame(t, a, b, "A's vouch after the sync")

	// A second sync has nothing to do.
	again, _ := syncWith(t, ob, oa.PairingCode())
	if again.Joined || again.Added != 0 || again.StateHash != status(t, a).StateHash || !again.PeerHasOurs {
		t.Errorf("second sync %+v: want nothing new", again)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// An admitted device writes while offline; its next sync hands the entries
// to the peer, which holds them when SyncWith returns.
func TestSyncWithHandsOverOwnEntries(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	a, aID, _, _ := founded(t, opts{clock: clk})
	oa := goOnline(t, mn, a)
	b := open(t, t.TempDir(), opts{clock: clk})
	bID := mustIdentity(t, b)
	ob := goOnline(t, mn, b)
	syncWith(t, ob, oa.PairingCode())

	// A admits B; B takes its admission at the next sync and goes offline.
	clk.Advance(time.Minute)
	if _, err := a.Vouch(bID.Public); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if _, err := a.Admit(bID.Public); err != nil {
		t.Fatal(err)
	}
	syncWith(t, ob, oa.PairingCode())
	if s := status(t, b); s.Me == nil || !s.Me.Member {
		t.Fatalf("B after syncing its admission: %+v", s.Me)
	}
	if err := ob.Close(); err != nil {
		t.Fatalf("going offline: %v", err)
	}

	// Offline, B vouches and pays; A does not see it.
	clk.Advance(24 * time.Hour)
	vouch, err := b.Vouch(newPub(t))
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	pay, err := b.Pay(aID.Public, 5*money.Unit, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := a.Entry(vouch.ID); err == nil {
		t.Fatal("A holds B's vouch while B is offline")
	}

	// Back online (a new host: a new network address), one sync hands them over.
	ob = goOnline(t, mn, b)
	rep, _ := syncWith(t, ob, oa.PairingCode())
	if !rep.PeerHasOurs || rep.Joined {
		t.Fatalf("report %+v: want the peer to hold B's entries", rep)
	}
	waitHeld(t, a, vouch, pay)
	waitSame(t, a, b, "B's entries on A")
	if sb := status(t, b); rep.StateHash != sb.StateHash || rep.Entries != sb.Entries {
		t.Errorf("report %+v, B %+v", rep, sb)
	}
	// A claims the payment online; it reaches B without another sync.
	clk.Advance(time.Minute)
	got, err := a.ReceiveAll()
	if err != nil || len(got) != 1 {
		t.Fatalf("A.ReceiveAll: %d, %v", len(got), err)
	}
	waitSame(t, a, b, "A's receive")
}

// Sync errors read as plain sentences.
func TestSyncWithErrorsArePlain(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	a, _, _, _ := founded(t, opts{clock: clk})
	oa := goOnline(t, mn, a)
	clk.Advance(time.Second)
	c, _, _, _ := founded(t, opts{clock: clk}) // founds another node
	oc := goOnline(t, mn, c)
	b := open(t, t.TempDir(), opts{clock: clk})
	ob := goOnline(t, mn, b)

	// A host that is nowhere linked, and one that is but runs no DAC.
	lone, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	bID, err := peer.Decode(ob.PeerID())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mn.LinkPeers(bID, stranger.ID()); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name, code, want string
	}{
		{"empty", "  ", "not a pairing code: it is empty"},
		{"words", "hello there", `"hello" is not an address like /ip4/`},
		{"no peer id", "/ip4/192.168.1.20/tcp/4001", "must end in /p2p/<peer id>"},
		{"peer id alone", "/p2p/" + oa.PeerID(), "a peer id alone cannot be reached"},
		{"two peers", oa.PairingCode() + " " + oc.PairingCode(), "name 2 different peers"},
		{"unreachable", codeOf(t, lone), "the peer is unreachable"},
		{"not a DAC device", codeOf(t, stranger), "the peer does not answer as a DAC device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ob.SyncWith(ctx, tc.code, nil)
			wantPlain(t, err, tc.want)
			wantSentence(t, app.Message(err))
		})
	}
	if _, err := b.Status(); err == nil {
		t.Error("failed syncs left B holding a node")
	}

	// C holds another node than A: refused, both named, nothing changes.
	before := status(t, c)
	_, err = oc.SyncWith(ctx, oa.PairingCode(), nil)
	wantPlain(t, err, "the peer holds node "+status(t, a).Node.Short()+", this device holds node "+before.Node.Short())
	wantSentence(t, app.Message(err))
	if after := status(t, c); after.StateHash != before.StateHash || after.Entries != before.Entries {
		t.Errorf("a refused sync changed C: %+v -> %+v", before, after)
	}
}

// wantSentence checks that msg reads as one line for people, not a Go error dump.
func wantSentence(t *testing.T, msg string) {
	t.Helper()
	if strings.ContainsAny(msg, "\n\t") || len(msg) > 300 || msg == "" {
		t.Errorf("message %q is not one short line", msg)
	}
	for _, noise := range []string{"&{", "0x", "[]", "map[", "context deadline exceeded"} {
		if strings.Contains(msg, noise) {
			t.Errorf("message %q contains %q", msg, noise)
		}
	}
}

// Entries imported from a bundle while offline go to the network once the
// device is online: a peer that never saw the bundle ends up with them.
func TestBundleImportedOfflineReachesPeers(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	a, _, node, _ := founded(t, opts{clock: clk})
	var written []*entry.Signed
	for range 4 {
		clk.Advance(time.Minute)
		e, err := a.Vouch(newPub(t))
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, e)
	}
	file := filepath.Join(t.TempDir(), "node.car")
	if _, err := a.ExportBundle(file, 0); err != nil {
		t.Fatal(err)
	}
	want := status(t, a)

	// B, offline, imports the bundle; C has joined the node but holds nothing.
	b := open(t, t.TempDir(), opts{clock: clk})
	if got, err := b.ImportBundle(file); err != nil || got.Added != want.Entries {
		t.Fatalf("ImportBundle: %+v, %v", got, err)
	}
	c := open(t, t.TempDir(), opts{clock: clk})
	if err := c.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	oc := goOnline(t, mn, c)
	ob := goOnline(t, mn, b)

	rep, _ := syncWith(t, ob, oc.PairingCode())
	if rep.Joined || rep.Added != 0 || !rep.PeerHasOurs {
		t.Errorf("report %+v: want B to hand its entries to C", rep)
	}
	waitSame(t, b, c, "the bundle's entries on C")
	if got := status(t, c); got.StateHash != want.StateHash || got.Entries != want.Entries {
		t.Errorf("C %+v, want the founder's %+v", got, want)
	}
	waitHeld(t, c, written...)
}
