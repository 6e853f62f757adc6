package app_test

import (
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// The founder volunteers for audit (sortition) and stands alone for trade
// (elected): they win both, and may take only one: separated powers.
func TestVolunteerRevealAndTakeASeat(t *testing.T) {
	clk := newClock()
	a, id, _, _ := founded(t, opts{clock: clk})
	if _, term, err := a.Volunteer("audit"); err != nil || term != 1 {
		t.Fatalf("volunteer for audit: term %d, %v", term, err)
	}
	wantPlain(t, func() error { _, _, err := a.Volunteer("trade"); return err }(), "filled by election")
	wantPlain(t, func() error { _, _, err := a.Volunteer("mayor"); return err }(), "no office")
	me := id.Public
	el := standForTrade(t, a, me)
	clk.Advance(9*24*time.Hour + time.Hour)
	if _, err := a.Reveal("audit"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	if _, err := a.TakeSeat("audit"); err != nil {
		t.Fatal(err)
	}
	_, err := a.TakeSeat("trade")
	wantPlain(t, err, "separated powers")
	os, err := a.Offices()
	if err != nil || len(os) != 3 || os[0].Term != 1 || len(os[0].Current.Holders) != 1 || os[0].Current.Holders[0] != me {
		t.Fatalf("offices %+v, %v", os, err)
	}
	if os[1].Current.Election != el.ID || len(os[1].Current.Winners) != 1 || len(os[1].Current.Holders) != 0 {
		t.Fatalf("trade %+v", os[1].Current)
	}
}

// standForTrade proposes an election to the trade office's first term with
// me as the only candidate, and votes for me.
func standForTrade(t *testing.T, a *app.App, me ids.PubKey) *entry.Signed {
	t.Helper()
	el, err := a.Propose(core.Propose{Kind: "election", Title: "trade", Method: core.MethodApproval, Office: "trade", Term: 1,
		Options: []core.Option{{Name: "me", Member: &me}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vote(el.ID, []string{"me"}); err != nil {
		t.Fatal(err)
	}
	return el
}
