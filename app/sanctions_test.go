package app_test

import (
	"testing"
	"time"

	"dac/core"
)

// A member files a complaint through the app (real store); it is listed as
// a pending case with its hearing in the jury office's next term, and
// someone not drawn cannot give a verdict.
func TestComplainAndListTheCase(t *testing.T) {
	clk := newClock()
	a, _, _, _ := founded(t, opts{clock: clk})
	accused := newPub(t)
	_, err := a.Complain(accused, "  ")
	wantPlain(t, err, "reason")
	e, err := a.Complain(accused, "kept the shared tools")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := a.SanctionCases()
	if err != nil || len(cs) != 1 || cs[0].ID != e.ID || cs[0].Kind != core.CaseComplaint || cs[0].Against != accused {
		t.Fatalf("cases %+v, %v", cs, err)
	}
	h, err := a.Hearing(e.ID)
	if err != nil || h.Term != 1 || h.Start-core.RevealMillis <= e.Time {
		t.Fatalf("hearing %+v, %v", h, err)
	}
	_, err = a.GiveVerdict(e.ID, true)
	wantPlain(t, err, "the jury is drawn on")
	clk.Advance(15 * 24 * time.Hour)
	if h, _ := a.Hearing(e.ID); h.Outcome != core.HearingNoJury {
		t.Fatalf("no one revealed for the jury office's term: %s", h.Outcome)
	}
	_, err = a.GiveVerdict(e.ID, true)
	wantPlain(t, err, "this hearing closed on")
	steps, err := a.Ladder(accused)
	if err != nil || len(steps) != 0 {
		t.Fatalf("steps %+v, %v", steps, err)
	}
}
