package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"dac/app"
)

func TestCreateIdentity(t *testing.T) {
	r := newRig(t, newBackend(t))
	r.shows("Welcome to DAC")
	c := NewCreateScreen(r.s)
	r.s.show(c.Content())

	test.Type(c.pass.pass, "abc")
	if !strings.Contains(c.pass.hint.Text, "too short") {
		t.Errorf("strength hint for a short passphrase: %q", c.pass.hint.Text)
	}
	test.Type(c.pass.pass, "defghijklmnop")
	test.Type(c.pass.again, "something else")
	test.Tap(c.create)
	if !strings.Contains(c.msg.Text, "differ") || r.a.HasIdentity() {
		t.Fatalf("mismatched passphrases: message %q, identity made: %v", c.msg.Text, r.a.HasIdentity())
	}
	c.pass.again.SetText(c.pass.pass.Text)
	test.Tap(c.create)
	if !r.a.HasIdentity() {
		t.Fatalf("no identity after Create; message %q", c.msg.Text)
	}
	r.shows("Your recovery phrase")
	r.shows("24. ")
	if len(c.phrase) != 24 {
		t.Fatalf("phrase has %d words", len(c.phrase))
	}

	c.askWords()
	if got := c.checks; len(got) != 3 || got[0] != 2 || got[1] != 8 || got[2] != 16 {
		t.Fatalf("positions to re-type %v", got)
	}
	r.shows("Word 3")
	for i, p := range c.checks {
		c.entries[i].SetText(c.phrase[p])
	}
	c.entries[1].SetText("wrong")
	test.Tap(c.confirm)
	if !strings.Contains(c.msg.Text, "word 9 does not match") {
		t.Fatalf("a wrong word: message %q", c.msg.Text)
	}
	c.entries[1].SetText(" " + strings.ToUpper(c.phrase[8]) + " ")
	test.Tap(c.confirm)
	r.shows("Join your node") // identity done, no node yet
	if c.phrase != nil {
		t.Error("the phrase is still held after the check")
	}
}

func TestUnlock(t *testing.T) {
	a := newBackend(t)
	if _, err := a.CreateIdentity([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	a.Lock()
	r := newRig(t, a)
	r.shows("Unlock DAC")
	u := NewUnlockScreen(r.s)
	r.s.show(u.Content())

	test.Type(u.pass, "not my passphrase")
	test.Tap(u.unlock)
	if u.msg.Text != "wrong passphrase" {
		t.Fatalf("wrong passphrase: message %q", u.msg.Text)
	}
	if u.pass.Text != "" {
		t.Error("the wrong passphrase stays in the field")
	}
	test.Type(u.pass, pass)
	test.Tap(u.unlock)
	r.shows("Join your node")
}

func TestRestoreIdentity(t *testing.T) {
	other := newBackend(t)
	id, err := other.CreateIdentity([]byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, newBackend(t))
	v := NewRestoreScreen(r.s)
	r.s.show(v.Content())
	test.Type(v.pass.pass, pass)
	test.Type(v.pass.again, pass)

	test.Type(v.phrase, "these are not the words")
	test.Tap(v.restore)
	if v.msg.Text == "" || r.a.HasIdentity() {
		t.Fatalf("a bad phrase: message %q, identity %v", v.msg.Text, r.a.HasIdentity())
	}
	plain(t, v.msg.Text)

	v.phrase.SetText("  " + strings.ToUpper(id.Phrase) + "\n")
	test.Tap(v.restore)
	if k, err := r.a.Whoami(); err != nil || k != id.Public {
		t.Fatalf("restored %v, %v; want %v (message %q)", k, err, id.Public, v.msg.Text)
	}
	r.shows("Join your node")
}

func TestJoinWithoutNetworkSaysSo(t *testing.T) {
	a := newBackend(t)
	if _, err := a.CreateIdentity([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, a)
	r.s.Unlocked()
	j := NewJoinScreen(r.s)
	r.s.show(j.Content())
	test.Tap(j.join)
	if j.msg.Text != "paste a pairing code first" {
		t.Errorf("no code: %q", j.msg.Text)
	}
	test.Type(j.code, "dac1:whatever")
	test.Tap(j.join)
	if !strings.Contains(j.msg.Text, "without networking") {
		t.Errorf("no network: %q", j.msg.Text)
	}
}

func TestDemoOpensAsAResident(t *testing.T) {
	r := demoRig(t)
	r.shows("Your money")
	b, err := r.a.Balance()
	if err != nil || !b.Member || b.Balance <= 0 {
		t.Fatalf("the demo resident's balance: %+v, %v", b, err)
	}
	r.shows(formatUnits(b.Balance) + " units")
}

// TestUnlockWhileOpening: the unlock screen shows while the node is still
// being opened; once unlocked, the person waits for the opening, then sees
// the home screen. A node that cannot open is said in plain words.
func TestUnlockWhileOpening(t *testing.T) {
	dir := t.TempDir()
	first, err := app.New(app.Deps{DataDir: dir, KDF: fastKDF, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.BuildDemo(smallDemo, nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(smallDemo.Seed, app.DemoResident)
	if _, err := first.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	first.Close()

	a, err := app.New(app.Deps{DataDir: dir, KDF: fastKDF, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(sizes[phone])
	s := NewShell(w, a, Options{Async: func(work, then func()) { work(); then() }, Deliver: func(func()) {}, Now: func() time.Time { return testNow }})
	r := &rig{t: t, a: a, s: s, w: w}
	s.Opening() // a.Start has not run yet
	s.Start()
	t.Cleanup(func() { s.Close(); w.Close() })
	r.shows("Unlock DAC")
	u := NewUnlockScreen(s)
	w.SetContent(u.Content())
	test.Type(u.pass, pass)
	test.Tap(u.unlock)
	r.shows("Opening your community's record…")
	s.Opened(a.Start(context.Background()))
	if s.main == nil {
		t.Fatalf("not on the main screens after opening:\n%s", texts(w.Content()))
	}
	r.shows("Demo Commons")

	s.Opening()
	s.Opened(&app.UserError{Msg: "the node database is damaged"})
	r.shows("DAC cannot open")
	r.shows("the node database is damaged")
}
