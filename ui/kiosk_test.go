package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/demo"
)

// kioskRig is a headless kiosk over a real app holding the small demo node
// and no keystore, with a clock the test moves.
type kioskRig struct {
	*rig
	k   *Kiosk
	now time.Time
}

func newKioskRig(t *testing.T) *kioskRig { return newKioskRigOn(t, smallDemo) }

// newKioskRigOn is a kiosk on the demo cfg (its seed must be smallDemo's).
func newKioskRigOn(t *testing.T, cfg demo.Config) *kioskRig {
	t.Helper()
	a := newBackend(t)
	if _, err := a.BuildDemo(cfg, nil); err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(sizes[phone])
	r := &kioskRig{rig: &rig{t: t, a: a, w: w}, now: testNow}
	r.k = NewKiosk(w, a, Options{
		Async:   func(work, then func()) { work(); then() },
		Deliver: func(func()) {},
		Now:     func() time.Time { return r.now },
	}, DefaultIdle)
	r.k.Start()
	t.Cleanup(func() { r.k.Close(); w.Close() })
	return r
}

// signIn types resident i's recovery phrase on the sign-in screen.
func (r *kioskRig) signIn(i int) {
	r.t.Helper()
	phrase, err := app.DemoPhrase(smallDemo.Seed, i)
	if err != nil {
		r.t.Fatal(err)
	}
	v := r.k.signIn
	test.Type(v.secret, phrase)
	test.Tap(v.signIn)
	if r.k.session == nil {
		r.t.Fatalf("resident %d is not signed in: %q", i, v.msg.Text)
	}
}

// idle moves the clock on and lets the kiosk check.
func (r *kioskRig) idle(d time.Duration) {
	r.now = r.now.Add(d)
	r.k.CheckIdle()
}

// TestKioskSessionLeavesNothing: a resident signs in, pays someone, copies
// their key and walks away; after two minutes unused the kiosk is back at
// the sign-in screen and nothing of theirs is on it, in the clipboard or in
// use.
func TestKioskSessionLeavesNothing(t *testing.T) {
	r := newKioskRig(t)
	me := demo.Pub(demo.Key(smallDemo.Seed, app.DemoResident))
	r.signIn(app.DemoResident)
	r.shows("Signed in: member " + me.Short())
	if r.k.signIn.secret.Text != "" {
		t.Errorf("the recovery phrase stayed in the sign-in field")
	}

	r.k.session.main.SelectIndex(1)
	send := r.k.session.wallet.send
	to := demo.Pub(demo.Key(smallDemo.Seed, 0))
	test.Type(send.to, to.String())
	test.Type(send.amount, "1.25")
	test.Type(send.memo, "for the bread")
	r.idle(time.Minute) // typing was use
	test.Tap(send.send)
	r.shows("Sent 1.25 units to member " + to.Short())
	r.k.session.wallet.Show(1)
	test.Tap(r.k.session.wallet.receive.copy)
	if fyne.CurrentApp().Clipboard().Content() != me.String() {
		t.Fatalf("the copy button did not copy the key")
	}
	r.idle(time.Second) // switching views was use
	r.idle(DefaultIdle - 2*time.Second)
	if r.k.session == nil {
		t.Fatalf("the session ended before %v unused", DefaultIdle)
	}
	r.idle(2 * time.Second)
	if r.k.session != nil {
		t.Fatalf("the session is still open after %v unused", DefaultIdle)
	}

	r.shows("The session ended after 2 minute(s) without use.")
	r.shows("[Sign in]")
	shown := texts(r.w.Content())
	for _, theirs := range []string{me.Short(), me.String(), to.Short(), "for the bread", "1.25", "Signed in", "units"} {
		if strings.Contains(shown, theirs) {
			t.Errorf("after the session the screen still shows %q:\n%s", theirs, shown)
		}
	}
	if c := fyne.CurrentApp().Clipboard().Content(); c != "" {
		t.Errorf("the clipboard still holds %q", c)
	}
	if _, err := r.a.Whoami(); !errors.Is(err, app.ErrNoIdentity) {
		t.Errorf("a key is still in use after the session: %v", err)
	}
	// Updates from the record keep no session alive.
	r.signIn(app.DemoResident)
	r.now = r.now.Add(time.Minute)
	r.k.refresh()
	r.idle(DefaultIdle)
	if r.k.session != nil {
		t.Errorf("a refresh from the record kept the session alive")
	}
}

