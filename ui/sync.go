package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// bundleName is the file name offered when saving a bundle.
const bundleName = "dac-record.bundle"

// SyncScreen is this device on the network: whether it is online, its
// pairing code (text and QR), the devices it sees, syncing with a code, and
// carrying the record on a file (a bundle) where there is no network.
type SyncScreen struct {
	s        *Shell
	state    *widget.Label
	goOnline *widget.Button
	code     *widget.Label
	qr       *fyne.Container
	copy     *widget.Button
	peers    *widget.Label
	peer     *widget.Entry
	sync     *widget.Button
	stage    *widget.Label
	syncMsg  message
	export   *widget.Button
	imp      *widget.Button
	fileMsg  message
	shown    string // the pairing code the QR shows
	syncing  bool
	body     *fyne.Container   // the stacked parts: laid out again when the QR comes or goes
	content  *container.Scroll // the screen
	laid     fyne.Size         // body's minimum size when last laid out
}

// NewSyncScreen builds the screen.
func NewSyncScreen(s *Shell) *SyncScreen {
	y := &SyncScreen{s: s, state: para(""), code: widget.NewLabel(""), qr: container.NewCenter(),
		peers: para(""), peer: widget.NewMultiLineEntry(), stage: para(""), syncMsg: newMessage(), fileMsg: newMessage()}
	y.code.Wrapping = fyne.TextWrapBreak
	y.code.Selectable = true
	y.code.TextStyle = fyne.TextStyle{Monospace: true}
	y.stage.Hide()
	y.peer.Wrapping = fyne.TextWrapBreak
	y.peer.SetPlaceHolder(lang.L("paste the other device's pairing code"))
	y.goOnline = widget.NewButton(lang.L("Go online"), y.doGoOnline)
	y.copy = widget.NewButton(lang.L("Copy the pairing code"), func() { fyne.CurrentApp().Clipboard().SetContent(y.shown) })
	y.sync = primary(lang.L("Sync with this code"), y.doSync)
	y.export = widget.NewButton(lang.L("Save the record to a file…"), y.chooseExport)
	y.imp = widget.NewButton(lang.L("Open a record file…"), y.chooseImport)
	y.body = y.parts()
	y.content = container.NewVScroll(container.NewPadded(y.body))
	return y
}

// Content is the screen's widget tree.
func (y *SyncScreen) Content() fyne.CanvasObject { return y.content }

// parts stacks the screen's parts (what page does, keeping the box to lay
// out again).
func (y *SyncScreen) parts() *fyne.Container {
	return container.NewVBox(heading(lang.L("Sync")), y.state, y.goOnline,
		subheading(lang.L("This device's pairing code")),
		para(lang.L("Another device scans this code, or pastes it, to sync with this one.")),
		y.qr, y.code, y.copy,
		widget.NewSeparator(), subheading(lang.L("Devices connected")), y.peers,
		widget.NewSeparator(), subheading(lang.L("Sync with a code")),
		formField(lang.L("The other device's pairing code"), y.peer), y.sync, y.stage, y.syncMsg.Label,
		widget.NewSeparator(), subheading(lang.L("No network? Carry a file")),
		para(lang.L("Save the whole record to a file (a bundle), carry it to another device of the same node, "+
			"and open it there. Every entry is checked before anything is applied.")),
		y.export, y.imp, y.fileMsg.Label)
}

// Refresh re-reads the network's state, the pairing code and the peers.
func (y *SyncScreen) Refresh() {
	defer y.relayout()
	on := y.s.net()
	if on == nil {
		y.showOffline()
		return
	}
	y.goOnline.Hide()
	peers := on.Peers()
	y.state.SetText(onlineWords(peers))
	y.peers.SetText(peersWords(peers))
	if code := on.PairingCode(); code != y.shown {
		y.shown = code
		y.code.SetText(code)
		y.qr.Objects = []fyne.CanvasObject{qrCode(code)}
		y.qr.Refresh()
	}
	y.copy.Enable()
	y.peer.Enable()
	if !y.syncing {
		y.sync.Enable()
	}
}

