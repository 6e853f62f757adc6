package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/libp2p/go-libp2p/core/peer"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/app"
)

func TestSyncScreenOffline(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabNode)
	r.s.node.Show(3)
	y := r.s.node.sync
	r.shows("Offline: this device was started without networking")
	r.shows("No pairing code while offline.")
	if !y.sync.Disabled() || !y.copy.Disabled() || !y.peer.Disabled() {
		t.Error("the network parts are enabled while offline")
	}
	if y.goOnline.Visible() {
		t.Error("offers to go online on a device without networking")
	}
	if y.export.Disabled() || y.imp.Disabled() {
		t.Error("bundles need no network, yet their buttons are disabled")
	}
}

// onMocknet gives r's shell a network: a fresh host on mn.
func onMocknet(t *testing.T, mn mocknet.Mocknet, r *rig) {
	t.Helper()
	h, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	r.s.o.Net = func(ctx context.Context) (Online, error) {
		return r.a.GoOnline(ctx, app.NetConfig{Host: h})
	}
}

// A device shows a pairing code that parses; a fresh device that syncs with
// it takes the node and every entry, and says so in words.
func TestSyncScreenSyncsWithACode(t *testing.T) {
	mn := mocknet.New()
	t.Cleanup(func() { mn.Close() })
	a := demoRig(t)
	onMocknet(t, mn, a)
	fresh := newRig(t, newBackend(t))
	onMocknet(t, mn, fresh)
	if err := mn.LinkAll(); err != nil {
		t.Fatal(err)
	}

	a.s.Tab(tabNode)
	a.s.node.Show(3)
	ya := a.s.node.sync
	a.shows("Offline: this device is not connected to anyone")
	test.Tap(ya.goOnline)
	a.shows("Online, but no other device is connected yet")
	code := ya.code.Text
	if code == "" || code != ya.shown || len(ya.qr.Objects) != 1 {
		t.Fatalf("pairing code %q (QR %d objects)", code, len(ya.qr.Objects))
	}
	for _, f := range strings.Fields(code) {
		if _, err := peer.AddrInfoFromString(f); err != nil {
			t.Errorf("the pairing code %q does not parse: %v", f, err)
		}
	}

	yb := NewSyncScreen(fresh.s)
	fresh.s.show(yb.Content())
	yb.Refresh()
	test.Tap(yb.goOnline)
	test.Type(yb.peer, code)
	test.Tap(yb.sync)
	want, err := a.a.Status()
	if err != nil {
		t.Fatal(err)
	}
	wantMsg := fmt.Sprintf("%d new entries; the peer holds everything this device holds.", want.Entries)
	if !strings.Contains(yb.syncMsg.Text, wantMsg) {
		t.Fatalf("sync report %q, want it to say %q", yb.syncMsg.Text, wantMsg)
	}
	plain(t, yb.syncMsg.Text)
	if got, err := fresh.a.Status(); err != nil || got.StateHash != want.StateHash {
		t.Errorf("the fresh device holds %+v (%v), the demo device %+v", got, err, want)
	}

	ya.Refresh()
	a.shows("1 device connected")
	a.shows("holds this node")
	// Online, with the QR and the code, the view still fits a phone.
	if min := a.w.Content().MinSize(); min.Width > sizes[phone].Width || min.Height > sizes[phone].Height {
		t.Errorf("the online Sync view needs %v, the phone is %v", min, sizes[phone])
	}
}

func TestSyncScreenSyncWithoutACode(t *testing.T) {
	mn := mocknet.New()
	t.Cleanup(func() { mn.Close() })
	r := demoRig(t)
	onMocknet(t, mn, r)
	r.s.Tab(tabNode)
	r.s.node.Show(3)
	y := r.s.node.sync
	test.Tap(y.goOnline)
	test.Tap(y.sync)
	r.shows("paste the other device's pairing code first")
	test.Type(y.peer, "not a code")
	test.Tap(y.sync)
	if y.syncMsg.Text == "" {
		t.Fatal("no message for a bad code")
	}
	plain(t, y.syncMsg.Text)
}

// Export a bundle from the demo device and open it on a fresh one.
func TestSyncScreenBundleRoundTrip(t *testing.T) {
	a := demoRig(t)
	a.s.Tab(tabNode)
	a.s.node.Show(3)
	path := filepath.Join(t.TempDir(), bundleName)
	a.s.node.sync.ExportTo(path)
	want, err := a.a.Status()
	if err != nil {
		t.Fatal(err)
	}
	if msg := a.s.node.sync.fileMsg.Text; !strings.Contains(msg, fmt.Sprintf("Saved %d entries to %s", want.Entries, bundleName)) {
		t.Fatalf("export says %q", msg)
	}

	fresh := newRig(t, newBackend(t))
	y := NewSyncScreen(fresh.s)
	fresh.s.show(y.Content())
	y.ImportFrom(path)
	if msg, w := y.fileMsg.Text, fmt.Sprintf("Opened the file: %d new entries, 0 already here.", want.Entries); msg != w {
		t.Fatalf("import says %q, want %q", msg, w)
	}
	if got, err := fresh.a.Status(); err != nil || got.StateHash != want.StateHash {
		t.Errorf("after the import %+v (%v), want %+v", got, err, want)
	}

	// Again: nothing new.
	y.ImportFrom(path)
	if msg := y.fileMsg.Text; !strings.Contains(msg, "0 new entries") {
		t.Errorf("second import says %q", msg)
	}
	y.ImportFrom(filepath.Join(t.TempDir(), "missing.bundle"))
	plain(t, y.fileMsg.Text)
}
