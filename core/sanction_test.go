package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"slices"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// The demo charter's sanctions: steps of 3, 7, 10 and 30 days, a memory of
// 30 days, juries of 3 seeded by the audit office's draw (10-day terms),
// hearings of 3 days, freezes of 7 days.

func complain(t *testing.T, w *demo.World, from, against int, reason string) *entry.Signed {
	t.Helper()
	e, err := w.Post(w.Keys[from], core.KindComplaint, core.Complaint{Against: demo.Pub(w.Keys[against]), Reason: reason},
		mrefs(w, w.Keys[from]))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// seedTerm has member k volunteer for the audit term judging complaint c
// and reveal in the reveal window, then moves the clock to the hearing.
func seedTerm(t *testing.T, w *demo.World, c *entry.Signed, k int) core.Hearing {
	t.Helper()
	h, ok := w.State.Hearing(c.ID, w.Clock())
	if !ok {
		t.Fatal("no hearing")
	}
	v, err := volunteer(t, w, k, "audit", h.Term)
	if err != nil {
		t.Fatal(err)
	}
	moveTo(w, h.Start-dayMs+1)
	reveal(t, w, k, v, "audit", h.Term)
	moveTo(w, h.Start)
	h, _ = w.State.Hearing(c.ID, w.Clock())
	if len(h.Jurors) != 3 {
		t.Fatalf("jury of %d, want 3", len(h.Jurors))
	}
	return h
}

func keyIndex(w *demo.World, p ids.PubKey) int {
	for i, k := range w.Keys {
		if demo.Pub(k) == p {
			return i
		}
	}
	return -1
}

func verdict(t *testing.T, w *demo.World, k ed25519.PrivateKey, c *entry.Signed, guilty bool) error {
	t.Helper()
	return try(t, w, k, core.KindVerdict, core.Verdict{Complaint: c.ID, Guilty: guilty}, mrefs(w, k, c.ID))
}

// uphold runs a whole complaint against member `against`, the audit term
// seeded by volunteer k, every juror finding guilty; it returns the
// complaint after its close.
func uphold(t *testing.T, w *demo.World, from, against, k int) *entry.Signed {
	t.Helper()
	c := complain(t, w, from, against, "kept the shared tools")
	h := seedTerm(t, w, c, k)
	for _, j := range h.Jurors {
		if err := verdict(t, w, w.Keys[keyIndex(w, j)], c, true); err != nil {
			t.Fatal(err)
		}
	}
	moveTo(w, h.Close)
	if h, _ := w.State.Hearing(c.ID, w.Clock()); h.Outcome != core.HearingUpheld || h.Guilty != 3 {
		t.Fatalf("outcome %s with %d guilty", h.Outcome, h.Guilty)
	}
	return c
}

func TestComplaintsEscalateAlongTheLadderAndStepsExpire(t *testing.T) {
	w := govWorld(t)
	accused := demo.Pub(w.Keys[1])
	uphold(t, w, 2, 1, 5)
	uphold(t, w, 2, 1, 6)
	uphold(t, w, 3, 1, 7)
	steps := w.State.Ladder(accused)
	if len(steps) != 3 {
		t.Fatalf("%d steps, want 3", len(steps))
	}
	for i, st := range steps {
		if st.Level != i+1 || st.Kind != core.CaseComplaint {
			t.Fatalf("step %d: %+v", i, st)
		}
		if w.State.SanctionLevel(accused, st.Start) < st.Level || st.InForce(st.End) {
			t.Fatalf("step %d not in force exactly in [start, end)", i)
		}
	}
	if l := w.State.SanctionLevel(accused, steps[2].End); l != core.LevelNone {
		t.Fatalf("level %d after every step expired", l)
	}
	// Long after the memory, a new case starts again from a warning.
	w.Advance(60 * dayMs)
	uphold(t, w, 2, 1, 5)
	if st := w.State.Ladder(accused); st[3].Level != core.LevelWarning {
		t.Fatalf("after the memory: %+v", st[3])
	}
}

func TestADismissedComplaintDecidesNothing(t *testing.T) {
	w := govWorld(t)
	c := complain(t, w, 2, 1, "noise at night")
	h := seedTerm(t, w, c, 5)
	if err := verdict(t, w, w.Keys[keyIndex(w, h.Jurors[0])], c, true); err != nil {
		t.Fatal(err)
	}
	if err := verdict(t, w, w.Keys[keyIndex(w, h.Jurors[1])], c, false); err != nil {
		t.Fatal(err)
	}
	moveTo(w, h.Close)
	if h, _ := w.State.Hearing(c.ID, w.Clock()); h.Outcome != core.HearingDismissed {
		t.Fatalf("one guilty of three: %s", h.Outcome) // a silent juror is not a guilty one
	}
	if len(w.State.Ladder(demo.Pub(w.Keys[1]))) != 0 {
		t.Fatal("a dismissed complaint gave a step")
	}
}

func TestComplaintRules(t *testing.T) {
	w := govWorld(t)
	k := w.Keys[2]
	wantInvalid(t, try(t, w, k, core.KindComplaint, core.Complaint{Against: demo.Pub(k), Reason: "me"}, mrefs(w, k)), "another member")
	wantInvalid(t, try(t, w, k, core.KindComplaint, core.Complaint{Against: demo.Pub(w.Keys[1])}, mrefs(w, k)), "reason")
	wantInvalid(t, try(t, w, newcomer(3), core.KindComplaint, core.Complaint{Against: demo.Pub(w.Keys[1]), Reason: "x"}, nil), "not a member")
}

// A complainant (or any party) who wants a friendly jury: the jury's
// randomness is revealed only after the complaint is fixed, parties do not
// judge, verdicts outside the hearing are invalid, and the verdicts of
// anyone not drawn are ignored.
func TestAttackBiasedJury(t *testing.T) {
	w := govWorld(t)
	c := complain(t, w, 2, 1, "took two shares")
	row, _ := w.State.Hearing(c.ID, w.Clock())
	if row.Start-dayMs <= c.Time {
		t.Fatal("the jury's term reveals before the complaint was written")
	}
	wantInvalid(t, verdict(t, w, w.Keys[3], c, true), "within the hearing") // before the draw
	h := seedTerm(t, w, c, 5)
	wantInvalid(t, verdict(t, w, w.Keys[2], c, true), "own case")
	wantInvalid(t, verdict(t, w, w.Keys[1], c, false), "own case")
	// the complainant's friends, not drawn, find guilty: ignored
	friends := 0
	for i := 3; i < 10; i++ {
		if !slices.Contains(h.Jurors, demo.Pub(w.Keys[i])) {
			if err := verdict(t, w, w.Keys[i], c, true); err != nil {
				t.Fatal(err)
			}
			friends++
		}
	}
	moveTo(w, h.Close)
	got, _ := w.State.Hearing(c.ID, w.Clock())
	if got.Outcome != core.HearingDismissed || len(got.Ignored) != friends {
		t.Fatalf("outcome %s, %d ignored of %d friends", got.Outcome, len(got.Ignored), friends)
	}
	wantInvalid(t, verdict(t, w, w.Keys[keyIndex(w, h.Jurors[0])], c, true), "within the hearing") // after the close
	// A complaint written once the reveal window has opened goes to the next term.
	late := complain(t, w, 2, 1, "again")
	lh, _ := w.State.Hearing(late.ID, w.Clock())
	if lh.Start-dayMs <= late.Time {
		t.Fatalf("a late complaint is judged by a term that revealed already")
	}
	// Another draw (other secrets) gives another seed: the seed is not the complainant's.
	if lh.Seed == h.Seed {
		t.Fatal("two complaints share a seed")
	}
}

func TestAttackSanctionedMemberVotingWhileSuspended(t *testing.T) {
	w := govWorld(t)
	bad := w.Keys[1]
	uphold(t, w, 2, 1, 5)
	uphold(t, w, 2, 1, 6)
	uphold(t, w, 3, 1, 7)
	if l := w.State.SanctionLevel(demo.Pub(bad), w.Clock()); l != core.LevelSuspension {
		t.Fatalf("level %d, want suspension", l)
	}
	p := openProposal(t, w, w.Keys[0], policy("paint the hall"))
	delegateTo(t, w, 4, 1, "all") // a delegation to the suspended member is lost
	vote(t, w, w.Keys[0], no(p))
	vote(t, w, w.Keys[9], no(p))
	vote(t, w, bad, yes(p)) // valid (validity cannot see the sanction), but not counted
	tl := closed(t, w, p)
	if weightOf(tl, w, 1) != 0 || tl.Eligible != 9 || len(tl.Ignored) != 1 || tl.Ignored[0].Why != "vote suspended by a sanction at the close" {
		t.Fatalf("eligible %d, ignored %+v", tl.Eligible, tl.Ignored)
	}
	if tl.Options[0].Count != 0 {
		t.Fatalf("%d yes votes counted", tl.Options[0].Count)
	}
}

// A suspended member is not drawn for an office, whatever they cite.
func TestASuspendedMemberHoldsNoOffice(t *testing.T) {
	w := govWorld(t)
	uphold(t, w, 2, 1, 5)
	uphold(t, w, 2, 1, 6)
	uphold(t, w, 3, 1, 7)
	now := w.Clock()
	term := uint32((now-w.Entries[0].Time+dayMs)/(10*dayMs)) + 1
	v, err := volunteer(t, w, 1, "audit", term)
	if err != nil {
		t.Fatal(err)
	}
	moveTo(w, termStart(w, term)-dayMs+1)
	r := reveal(t, w, 1, v, "audit", term)
	moveTo(w, termStart(w, term))
	_ = take(t, w, 1, "audit", term, r)
	ot, _ := w.State.OfficeDraw("audit", term)
	if len(ot.Winners) != 0 || len(ot.Holders) != 0 {
		t.Fatalf("a suspended member holds office: %+v", ot)
	}
}

// A fork is warned at once by its case; the freeze binds the payments dated
// before the report + freeze_days, and later ones only once the forker has
// accepted the case, which recovers the double spend from their dividends.
func TestForkCaseWarnsAndItsFreezeEndsOnceAccepted(t *testing.T) {
	w := small(t)
	forker := w.Keys[1]
	x, report := reportedFork(t, w)
	steps := w.State.Ladder(x.Author)
	if len(steps) != 1 || steps[0].Kind != core.CaseFork || steps[0].Level != core.LevelWarning || steps[0].Start != report.Time {
		t.Fatalf("fork case steps %+v", steps)
	}
	during := pay(t, w, forker, w.Keys[4], money.Unit)
	w.Advance(7 * dayMs)
	unaccepted := pay(t, w, forker, w.Keys[4], money.Unit)
	receiveCiting := func(k int, p *entry.Signed) error {
		refs := append([]ids.Hash{p.ID, report.ID}, w.State.MembershipRefs(demo.Pub(w.Keys[k]))...)
		return try(t, w, w.Keys[k], core.KindReceive, core.Receive{Pay: p.ID}, refs)
	}
	wantInvalid(t, receiveCiting(2, x), "frozen")
	wantInvalid(t, receiveCiting(4, during), "frozen")
	wantInvalid(t, receiveCiting(4, unaccepted), "frozen")

	accept(t, w, forker, report, core.LevelWarning)
	after := pay(t, w, forker, w.Keys[4], money.Unit)
	if err := receiveCiting(4, after); err != nil {
		t.Fatalf("a payment after the freeze and the acceptance: %v", err)
	}
	wantInvalid(t, receiveCiting(4, unaccepted), "frozen")
	if _, frozen := w.State.FreezingReport(after.ID); frozen {
		t.Fatal("FreezingReport disagrees with validation")
	}
	if _, frozen := w.State.FreezingReport(unaccepted.ID); !frozen {
		t.Fatal("FreezingReport disagrees with validation")
	}
	if a := w.Chains()[x.Author].Acct; a.Debt != 9*money.Unit || !a.AddsUp() {
		t.Fatalf("the double spend of 9 units is not owed: %+v", a)
	}
}

// Complaints, verdicts and office reveals in any causal order give the same
// state hash and the same ladders.
func TestSanctionsAreTheSameInAnyArrivalOrder(t *testing.T) {
	w := govWorld(t)
	uphold(t, w, 2, 1, 5)
	uphold(t, w, 3, 1, 6)
	want := w.State.Hash()
	ladder := w.State.Ladder(demo.Pub(w.Keys[1]))
	rng := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 5; i++ {
		s := fold(t, randomTopo(w.Entries, rng), 0)
		if s.Hash() != want {
			t.Fatal("another order, another state")
		}
		got := s.Ladder(demo.Pub(w.Keys[1]))
		if len(got) != len(ladder) || got[1] != ladder[1] {
			t.Fatalf("another order, another ladder: %+v", got)
		}
	}
}