// relayout lays the screen out again if parts changed their size (the QR
// came or went, a message or the go-online button showed or hid); the
// peers' ticker calls it every few seconds, so it does nothing otherwise.
func (y *SyncScreen) relayout() {
	if m := y.body.MinSize(); m != y.laid {
		y.laid = m
		y.body.Refresh()
		y.content.Refresh()
	}
}

// showOffline says the device is offline and disables the network parts.
func (y *SyncScreen) showOffline() {
	if y.s.o.Net == nil {
		y.state.SetText(lang.L("Offline: this device was started without networking. " +
			"You can still carry the record on a file, below."))
		y.goOnline.Hide()
	} else {
		y.state.SetText(lang.L("Offline: this device is not connected to anyone. " +
			"What you do is kept here and shared when you go online."))
		y.goOnline.Show()
	}
	if len(y.qr.Objects) > 0 {
		y.shown = ""
		y.qr.Objects = nil
		y.qr.Refresh()
	}
	y.code.SetText(lang.L("No pairing code while offline."))
	y.peers.SetText(lang.L("None: this device is offline."))
	y.copy.Disable()
	y.peer.Disable()
	y.sync.Disable()
}

func (y *SyncScreen) doGoOnline() {
	y.goOnline.Disable()
	y.syncMsg.clear()
	var err error
	y.s.o.Async(func() { _, err = y.s.GoOnline(context.Background()) }, func() {
		y.goOnline.Enable()
		if err != nil {
			y.syncMsg.fail(err)
		}
		y.Refresh()
		y.s.Refresh()
	})
}

func (y *SyncScreen) doSync() {
	code := strings.TrimSpace(y.peer.Text)
	if code == "" {
		y.syncMsg.fail(&app.UserError{Msg: lang.L("paste the other device's pairing code first")})
		y.relayout()
		return
	}
	if code == y.shown {
		y.syncMsg.fail(&app.UserError{Msg: lang.L("this is this device's own code: paste the other device's")})
		y.relayout()
		return
	}
	y.syncing = true
	y.sync.Disable()
	y.syncMsg.clear()
	y.setStage(stageWords(app.SyncProgress{Stage: "connecting"}))
	var rep app.SyncReport
	var err error
	y.s.o.Async(func() { rep, err = y.syncWith(code) }, func() {
		y.syncing = false
		y.sync.Enable()
		y.setStage("")
		if err != nil {
			y.syncMsg.fail(err)
		} else {
			y.syncMsg.ok(syncWords(rep))
		}
		y.Refresh()
		y.s.Refresh()
	})
}

// syncWith runs off the UI goroutine; progress comes back through Deliver.
func (y *SyncScreen) syncWith(code string) (app.SyncReport, error) {
	ctx, cancel := context.WithTimeout(context.Background(), joinTimeout)
	defer cancel()
	on, err := y.s.GoOnline(ctx)
	if err != nil {
		return app.SyncReport{}, err
	}
	return on.SyncWith(ctx, code, func(p app.SyncProgress) {
		y.s.o.Deliver(func() {
			if y.syncing {
				y.setStage(stageWords(p))
			}
		})
	})
}

// setStage shows where a sync is; empty hides the line.
func (y *SyncScreen) setStage(text string) {
	y.stage.SetText(text)
	if text == "" {
		y.stage.Hide()
	} else {
		y.stage.Show()
	}
	y.relayout()
}

func (y *SyncScreen) chooseExport() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			y.fileMsg.fail(err)
			return
		}
		if wc == nil {
			return // cancelled
		}
		path := wc.URI().Path()
		wc.Close()
		y.ExportTo(path)
	}, y.s.w)
	d.SetFileName(bundleName)
	d.Show()
}

func (y *SyncScreen) chooseImport() {
	dialog.ShowFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			y.fileMsg.fail(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		y.ImportFrom(path)
	}, y.s.w)
}

