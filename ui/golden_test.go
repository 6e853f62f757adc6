package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"dac/app"
)

// Golden markup of key screens: run with the goldens missing (or changed)
// and Fyne writes what it rendered to testdata/failed/ for review.

func TestGoldenWelcome(t *testing.T) {
	r := newRig(t, newBackend(t))
	test.AssertObjectRendersToMarkup(t, "welcome.xml", r.w.Content())
}

func TestGoldenUnlock(t *testing.T) {
	a := newBackend(t)
	phrase, _ := app.DemoPhrase(1, app.DemoResident) // a fixed key, so the render is stable
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	a.Lock()
	r := newRig(t, a)
	test.AssertObjectRendersToMarkup(t, "unlock.xml", r.w.Content())
}

func TestGoldenHome(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(0)
	test.AssertObjectRendersToMarkup(t, "home.xml", r.w.Content())
}

func TestGoldenSend(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(1)
	test.AssertObjectRendersToMarkup(t, "send.xml", r.w.Content())
}
