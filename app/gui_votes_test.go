package app_test

import (
	"strings"
	"testing"
	"time"

	"dac/app"
	"dac/core"
)

// TestCastBallot: the GUI's ballots for each method are accepted as built
// (approvals in any order), replace the earlier one, and an empty one is
// refused in plain words.
func TestCastBallot(t *testing.T) {
	a, _, _, _ := founded(t, opts{clock: newClock()})
	opts3 := []core.Option{{Name: "ana"}, {Name: "bo"}, {Name: "chen"}}
	for _, c := range []struct {
		method string
		ballot core.Ballot
	}{
		{core.MethodApproval, core.Ballot{Pick: []uint32{2, 0}}},
		{core.MethodRanked, core.Ballot{Pick: []uint32{1, 2, 0}}},
		{core.MethodScore, core.Ballot{Scores: []uint32{5, 0, 3}}},
	} {
		p, err := a.Propose(core.Propose{Kind: "policy", Title: c.method, Method: c.method, Options: opts3})
		if err != nil {
			t.Fatal(err)
		}
		wantPlain(t, func() error { _, err := a.CastBallot(p.ID, core.Ballot{}); return err }(), "at least one option")
		if _, err := a.CastBallot(p.ID, core.Ballot{Abstain: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.CastBallot(p.ID, c.ballot); err != nil {
			t.Fatalf("%s: %v", c.method, err)
		}
		v, _ := a.TallyOf(p.ID)
		if v.Mine == nil || v.Mine.Abstain || len(v.Mine.Pick)+len(v.Mine.Scores) != len(c.ballot.Pick)+len(c.ballot.Scores) {
			t.Fatalf("%s: my ballot is %+v", c.method, v.Mine)
		}
	}
}

// standing finds an office's standing by name.
func standing(t *testing.T, a *app.App, office string) app.OfficeStanding {
	t.Helper()
	os, err := a.OfficeStandings()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.Office.Name == office {
			return o
		}
	}
	t.Fatalf("no office %q in %+v", office, os)
	return app.OfficeStanding{}
}

// TestOfficeStandings follows the founder through a sortition (volunteer,
// reveal, take) and an election it wins but may not take: each step says
// what can be done, and the separated powers say why not.
func TestOfficeStandings(t *testing.T) {
	clk := newClock()
	a, id, _, _ := founded(t, opts{clock: clk})
	me := id.Public
	au := standing(t, a, "audit")
	if au.CallTerm != 1 || au.Volunteered || au.VolunteerWhyNot != "" || au.Won || au.RevealWhyNot != "" {
		t.Fatalf("before volunteering: %+v", au)
	}
	if tr := standing(t, a, "trade"); tr.VolunteerWhyNot != "" || tr.Office.Elected != true {
		t.Fatalf("an elected office: %+v", tr)
	}
	if _, _, err := a.Volunteer("audit"); err != nil {
		t.Fatal(err)
	}
	if au = standing(t, a, "audit"); !au.Volunteered || !au.VolunteeredNext || au.Revealed {
		t.Fatalf("after volunteering: %+v", au)
	}
	if !strings.Contains(au.RevealWhyNot, "day before it starts") {
		t.Fatalf("revealing too early: %q", au.RevealWhyNot)
	}
	standForTrade(t, a, me)
	clk.Advance(9*24*time.Hour + time.Hour)
	if au = standing(t, a, "audit"); au.RevealWhyNot != "" || au.CallTerm != 2 {
		t.Fatalf("in the reveal window: %+v", au)
	}
	if _, err := a.Reveal("audit"); err != nil {
		t.Fatal(err)
	}
	if au = standing(t, a, "audit"); !au.Revealed {
		t.Fatalf("after revealing: %+v", au)
	}
	clk.Advance(24 * time.Hour)
	if au = standing(t, a, "audit"); au.Term != 1 || !au.Won || au.Holding || au.TakeWhyNot != "" {
		t.Fatalf("drawn: %+v", au)
	}
	if _, err := a.TakeSeat("audit"); err != nil {
		t.Fatal(err)
	}
	if au = standing(t, a, "audit"); !au.Holding {
		t.Fatalf("seated: %+v", au)
	}
	tr := standing(t, a, "trade")
	if !tr.Won || !strings.Contains(tr.TakeWhyNot, "separated powers") {
		t.Fatalf("elected to a separated office: %+v", tr)
	}
}
