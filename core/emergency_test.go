package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"reflect"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// In govWorld (10 members, keys 0..2 treasury stewards) the demo charter's
// emergency rule is quorum 30 %, threshold 60 %, a 24-hour window; the
// ratify hours are 48, the renewal step 10 points, the maximum 168 hours.

// emergencyVote opens an emergency proposal with terms and has ayes members
// vote yes and nays no (members 0.. in order).
func emergencyVote(t *testing.T, w *demo.World, terms core.EmergencyTerms, ayes, nays int, refs ...ids.Hash) *entry.Signed {
	t.Helper()
	p := openProposal(t, w, w.Keys[0], core.Propose{Kind: charter.ProposalEmergency, Title: "water emergency",
		Method: core.MethodYesNo, Emergency: &terms}, refs...)
	castYesNo(t, w, p, ayes, nays)
	return p
}

func castYesNo(t *testing.T, w *demo.World, p *entry.Signed, ayes, nays int) {
	t.Helper()
	for i := range ayes + nays {
		b := yes(p)
		if i >= ayes {
			b = no(p)
		}
		vote(t, w, w.Keys[i], b)
	}
}

func proposeErr(t *testing.T, w *demo.World, k ed25519.PrivateKey, p core.Propose, refs ...ids.Hash) error {
	t.Helper()
	return try(t, w, k, core.KindPropose, p, mrefs(w, k, refs...))
}

func emergencyProposal(terms core.EmergencyTerms) core.Propose {
	return core.Propose{Kind: charter.ProposalEmergency, Title: "emergency", Method: core.MethodYesNo, Emergency: &terms}
}

// stateOf is the global view of the emergency holding link id at now.
func stateOf(t *testing.T, w *demo.World, id ids.Hash) core.EmergencyCase {
	t.Helper()
	c, ok := w.State.EmergencyCaseOf(id, w.Clock())
	if !ok {
		t.Fatalf("no emergency %s", id.Short())
	}
	return c
}

func wantState(t *testing.T, w *demo.World, id ids.Hash, want string) core.EmergencyCase {
	t.Helper()
	c := stateOf(t, w, id)
	if c.State != want {
		t.Fatalf("emergency is %q, want %q: %+v", c.State, want, c)
	}
	return c
}

func TestEmergencyDeclaredByVoteIsInForceFromTheClose(t *testing.T) {
	w := govWorld(t)
	p := emergencyVote(t, w, core.EmergencyTerms{Hours: 48, Measures: []charter.ItemPercent{{Item: "water", Percent: 70}}}, 4, 0)
	wantState(t, w, p.ID, core.EmergencyVoting)
	if got := w.State.EmergencyRefs(w.Clock()); len(got) != 0 {
		t.Fatalf("in force before the vote closed: %v", got)
	}
	w.Advance(24 * hourMs)
	c := wantState(t, w, p.ID, core.EmergencyActive)
	if c.Ends != c.Start+48*hourMs || len(c.Refs) != 1 || c.Refs[0] != p.ID {
		t.Fatalf("case %+v", c)
	}
	if l := left(t, w, w.Keys[5], "water", w.State.EmergencyRefs(w.Clock())...); l.Quota != 70 {
		t.Fatalf("quota under the voted emergency: %+v", l)
	}
	w.Advance(48 * hourMs)
	wantState(t, w, p.ID, core.EmergencyExpired)
	if got := w.State.EmergencyRefs(w.Clock()); len(got) != 0 {
		t.Fatalf("in force after its duration: %v", got)
	}
}

func TestARejectedEmergencyVoteBindsNoOne(t *testing.T) {
	w := govWorld(t)
	p := emergencyVote(t, w, core.EmergencyTerms{Hours: 48}, 3, 2) // 60 % yes is not more than 60 %
	w.Advance(25 * hourMs)
	wantState(t, w, p.ID, core.EmergencyRejected)
	r := mustRedeem(t, w, w.Keys[5], redeemBody("water", 100, 0, 0))
	if err := dispense(t, w, point, r, w.State.EmergencyRefs(w.Clock())...); err != nil {
		t.Fatalf("the counter applied a rejected emergency: %v", err)
	}
}

