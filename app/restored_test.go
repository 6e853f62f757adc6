package app_test

import (
	"errors"
	"testing"
	"time"

	"dac/app"
	"dac/core/demo"
)

// A key restored on a new device signs nothing until a sync brings its
// history: the old device's entries would otherwise be contradicted (a fork).
func TestRestoredKeyWaitsForItsHistory(t *testing.T) {
	clk := newClock()
	mn := newNet(t)
	a, aID, _, _ := founded(t, opts{clock: clk})
	for range 2 {
		clk.Advance(time.Minute)
		if _, err := a.Vouch(newPub(t)); err != nil {
			t.Fatal(err)
		}
	}
	oa := goOnline(t, mn, a)

	// The founder's phone is lost; the key is restored on a new device that
	// holds nothing yet.
	b := open(t, t.TempDir(), opts{clock: clk})
	if _, err := b.RestoreIdentity(aID.Phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if !b.AwaitingCatchUp() {
		t.Fatal("a restored key does not wait for its history")
	}
	ob := goOnline(t, mn, b)
	syncWith(t, ob, oa.PairingCode())
	if b.AwaitingCatchUp() {
		t.Fatal("still waiting after a sync")
	}
	before := status(t, b).Entries
	clk.Advance(time.Minute)
	e, err := b.Vouch(newPub(t))
	if err != nil {
		t.Fatalf("vouch after the sync: %v", err)
	}
	if e.Seq != 4 { // genesis, 2 vouches, this one: the chain continues, no fork
		t.Errorf("the restored device wrote seq %d, want 4", e.Seq)
	}
	if got := status(t, b).Entries; got != before+1 {
		t.Errorf("entries %d → %d", before, got)
	}
}

func TestRestoredKeySignsNothingBeforeASync(t *testing.T) {
	clk := newClock()
	a, aID, node, _ := founded(t, opts{clock: clk})
	dir := t.TempDir()
	b := open(t, dir, opts{clock: clk})
	if _, err := b.RestoreIdentity(aID.Phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if err := b.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ingest(rawsSoFar(t, a)); err != nil { // a partial history, say from an old bundle
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	_, err := b.Vouch(newPub(t))
	if !errors.Is(err, app.ErrNotCaughtUp) {
		t.Fatalf("vouch before a sync: %v, want ErrNotCaughtUp", err)
	}
	wantPlain(t, err, "sync with a hub or a neighbour first")

	// The wait survives a restart, and ends when the member confirms.
	b2 := open(t, dir, opts{clock: clk})
	if !b2.AwaitingCatchUp() {
		t.Fatal("the wait did not survive a restart")
	}
	if err := b2.ConfirmCaughtUp(); err != nil {
		t.Fatal(err)
	}
	if err := b2.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	if _, err := b2.Vouch(newPub(t)); err != nil {
		t.Fatalf("vouch after confirming: %v", err)
	}
}

// A created key has no history elsewhere, and a demo node built here holds
// all of its residents' history: neither waits.
func TestCreatedKeysAndLocalDemosDoNotWait(t *testing.T) {
	a := open(t, t.TempDir(), opts{})
	mustIdentity(t, a)
	if a.AwaitingCatchUp() {
		t.Fatal("a created key waits for a sync")
	}

	d := open(t, t.TempDir(), opts{})
	cfg := demo.Config{Members: 8, Days: 3, Seed: 1}
	if _, err := d.BuildDemo(cfg, nil); err != nil {
		t.Fatal(err)
	}
	phrase, err := app.DemoPhrase(cfg.Seed, app.DemoResident)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Vouch(newPub(t)); err != nil {
		t.Fatalf("the demo resident may not sign on the demo node built here: %v", err)
	}
}
