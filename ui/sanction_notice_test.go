package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dac/app"
	"dac/core/demo"
	"dac/core/money"
)

// TestHomeAsksToAcceptAForkCase: one key pays from two devices at the same
// place of its chain (a double spend); when the devices meet the fork is
// reported, the home screen says what happened and what accepting takes,
// and accepting it behind a confirmation starts the recovery.
func TestHomeAsksToAcceptAForkCase(t *testing.T) {
	a := newBackend(t)
	if _, err := a.BuildDemo(demo.Config{Members: 12, Days: 10, Seed: 1, Start: testNow.Add(-10 * 24 * time.Hour).UnixMilli()}, nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(1, 1)
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	b := newBackend(t) // the same key on a second device, with the record so far
	if _, err := b.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	carry(t, a, b)
	if err := b.ConfirmCaughtUp(); err != nil {
		t.Fatal(err)
	}
	payee := demo.Pub(demo.Key(1, 3))
	for i, d := range []*app.App{a, b} {
		if _, err := d.Pay(payee, int64(2+i)*money.Unit, "twice"); err != nil {
			t.Fatal(err)
		}
	}
	if got := carry(t, b, a); got.Forks != 1 { // they meet: a files the fork report
		t.Fatalf("carried %+v", got)
	}
	r := newRig(t, a)
	r.s.Unlocked()
	r.s.Tab(tabCommunity) // the case view offers the same acceptance
	r.s.life.Show(subSanctions)
	r.shows("Your payments stay frozen until you accept the case")
	r.shows("Accept this sanction…")
	r.s.Tab(0)
	r.shows("A double spend from your account was proven")
	r.shows("recovers 3.00 units")
	tapIn(t, r.w.Content(), "Accept this sanction…")
	tapIn(t, r.w.Content(), "Yes, accept it")
	r.shows("Accepted.")
	if owed, err := a.SanctionsToAccept(); err != nil || len(owed) != 0 {
		t.Fatalf("still to accept: %+v (%v)", owed, err)
	}
	if strings.Contains(texts(r.w.Content()), "A double spend from your account") {
		t.Fatal("the notice stayed after the acceptance")
	}
}

// carry brings everything from's device holds to to's, by a bundle file.
func carry(t *testing.T, from, to *app.App) app.Ingested {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.dacbundle")
	if _, err := from.ExportBundle(path, 0); err != nil {
		t.Fatal(err)
	}
	got, err := to.ImportBundle(path)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