func TestAttackEmergencyLongerThanTheMaximum(t *testing.T) {
	w := govWorld(t)
	k := w.Keys[0]
	wantInvalid(t, proposeErr(t, w, k, emergencyProposal(core.EmergencyTerms{Hours: 169})), "1 to 168 hours")
	wantInvalid(t, proposeErr(t, w, k, emergencyProposal(core.EmergencyTerms{})), "1 to 168 hours")
	wantInvalid(t, errOf(declare(t, w, k, core.EmergencyDeclare{Hours: 169})), "1 to 168 hours")
	wantInvalid(t, proposeErr(t, w, k, core.Propose{Kind: charter.ProposalEmergency, Title: "x", Method: core.MethodYesNo}), "carries its terms")
	notYesNo := emergencyProposal(core.EmergencyTerms{Hours: 5})
	notYesNo.Method, notYesNo.Options = core.MethodApproval, []core.Option{{Name: "a"}, {Name: "b"}}
	wantInvalid(t, proposeErr(t, w, k, notYesNo), "yes or no")
	pol := policy("sneaky")
	pol.Emergency = &core.EmergencyTerms{Hours: 5}
	wantInvalid(t, proposeErr(t, w, k, pol), "only emergency proposals")
	// A renewal is bounded by the maximum too.
	p := emergencyVote(t, w, core.EmergencyTerms{Hours: 168}, 4, 0)
	w.Advance(30 * hourMs)
	wantInvalid(t, proposeErr(t, w, k, emergencyProposal(core.EmergencyTerms{Hours: 169, Renews: &p.ID, Renewal: 1}), p.ID), "1 to 168 hours")
}