// TestKioskWrongSecret: a mistyped phrase or code gets plain words and no session.
func TestKioskWrongSecret(t *testing.T) {
	r := newKioskRig(t)
	for _, bad := range []string{"", "my cat's name", "dac-key:00ff", strings.Repeat("abandon ", 24)} {
		test.Type(r.k.signIn.secret, bad)
		test.Tap(r.k.signIn.signIn)
		if r.k.session != nil {
			t.Fatalf("signed in with %q", bad)
		}
		msg := r.k.signIn.msg.Text
		if msg == "" {
			t.Errorf("%q: no message", bad)
		}
		plain(t, msg)
	}
}

// TestKioskRegistersAMember: a newcomer gets a key at the kiosk; three
// members sign in one after the other and vouch for them; the registrar
// signs in and admits them; the newcomer can then sign in with their key
// code. The demo ends at the kiosk's now in its registrar office's first
// term, so the registrar is the member drawn and confirmed for it.
func TestKioskRegistersAMember(t *testing.T) {
	cfg := smallDemo
	cfg.Days = 15
	r := newKioskRigOn(t, demo.EndingBy(cfg, testNow.UnixMilli()))
	p, err := r.a.Registrars()
	if err != nil || p.Term != 1 || len(p.Holders) != 1 {
		t.Fatalf("registrars %+v, %v", p, err)
	}
	registrar := -1
	var vouchers []int
	for i := range cfg.Members {
		if demo.Pub(demo.Key(cfg.Seed, i)) == p.Holders[0] {
			registrar = i
		} else if len(vouchers) < 3 {
			vouchers = append(vouchers, i)
		}
	}
	test.Tap(r.k.signIn.newKey)
	r.shows("Your new key")
	applicant := r.k.signIn.pending
	var code string
	walk(r.w.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, app.KeyCodePrefix) {
			code = l.Text
		}
	})
	if code == "" {
		t.Fatalf("the key code is not shown")
	}
	tapButton(t, r.w, "I have written them down")
	r.shows("Registration started for applicant " + applicant.Short())

	for _, i := range vouchers {
		r.signIn(i)
		r.k.session.main.SelectIndex(2)
		if r.k.reg.applicant.Text != applicant.String() {
			t.Fatalf("the registration in progress is not offered: %q", r.k.reg.applicant.Text)
		}
		if r.k.reg.admit.Visible() {
			t.Errorf("member %d, not the registrar, is offered to admit", i)
		}
		r.shows("The registrar now: " + p.Holders[0].Short() + ".")
		test.Tap(r.k.reg.vouch)
		r.shows("You vouched for " + applicant.Short())
		test.Tap(r.k.out)
	}
	r.signIn(registrar)
	r.k.session.main.SelectIndex(2)
	r.shows("Applicant " + applicant.Short() + ": 3 of 3 vouches.")
	if !r.k.reg.admit.Visible() {
		t.Fatalf("the registrar is not offered to admit")
	}
	test.Tap(r.k.reg.admit)
	r.shows(applicant.Short() + " is now a member.")
	test.Tap(r.k.out)

	test.Type(r.k.signIn.secret, code)
	test.Tap(r.k.signIn.signIn)
	if r.k.who != applicant {
		t.Fatalf("the new member cannot sign in with their key code: %q", r.k.signIn.msg.Text)
	}
}