// ExportTo saves the whole record to path as a bundle (what the save
// dialog calls).
func (y *SyncScreen) ExportTo(path string) {
	y.export.Disable()
	y.fileMsg.clear()
	var x app.BundleExport
	var err error
	y.s.o.Async(func() { x, err = y.s.b.ExportBundle(path, 0) }, func() {
		y.export.Enable()
		if err != nil {
			y.fileMsg.fail(err)
			y.relayout()
			return
		}
		y.fileMsg.ok(lang.L("Saved {{.Entries}} to {{.File}}. Open that file on the other device.",
			args{"Entries": count(x.Entries, lang.L("entry"), lang.L("entries")), "File": filepath.Base(path)}))
		y.relayout()
	})
}

// ImportFrom checks and applies the bundle at path (what the open dialog
// calls).
func (y *SyncScreen) ImportFrom(path string) {
	y.imp.Disable()
	y.fileMsg.clear()
	var got app.Ingested
	var err error
	y.s.o.Async(func() { got, err = y.s.b.ImportBundle(path) }, func() {
		y.imp.Enable()
		if err != nil {
			y.fileMsg.fail(err)
		} else {
			y.fileMsg.ok(importWords(got))
		}
		y.Refresh()
		y.s.Refresh()
	})
}

// onlineWords says how connected this device is.
func onlineWords(peers []app.Peer) string {
	if len(peers) == 0 {
		return lang.L("Online, but no other device is connected yet. Share this device's code, or sync with another's.")
	}
	replicas := 0
	for _, p := range peers {
		if p.Replica {
			replicas++
		}
	}
	return lang.L("Online: {{.Devices}} connected, {{.N}} of them holding this node.",
		args{"Devices": count(len(peers), lang.L("device"), lang.L("devices")), "N": replicas})
}

// peersWords lists the connected devices, one a line.
func peersWords(peers []app.Peer) string {
	if len(peers) == 0 {
		return lang.L("None yet.")
	}
	var out []string
	for _, p := range peers {
		what := lang.L("connected, not holding this node")
		if p.Replica {
			what = lang.L("holds this node, syncing live")
		}
		out = append(out, fmt.Sprintf("%s · %s", shortPeer(p.ID), what))
	}
	return strings.Join(out, "\n")
}

// shortPeer shortens a peer id to what tells devices apart on screen.
func shortPeer(id string) string {
	if len(id) <= 14 {
		return id
	}
	return id[:4] + "…" + id[len(id)-8:]
}

// syncWords is a sync's report in plain words.
func syncWords(r app.SyncReport) string {
	var b strings.Builder
	if r.Joined {
		b.WriteString(lang.L("Joined node {{.Node}}.", args{"Node": r.Node.Short()}) + " ")
	}
	if r.Added == 0 {
		b.WriteString(lang.L("Nothing new"))
	} else {
		b.WriteString(count(r.Added, lang.L("new entry"), lang.L("new entries")))
	}
	if r.PeerHasOurs {
		b.WriteString(lang.L("; the peer holds everything this device holds."))
	} else {
		b.WriteString(lang.L("; the peer does not hold everything this device holds yet (it keeps fetching while you are both online)."))
	}
	b.WriteString(" " + lang.L("This device now holds {{.Entries}}.", args{"Entries": count(r.Entries, lang.L("entry"), lang.L("entries"))}))
	return b.String()
}

// importWords is a bundle import's outcome in plain words.
func importWords(x app.Ingested) string {
	parts := []string{lang.L("Opened the file: {{.Entries}}", args{"Entries": count(x.Added, lang.L("new entry"), lang.L("new entries"))}),
		lang.L("{{.N}} already here", args{"N": x.Duplicate})}
	if x.Pending > 0 {
		parts = append(parts, lang.L("{{.N}} waiting for earlier ones", args{"N": x.Pending}))
	}
	if bad := x.Invalid + x.Rejected; bad > 0 {
		parts = append(parts, lang.L("{{.N}} refused (invalid or against the rules)", args{"N": bad}))
	}
	return strings.Join(parts, ", ") + "."
}

// count is n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