func TestAttackUnratifiedCouncilDeclarationIsVoid(t *testing.T) {
	w := govWorld(t)
	d, err := declare(t, w, w.Keys[1], core.EmergencyDeclare{Hours: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(47 * hourMs)
	c := wantState(t, w, d.ID, core.EmergencyAwaiting)
	if !c.InForce() || c.RatifyBy != d.Time+48*hourMs {
		t.Fatalf("the declaration should bind until its ratify deadline: %+v", c)
	}
	w.Advance(hourMs)
	wantState(t, w, d.ID, core.EmergencyVoid)
	if got := w.State.EmergenciesInForce(w.Clock()); len(got) != 0 {
		t.Fatalf("void declaration in force: %+v", got)
	}
	// Citing it binds nothing any more: full quota, and the point cannot
	// refuse with it.
	r := mustRedeem(t, w, w.Keys[5], redeemBody("water", 100, 0, 0), d.ID)
	if err := dispense(t, w, point, r, d.ID); err != nil {
		t.Fatalf("a void declaration bound the counter: %v", err)
	}
	// Too late to ratify now.
	wantInvalid(t, proposeErr(t, w, w.Keys[0], emergencyProposal(core.EmergencyTerms{Ratifies: &d.ID}), d.ID), "too late to ratify")
}

func TestCouncilDeclarationRatifiedRunsItsCourse(t *testing.T) {
	w := govWorld(t)
	d, err := declare(t, w, w.Keys[1], core.EmergencyDeclare{Hours: 100, NoTravel: true})
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, proposeErr(t, w, w.Keys[0], emergencyProposal(core.EmergencyTerms{Ratifies: &d.ID, Hours: 5}), d.ID), "no terms of its own")
	wantInvalid(t, proposeErr(t, w, w.Keys[0], emergencyProposal(core.EmergencyTerms{Ratifies: &d.ID})), "must reference")
	wantInvalid(t, proposeErr(t, w, w.Keys[0], emergencyProposal(core.EmergencyTerms{Renews: &d.ID, Renewal: 1, Hours: 5}), d.ID), "ratified, not renewed")
	r := emergencyVote(t, w, core.EmergencyTerms{Ratifies: &d.ID}, 4, 0, d.ID)
	if c := wantState(t, w, d.ID, core.EmergencyAwaiting); len(c.Pending) != 1 || c.Pending[0] != r.ID {
		t.Fatalf("the ratification vote is not pending: %+v", c)
	}
	w.Advance(50 * hourMs) // past the ratify deadline
	c := wantState(t, w, d.ID, core.EmergencyActive)
	if len(c.Refs) != 1 || c.Refs[0] != r.ID || c.Ends != d.Time+100*hourMs {
		t.Fatalf("after ratification: %+v", c)
	}
	if _, paused := w.State.TravelPaused(w.Clock()); !paused {
		t.Fatal("travel not paused")
	}
	// The declaration alone binds no more; the ratification does.
	big := mustRedeem(t, w, w.Keys[5], redeemBody("water", 80, 0, 0))
	if err := dispense(t, w, point, big, d.ID); err != nil {
		t.Fatalf("the declaration alone bound past its deadline: %v", err)
	}
	big2 := mustRedeem(t, w, w.Keys[6], redeemBody("water", 80, 0, 0))
	wantInvalid(t, dispense(t, w, point, big2, w.State.EmergencyRefs(w.Clock())...), "ignores emergency")
	w.Advance(50 * hourMs)
	wantState(t, w, d.ID, core.EmergencyExpired)
	if _, paused := w.State.TravelPaused(w.Clock()); paused {
		t.Fatal("travel paused after the emergency expired")
	}
}

func TestAttackRenewingWithoutTheRisingThreshold(t *testing.T) {
	w := govWorld(t)
	p := emergencyVote(t, w, core.EmergencyTerms{Hours: 72}, 7, 3) // in force from 24 h to 96 h
	w.Advance(25 * hourMs)
	wantState(t, w, p.ID, core.EmergencyActive)
	// The first renewal needs more than 70 %: 7 of 10 is not enough,
	// though it passed the declaration itself.
	n1 := emergencyVote(t, w, core.EmergencyTerms{Hours: 48, Renews: &p.ID, Renewal: 1}, 7, 3, p.ID)
	wantInvalid(t, proposeErr(t, w, w.Keys[1], emergencyProposal(core.EmergencyTerms{Hours: 48, Renews: &p.ID}), p.ID), "renewal 1 of the emergency, not 0")
	w.Advance(25 * hourMs)
	if tl := closed(t, w, n1); tl.ThresholdPct != 70 || tl.Outcome != core.OutcomeFailed {
		t.Fatalf("first renewal: threshold %d, %s", tl.ThresholdPct, tl.Outcome)
	}
	// A second try at 8 of 10 passes; the emergency runs on after its end.
	n1b := emergencyVote(t, w, core.EmergencyTerms{Hours: 48, Renews: &p.ID, Renewal: 1}, 8, 2, p.ID)
	w.Advance(47 * hourMs) // 97 h: past the declaration's end
	c := wantState(t, w, p.ID, core.EmergencyActive)
	if c.Renewals != 1 || c.Current.ID != n1b.ID || len(c.Refs) != 1 || c.Refs[0] != n1b.ID {
		t.Fatalf("after the renewal: %+v", c)
	}
	// The second renewal needs more than 80 %: claiming to be the first
	// (to get 70 %) is invalid, and 8 of 10 fails.
	wantInvalid(t, proposeErr(t, w, w.Keys[1], emergencyProposal(core.EmergencyTerms{Hours: 48, Renews: &n1b.ID, Renewal: 1}), n1b.ID), "renewal 2")
	n2 := emergencyVote(t, w, core.EmergencyTerms{Hours: 48, Renews: &n1b.ID, Renewal: 2}, 8, 2, n1b.ID)
	w.Advance(25 * hourMs)
	if tl := closed(t, w, n2); tl.ThresholdPct != 80 || tl.Outcome != core.OutcomeFailed {
		t.Fatalf("second renewal: threshold %d, %s", tl.ThresholdPct, tl.Outcome)
	}
	w.Advance(23 * hourMs) // 145 h: past the first renewal's end
	c = wantState(t, w, p.ID, core.EmergencyExpired)
	if n, _ := w.State.Emergency(n1b.ID); c.Ends != n.End {
		t.Fatalf("ends %d, want the renewal's end %d", c.Ends, n.End)
	}
	if got := w.State.EmergencyRefs(w.Clock()); len(got) != 0 {
		t.Fatalf("in force past its renewal without a passed second renewal: %v", got)
	}
	// Neither can a point use it: the counter's check (the global view)
	// finds nothing, and citing the expired links binds nothing. (Citing
	// the failed renewal would bind only the citing point itself: core
	// cannot know a vote failed, see emergency.go.)
	r := mustRedeem(t, w, w.Keys[5], redeemBody("water", 100, 0, 0))
	if err := w.State.CounterRefusal(r.ID, w.State.EmergencyRefs(w.Clock())); err != nil {
		t.Fatalf("the counter refused under an expired emergency: %v", err)
	}
	if err := dispense(t, w, point, r, p.ID, n1b.ID); err != nil {
		t.Fatalf("an expired emergency bound the counter: %v", err)
	}
}

func TestTheRisingThresholdIsCappedBelowAHundred(t *testing.T) {
	er := charter.EmergencyRules{RenewStepPct: 20}
	for n, want := range map[int]int{1: 80, 2: 99, 9: 99} {
		if got := er.RenewThreshold(60, n); got != want {
			t.Errorf("renewal %d: %d %%, want %d %%", n, got, want)
		}
	}
}

func TestAttackRenewalDecidedAfterTheEnd(t *testing.T) {
	w := govWorld(t)
	p := emergencyVote(t, w, core.EmergencyTerms{Hours: 10}, 4, 0)
	w.Advance(24*hourMs + 1)
	// The vote would close 24 h from now, after the emergency's 10 hours.
	wantInvalid(t, proposeErr(t, w, w.Keys[0], emergencyProposal(core.EmergencyTerms{Hours: 10, Renews: &p.ID, Renewal: 1}), p.ID), "too late to renew")
}

func TestEmergencyCurtailsExtrasBeyondTheBasket(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	d, err := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 24, NoExtras: true})
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 61, 1, 10_000), d.ID)), "refuses extras")
	if _, err := w.State.RationQuote(nil, "water", 61, demo.Pub(point), w.Clock(), []ids.Hash{d.ID}); err == nil {
		t.Fatal("quoted an extra under a curtailment")
	}
	// A device that had not heard of it pays for an extra; the point that
	// knows it does not hand the extra over.
	r := mustRedeem(t, w, w.Keys[2], redeemBody("energy", 91, 1, 500_000))
	wantInvalid(t, dispense(t, w, point, r, d.ID), "refuses extras")
	ok := mustRedeem(t, w, m, redeemBody("water", 60, 0, 0), d.ID)
	if err := dispense(t, w, point, ok, d.ID); err != nil {
		t.Fatal(err)
	}
}

