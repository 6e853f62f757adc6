package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"dac/assets"
	"dac/core/charter"
)

// A key restored from its phrase waits for a sync before it signs: home
// says so, and the member can end the wait for a key never used elsewhere.
func TestHomeTellsARestoredKeyToSyncFirst(t *testing.T) {
	other := newBackend(t)
	id, err := other.CreateIdentity([]byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	a := newBackend(t)
	if _, err := a.RestoreIdentity(id.Phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	c, err := charter.ParseJSON(assets.SampleCharter)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateNode(c); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, a)
	r.s.Unlocked()
	r.s.Tab(tabHome)
	r.shows("Your key was restored on this device")
	test.Tap(findButton(t, r, "My key was never used on another device"))
	if a.AwaitingCatchUp() {
		t.Fatal("the wait did not end")
	}
	if got := texts(r.w.Content()); strings.Contains(got, "Your key was restored") {
		t.Fatal("home still shows the notice")
	}
}
