package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/demo"
	"dac/core/identity"
)

// fastKDF keeps identity tests quick; the format and the crypto are the real ones.
var fastKDF = identity.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

// testNow is the fixed "today" of every test, so renders are stable.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// smallDemo builds in well under a second and has the demo resident.
var smallDemo = demo.Config{Members: 12, Days: 5, Seed: 1}

const (
	pass  = "correct horse battery"
	phone = 0 // index into sizes
)

var sizes = []fyne.Size{fyne.NewSize(360, 740), fyne.NewSize(1280, 800)}

// newBackend is a started app on a fresh directory with a fixed clock.
func newBackend(t *testing.T) *app.App {
	t.Helper()
	return newBackendAt(t, func() time.Time { return testNow })
}

// newBackendAt is newBackend on a clock of the test's.
func newBackendAt(t *testing.T, clock func() time.Time) *app.App {
	t.Helper()
	a, err := app.New(app.Deps{DataDir: t.TempDir(), KDF: fastKDF, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// rig is a headless window showing a shell over a real app.
type rig struct {
	t *testing.T
	a *app.App
	s *Shell
	w fyne.Window
}

// newRig starts the shell at phone size. Work runs inline; the third,
// ninth and seventeenth words are the ones to re-type.
func newRig(t *testing.T, a *app.App) *rig {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(sizes[phone])
	picks := []int{2, 8, 16}
	s := NewShell(w, a, Options{
		Async:   func(work, then func()) { work(); then() },
		Deliver: func(func()) {},
		Rand:    func(int) int { p := picks[0]; picks = append(picks[1:], p); return p },
		Now:     func() time.Time { return testNow },
		Demo:    smallDemo,
	})
	s.Start()
	t.Cleanup(func() { s.Close(); w.Close() })
	return &rig{t: t, a: a, s: s, w: w}
}

// demoRig is a rig that went through "Explore the demo node" as a new
// device: it acts as the demo resident, unlocked, on the main tabs.
func demoRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, newBackend(t))
	d := NewDemoScreen(r.s)
	r.s.show(d.Content())
	test.Type(d.pass.pass, pass)
	test.Type(d.pass.again, pass)
	test.Tap(d.open)
	if r.s.main == nil {
		t.Fatalf("the demo did not open the main screens; message %q", d.msg.Text)
	}
	return r
}

// texts is every label and entry text under o, joined by newlines.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Card:
			b.WriteString("# " + w.Title + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		}
	})
	return b.String()
}

// walk visits o and everything under it, including widgets' rendered parts.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walk(k, fn)
		}
	case fyne.Widget:
		if _, isLabel := c.(*widget.Label); isLabel {
			return
		}
		for _, k := range test.WidgetRenderer(c).Objects() {
			walk(k, fn)
		}
	}
}

// shows fails unless the window shows want somewhere.
func (r *rig) shows(want string) {
	r.t.Helper()
	if got := texts(r.w.Content()); !strings.Contains(got, want) {
		r.t.Fatalf("the window does not show %q; it shows:\n%s", want, got)
	}
}

// plain fails if msg reads like a Go error rather than words for people.
func plain(t *testing.T, msg string) {
	t.Helper()
	for _, noise := range []string{"%!", "<nil>", "goroutine", "panic", "*errors.", ": open ", "0x"} {
		if strings.Contains(msg, noise) {
			t.Errorf("message %q contains %q", msg, noise)
		}
	}
}