// tapButton taps the button labelled label in w.
func tapButton(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	var b *widget.Button
	walk(w.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == label {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q", label)
	}
	test.Tap(b)
}

// TestKioskFits: every kiosk screen fits a phone's and a desktop's width.
func TestKioskFits(t *testing.T) {
	r := newKioskRig(t)
	for _, size := range sizes {
		r.w.Resize(size)
		for _, sh := range kioskShots {
			if err := sh.show(r.k); err != nil {
				t.Fatalf("%s: %v", sh.name, err)
			}
			if min := r.w.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%v %s needs %v", size, sh.name, min)
			}
		}
	}
}

// TestKioskSignsInWithAScannedQRCode: a QR reader in keyboard mode types
// the key code into whatever has the focus and presses Enter; the sign-in
// field has the focus, so scanning the code the kiosk gave signs in.
func TestKioskSignsInWithAScannedQRCode(t *testing.T) {
	r := newKioskRig(t)
	phrase, _ := app.DemoPhrase(smallDemo.Seed, app.DemoResident)
	code, err := app.KeyCode(phrase)
	if err != nil {
		t.Fatal(err)
	}
	focused, ok := r.w.Canvas().Focused().(*widget.Entry)
	if !ok || focused != r.k.signIn.secret {
		t.Fatalf("the sign-in field does not have the focus: %T", r.w.Canvas().Focused())
	}
	test.Type(focused, code) // what the reader types goes to the focused field
	if focused.Text != code {
		t.Fatalf("the reader typed into something else: %q", focused.Text)
	}
	focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if r.k.session == nil {
		t.Fatalf("not signed in by the scanned code: %q", r.k.signIn.msg.Text)
	}
	r.shows("Signed in: member " + demo.Pub(demo.Key(smallDemo.Seed, app.DemoResident)).Short())
}

// TestKioskSaysWhenNoOneMayAdmit: on a demo whose calendar ended long
// before the kiosk's now, no registrar seat of the running term is
// confirmed; the register screen says so instead of offering to admit.
func TestKioskSaysWhenNoOneMayAdmit(t *testing.T) {
	r := newKioskRig(t)
	r.signIn(0) // the charter's registrar, whose time has passed
	r.k.session.main.SelectIndex(2)
	test.Type(r.k.reg.applicant, demo.Pub(demo.Key(77, 1)).String())
	r.shows("No one may admit members now: this term's registrar seat is not confirmed yet.")
	if r.k.reg.admit.Visible() {
		t.Error("the charter's registrar is offered to admit after the office's first term")
	}
}

// TestKioskVoting: a resident without a device votes at the office's
// kiosk; the ballot is theirs, and the next resident finds their own.
func TestKioskVoting(t *testing.T) {
	r := newKioskRig(t)
	r.signIn(1)
	e, err := r.a.Propose(core.Propose{Kind: "policy", Title: "Plant a hundred trees", Method: core.MethodYesNo})
	if err != nil {
		t.Fatal(err)
	}
	r.k.SignOut("")
	r.signIn(app.DemoResident)
	tab := -1
	for i, it := range r.k.session.main.Items {
		if it.Text == "Votes" {
			tab = i
		}
	}
	if tab < 0 {
		t.Fatal("the kiosk has no Votes tab")
	}
	r.k.session.main.SelectIndex(tab)
	r.shows("Plant a hundred trees")
	test.Tap(findButton(t, r.rig, "Yes"))
	r.shows("Your ballot is cast.")
	v, err := r.a.TallyOf(e.ID)
	if err != nil || v.Mine == nil || v.Tally.Participants != 1 || len(v.Tally.Ballots) != 1 ||
		v.Tally.Ballots[0].Voter != demo.Pub(demo.Key(smallDemo.Seed, app.DemoResident)) {
		t.Fatalf("after voting at the kiosk: %+v, %v", v.Tally, err)
	}
	r.k.SignOut("")
	r.signIn(2)
	r.k.session.main.SelectIndex(tab)
	if strings.Contains(texts(r.w.Content()), "Your ballot is cast.") {
		t.Error("the next resident sees the last one's ballot")
	}
}