// TestEmergencyStatesTheSameInAnyOrder: random council declarations, votes
// declaring, ratifying and renewing (renewal numbers sometimes wrong), and
// ballots mostly yes, hours apart; every causal order of the entries gives
// the same state hash and the same emergency states at several times.
func TestEmergencyStatesTheSameInAnyOrder(t *testing.T) {
	origins := map[string]int{}
	for seed := uint64(1); seed <= 20; seed++ {
		w := govWorld(t)
		rng := rand.New(rand.NewPCG(seed, 7))
		start := w.Clock()
		for range 90 {
			kind, body, refs, k := chaosEmergencyAct(w, rng)
			if e, _, err := w.Sign(k, kind, body, refs); err == nil {
				_ = w.Offer(e)
			}
			w.Advance(int64(rng.IntN(5)) * hourMs)
		}
		for _, e := range w.State.Emergencies() {
			origins[e.Origin]++
		}
		for at := start; at <= w.Clock(); at += 13 * hourMs {
			for _, c := range w.State.EmergencyCases(at) {
				if c.InForce() && c.Renewals > 0 {
					origins["renewed, in force"]++
				}
				if c.InForce() && len(c.Chain) > 1 && c.Chain[1].Origin == core.OriginRatify {
					origins["ratified, in force"]++
				}
			}
		}
		for round := range 2 {
			st, _ := foldChains(t, randomTopo(w.Entries, rng), 1+rng.IntN(9))
			if st.Hash() != w.State.Hash() {
				t.Fatalf("seed %d order %d: the state hash depends on the order", seed, round)
			}
			for at := start; at <= w.Clock()+200*hourMs; at += 13 * hourMs {
				if !reflect.DeepEqual(st.EmergencyCases(at), w.State.EmergencyCases(at)) {
					t.Fatalf("seed %d order %d: the emergencies at %d depend on the order", seed, round, at)
				}
			}
		}
	}
	if origins["ratified, in force"] == 0 || origins["renewed, in force"] == 0 {
		t.Fatalf("the random acts never ratified or renewed an emergency in force: %v", origins)
	}
}

// chaosEmergencyAct is a random emergency act by a random member: a
// steward's declaration, a ballot (mostly yes) on an emergency vote, or a
// proposal declaring, ratifying the newest declaration or renewing the
// newest vote's link.
func chaosEmergencyAct(w *demo.World, rng *rand.Rand) (string, any, []ids.Hash, ed25519.PrivateKey) {
	k := w.Keys[rng.IntN(len(w.Keys))]
	refs := w.State.MembershipRefs(demo.Pub(k))
	var council, votes []core.Emergency
	for _, e := range w.State.Emergencies() {
		if e.Origin == core.OriginCouncil {
			council = append(council, e)
		} else {
			votes = append(votes, e)
		}
	}
	switch r := rng.IntN(10); {
	case r < 5 && len(votes) > 0:
		v := votes[len(votes)-1-rng.IntN(min(2, len(votes)))]
		return core.KindBallot, core.Ballot{Proposal: v.ID, Pick: []uint32{uint32(btoi(rng.IntN(8) == 0))}}, append(refs, v.ID), k
	case r < 6:
		return core.KindEmergencyDeclare, core.EmergencyDeclare{Hours: 1 + rng.IntN(120), NoExtras: rng.IntN(2) == 0}, nil, w.Keys[rng.IntN(3)]
	case r < 7 && len(council) > 0:
		d := council[len(council)-1]
		return core.KindPropose, emergencyProposal(core.EmergencyTerms{Ratifies: &d.ID}), append(refs, d.ID), k
	case r < 9 && len(votes) > 0:
		x := votes[len(votes)-1-rng.IntN(min(2, len(votes)))]
		terms := core.EmergencyTerms{Hours: 24 + rng.IntN(100), Renews: &x.ID, Renewal: x.Renewal + 1 - btoi(rng.IntN(6) == 0)}
		return core.KindPropose, emergencyProposal(terms), append(refs, x.ID), k
	}
	return core.KindPropose, emergencyProposal(core.EmergencyTerms{Hours: 24 + rng.IntN(144)}), refs, k
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
