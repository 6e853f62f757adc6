package app_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"dac/app"
	"dac/core/demo"
	"dac/core/ids"
)

// kioskApp is a started app holding a small demo node and no keystore: a
// kiosk at the node's office.
func kioskApp(t *testing.T) *app.App {
	t.Helper()
	// The demo ends at the kiosk's now, before the registrar office's first
	// term: the charter's registrar admits.
	a, _ := demoEndingNow(t, demo.Config{Members: 12, Days: 5, Seed: 1})
	return a
}

// demoEndingNow is a started app with no keystore holding the demo cfg,
// whose calendar ends at the test clock's now.
func demoEndingNow(t *testing.T, cfg demo.Config) (*app.App, *testClock) {
	t.Helper()
	clk := newClock()
	a, err := newApp(t.TempDir(), clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.BuildDemo(demo.EndingBy(cfg, clk.Now().UnixMilli()), nil); err != nil {
		t.Fatal(err)
	}
	return a, clk
}

func demoPhrase(t *testing.T, i int) string {
	t.Helper()
	p, err := app.DemoPhrase(1, i)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKioskSignIn: a resident signs in with the recovery phrase or the key
// code, acts as themselves, and after Lock nothing of theirs is in use.
func TestKioskSignIn(t *testing.T) {
	a := kioskApp(t)
	want := demo.Pub(demo.Key(1, app.DemoResident))
	phrase := demoPhrase(t, app.DemoResident)
	code, err := app.KeyCode(phrase)
	if err != nil || !strings.HasPrefix(code, app.KeyCodePrefix) {
		t.Fatalf("KeyCode: %q, %v", code, err)
	}
	for name, secret := range map[string]string{"phrase": phrase, "key code": "  " + strings.ToUpper(code) + "\n"} {
		got, err := a.SignIn(secret)
		if err != nil || got != want {
			t.Fatalf("SignIn by %s: %v, %v; want %v", name, got, err, want)
		}
		if who, _ := a.Whoami(); who != want {
			t.Errorf("Whoami during the session: %v", who)
		}
		if _, err := a.Balance(); err != nil {
			t.Errorf("Balance during the session: %v", err)
		}
		a.Lock()
		if _, err := a.Whoami(); !errors.Is(err, app.ErrNoIdentity) {
			t.Errorf("Whoami after the session: %v, want no identity", err)
		}
		if _, err := a.Pay(demo.Pub(demo.Key(1, 0)), 1, ""); err == nil {
			t.Errorf("paid after the session ended")
		}
	}
	for _, bad := range []string{"", "hello", "dac-key:1234", "dac-key:" + strings.Repeat("zz", 32), strings.Repeat("abandon ", 24)} {
		_, err := a.SignIn(bad)
		if err == nil {
			t.Errorf("SignIn(%q) succeeded", bad)
			continue
		}
		if msg := app.Message(err); strings.Contains(msg, "encoding/hex") || msg == "" {
			t.Errorf("SignIn(%q): %q is not plain words", bad, msg)
		}
	}
}

// TestKioskRegistration: an applicant gets a key at the kiosk; three members
// sign in one after the other and vouch; the registrar signs in and admits.
func TestKioskRegistration(t *testing.T) {
	a := kioskApp(t)
	applicant, code, err := a.NewKey()
	if err != nil || !strings.HasPrefix(code, app.KeyCodePrefix) || len(strings.Fields(applicant.Phrase)) != 24 {
		t.Fatalf("NewKey: %+v, %q, %v", applicant, code, err)
	}
	if got, err := a.SignIn(code); err != nil || got != applicant.Public {
		t.Fatalf("the new key's code signs in as %v, %v", got, err)
	}
	a.Lock()
	status := func() app.Applicant {
		s, err := a.ApplicantStatus(applicant.Public)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(); s.Member || s.Vouches != 0 || s.Needed != 3 || !slices.Equal(s.Registrars, []ids.PubKey{demo.Pub(demo.Key(1, 0))}) {
		t.Fatalf("before: %+v", s)
	}
	act := func(i int, do func() error) error {
		t.Helper()
		if _, err := a.SignIn(demoPhrase(t, i)); err != nil {
			t.Fatal(err)
		}
		defer a.Lock()
		return do()
	}
	admit := func() error { _, err := a.Admit(applicant.Public); return err }
	for n, i := range []int{3, 4, 5} {
		if err := act(i, func() error { _, err := a.Vouch(applicant.Public); return err }); err != nil {
			t.Fatalf("member %d vouches: %v", i, err)
		}
		if s := status(); s.Vouches != n+1 {
			t.Errorf("after %d vouches: %+v", n+1, s)
		}
	}
	if err := act(6, admit); err == nil {
		t.Errorf("a member who is not the registrar admitted")
	}
	if err := act(0, admit); err != nil {
		t.Fatalf("the registrar admits: %v", app.Message(err))
	}
	if s := status(); !s.Member {
		t.Errorf("after admission: %+v", s)
	}
}
