package app_test

import (
	"slices"
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

func TestProposeVoteDelegateAndTally(t *testing.T) {
	clk := newClock()
	p := newPair(t, clk)
	a, b := p.a, p.b
	if _, err := b.Delegate(core.TopicAll, p.aID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	prop, err := a.Propose(core.Propose{Kind: "policy", Title: "Quiet hours", Method: core.MethodYesNo})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vote(prop.ID, []string{"yes"}); err != nil {
		t.Fatal(err)
	}
	v, err := a.TallyOf(prop.ID)
	if err != nil || v.Tally.Outcome != core.OutcomeOpen || v.Tally.Participants != 2 || v.Mine == nil {
		t.Fatalf("provisional tally %+v, %v", v.Tally, err)
	}
	d, err := a.Delegations(p.aID.Public)
	if err != nil || d.Carried[0].Weight != 2 || len(d.Carried[0].Direct) != 1 {
		t.Fatalf("the founder carries %+v, %v", d.Carried, err)
	}
	// B votes no directly, which overrides the delegation.
	if _, err := b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	wantPlain(t, func() error { _, err := b.Vote(prop.ID, []string{"maybe"}); return err }(), "vote yes, no or abstain")
	if _, err := b.Vote(prop.ID, []string{"no"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(73 * time.Hour)
	v, _ = a.TallyOf(prop.ID)
	if !v.Tally.Final || v.Tally.Outcome != core.OutcomeFailed || v.Tally.Options[0].Count != 1 || v.Tally.Options[1].Count != 1 {
		t.Fatalf("final tally %+v", v.Tally)
	}
	wantPlain(t, func() error { _, err := a.Vote(prop.ID, []string{"yes"}); return err }(), "closed")
	list, err := a.Proposals()
	if err != nil || len(list) != 1 || list[0].ID != prop.ID {
		t.Fatalf("proposals %v, %v", list, err)
	}
}

func TestAppRefusesAnEntrenchedAmendment(t *testing.T) {
	a, _, _, _ := founded(t, opts{clock: newClock()})
	_, err := a.Propose(core.Propose{Kind: "amendment", Title: "print money", Method: core.MethodYesNo,
		Changes: []core.Change{{Path: "money.dividend", Value: "1000000000"}}})
	wantPlain(t, err, "entrenched")
}

func TestParseBallot(t *testing.T) {
	p := core.ProposalRow{Method: core.MethodRanked, Options: []core.Option{{Name: "ana"}, {Name: "bo"}, {Name: "chen"}}}
	b, err := app.ParseBallot(&p, []string{"chen", "1"})
	if err != nil || len(b.Pick) != 2 || b.Pick[0] != 2 || b.Pick[1] != 0 {
		t.Fatalf("ranked %v, %v", b.Pick, err)
	}
	p.Method = core.MethodApproval
	if b, _ := app.ParseBallot(&p, []string{"chen", "ana"}); b.Pick[0] != 0 || b.Pick[1] != 2 {
		t.Fatalf("approvals not sorted: %v", b.Pick)
	}
	wantPlain(t, func() error { _, err := app.ParseBallot(&p, []string{"dora"}); return err }(), "not one of the options")
	p.Method = core.MethodScore
	wantPlain(t, func() error { _, err := app.ParseBallot(&p, []string{"5", "9", "0"}); return err }(), "0 to 5")
	if b, err := app.ParseBallot(&p, []string{"abstain"}); err != nil || !b.Abstain {
		t.Fatal("abstain not understood")
	}
}

// TestDelegationsSayCyclesAndNonMembers: two members who delegate to each
// other are told their vote goes round in a circle; a key that is no
// member has no vote to delegate.
func TestDelegationsSayCyclesAndNonMembers(t *testing.T) {
	p := newPair(t, newClock())
	if _, err := p.a.Delegate("policy", p.bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Delegate("policy", p.aID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	v, err := p.a.Delegations(ids.PubKey{})
	if err != nil || !v.Votes || !slices.Equal(v.Cycles, []string{"policy"}) {
		t.Fatalf("a's delegations: %+v, %v", v, err)
	}
	if _, err := p.a.Undelegate("budget"); err == nil {
		t.Error("revoking a delegation that does not exist wrote an entry")
	}
	if v, _ := p.a.Delegations(newPub(t)); v.Votes {
		t.Error("a stranger's key is said to vote")
	}
}
