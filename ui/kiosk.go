package ui

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/core/ids"
)

// DefaultIdle is how long a kiosk session lasts without use.
const DefaultIdle = 2 * time.Minute

// Kiosk is a shared terminal at a node office: a resident signs in with
// their own key for a session (home and wallet as on their own device, and
// the registration of new members), which ends when they sign out or after
// Idle without use. Signing out builds every screen afresh, so nothing of
// one resident stays on screen (or in the clipboard) for the next.
type Kiosk struct {
	w    fyne.Window
	b    KioskBackend
	o    Options
	idle time.Duration

	session *Shell // the signed-in resident's screens; nil when signed out
	out     *widget.Button
	who     ids.PubKey // the signed-in resident
	reg     *RegisterView
	extras  []kioskTab // the offices' counters (community.go), after Register
	last    time.Time  // last use seen
	print   uint64     // fingerprint of what the resident can change, at last
	signIn  *KioskSignIn

	applicant ids.PubKey // the registration in progress (a public key), kept across sessions
	online    Online
	stop      func()
	done      chan struct{}
}

// NewKiosk makes the kiosk of window w; idle <= 0 means DefaultIdle.
func NewKiosk(w fyne.Window, b KioskBackend, o Options, idle time.Duration) *Kiosk {
	if idle <= 0 {
		idle = DefaultIdle
	}
	s := NewShell(w, b, o) // fills in o's defaults
	return &Kiosk{w: w, b: b, o: s.o, idle: idle, done: make(chan struct{})}
}

// Start shows the sign-in screen, follows the record and watches for idleness.
func (k *Kiosk) Start() {
	events, stop := k.b.Subscribe()
	k.stop = stop
	go func() {
		for range events {
			k.o.Deliver(k.refresh)
		}
	}()
	k.showSignIn("")
	go k.watch()
}

// Close stops following events and the idle watch.
func (k *Kiosk) Close() {
	select {
	case <-k.done:
	default:
		close(k.done)
	}
	if k.stop != nil {
		k.stop()
	}
}

// watch checks every second whether the session has gone idle.
func (k *Kiosk) watch() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-k.done:
			return
		case <-t.C:
			k.o.Deliver(k.CheckIdle)
		}
	}
}

// CheckIdle notes any use since the last check (typing, focus, scrolling,
// switching views) and ends the session once it has gone unused for idle.
// Updates from the network change no fingerprint, so they keep no session alive.
func (k *Kiosk) CheckIdle() {
	if k.session == nil {
		return
	}
	now := k.o.Now()
	if p := fingerprint(k.w); p != k.print {
		k.print, k.last = p, now
		return
	}
	if now.Sub(k.last) >= k.idle {
		k.SignOut(k.idleNote())
	}
}

// idleNote says why a session ended on its own.
func (k *Kiosk) idleNote() string {
	return lang.L("The session ended after {{.N}} minute(s) without use.", args{"N": int(k.idle.Minutes())})
}

// touch counts as use (the kiosk's own buttons).
func (k *Kiosk) touch() { k.last = k.o.Now() }

// SignedIn starts the session of resident who (their key is in use).
func (k *Kiosk) SignedIn(who ids.PubKey) {
	k.who = who
	s := NewShell(k.w, k.b, k.o)
	s.unlocked = true
	s.online = k.online
	s.home, s.wallet = NewHomeScreen(s), NewWalletScreen(s)
	k.reg = NewRegisterView(k)
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Home"), theme.HomeIcon(), s.home.Content()),
		container.NewTabItemWithIcon(lang.L("Wallet"), theme.AccountIcon(), s.wallet.Content()),
		container.NewTabItemWithIcon(lang.L("Register"), theme.ContentAddIcon(), k.reg.Content()))
	k.extras = kioskTabs(k, s)
	for _, t := range k.extras {
		tabs.Append(t.item)
	}
	tabs.SetTabLocation(container.TabLocationBottom)
	tabs.OnSelected = func(*container.TabItem) { k.refresh() }
	s.main = tabs
	k.session = s
	k.out = widget.NewButtonWithIcon(lang.L("Sign out"), theme.LogoutIcon(), func() { k.SignOut("") })
	k.out.Importance = widget.HighImportance
	bar := container.NewBorder(nil, nil, nil, k.out,
		para(lang.L("Signed in: member {{.Key}}. The session ends after {{.N}} minute(s) without use.",
			args{"Key": who.Short(), "N": int(k.idle.Minutes())})))
	k.w.SetContent(container.NewBorder(container.NewPadded(bar), nil, nil, nil, tabs))
	k.refresh()
	k.print, k.last = fingerprint(k.w), k.o.Now()
}

// SignOut ends the session: the key is forgotten, the clipboard emptied and
// the sign-in screen built anew; note says why (empty: signed out by hand).
func (k *Kiosk) SignOut(note string) {
	k.b.Lock()
	k.session, k.reg, k.out, k.who, k.extras = nil, nil, nil, ids.PubKey{}, nil
	if app := fyne.CurrentApp(); app != nil {
		app.Clipboard().SetContent("")
	}
	k.showSignIn(note)
}

// refresh re-reads the session's selected tab.
func (k *Kiosk) refresh() {
	if k.session == nil {
		return
	}
	switch i := k.session.main.SelectedIndex(); {
	case i == 2:
		k.reg.Refresh()
		return
	case i > 2:
		k.extras[i-3].p.Refresh()
		return
	}
	k.session.Refresh()
}

func (k *Kiosk) showSignIn(note string) {
	k.signIn = NewKioskSignIn(k, note)
	k.w.SetContent(k.signIn.Content())
	k.w.Canvas().Focus(k.signIn.secret) // a QR reader in keyboard mode types the key code straight in
}

// fingerprint sums up what a person changes by using the screen: the text
// of inputs, selections, tabs, scroll positions and the focused object.
// Only a hash is kept (inputs may hold a secret).
func fingerprint(w fyne.Window) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%p|", w.Canvas().Focused())
	walkTree(w.Content(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			fmt.Fprintf(h, "e%s|", x.Text)
		case *widget.SelectEntry:
			fmt.Fprintf(h, "s%s|", x.Text)
		case *widget.Select:
			fmt.Fprintf(h, "S%s|", x.Selected)
		case *container.AppTabs:
			fmt.Fprintf(h, "t%d|", x.SelectedIndex())
		case *container.Scroll:
			fmt.Fprintf(h, "o%v|", x.Offset)
		case *widget.Button:
			fmt.Fprintf(h, "b%v|", x.Importance) // a switcher's selected view
		}
	})
	return h.Sum64()
}

// walkTree visits o and the visible objects under it through the containers
// the screens are made of (without widgets' renderers).
func walkTree(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walkTree(k, fn)
		}
	case *container.Scroll:
		walkTree(c.Content, fn)
	case *widget.Card:
		walkTree(c.Content, fn)
	case *container.AppTabs:
		if t := c.Selected(); t != nil {
			walkTree(t.Content, fn)
		}
	}
}

// goOnline starts networking in the background; failing is normal (offline
// first). The sessions started from then on show the network's state.
func (k *Kiosk) goOnline(net GoOnline) {
	on, err := net(context.Background())
	if err != nil {
		return
	}
	k.o.Deliver(func() { k.online = on })
}
