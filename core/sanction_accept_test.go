package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

func accept(t *testing.T, w *demo.World, k ed25519.PrivateKey, c *entry.Signed, level int) *entry.Signed {
	t.Helper()
	e, err := w.Post(k, core.KindSanctionAccept, core.SanctionAccept{Case: c.ID, Level: level}, mrefs(w, k, c.ID))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// tryAccept signs an acceptance and reports whether it is valid.
func tryAccept(t *testing.T, w *demo.World, k ed25519.PrivateKey, c ids.Hash, level int) error {
	t.Helper()
	return try(t, w, k, core.KindSanctionAccept, core.SanctionAccept{Case: c, Level: level}, mrefs(w, k, c))
}

// reducedDividend upholds two complaints against member 1, so the second
// gives a reduced dividend; it returns that complaint and its step.
func reducedDividend(t *testing.T, w *demo.World) (*entry.Signed, core.SanctionStep) {
	t.Helper()
	uphold(t, w, 2, 1, 5)
	c := uphold(t, w, 3, 1, 6)
	return c, w.State.Ladder(demo.Pub(w.Keys[1]))[1]
}

// reportedFork has member 1 pay 9 units twice at one position of its
// chain and a newcomer report it.
func reportedFork(t *testing.T, w *demo.World) (x, report *entry.Signed) {
	t.Helper()
	x, y := forkOf(t, w, 1, 2, 3)
	prev := w.Chains()[demo.Pub(w.Keys[1])]
	if err := w.Offer(x); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ApplyAfter(y, &prev); err != nil {
		t.Fatal(err)
	}
	proof, _ := entry.NewForkProof(x, y)
	report, err := w.Post(newcomer(1), core.KindForkReport, core.ForkReport{Proof: proof}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return x, report
}

// settledAcct is k's account settled to the world's clock.
func settledAcct(w *demo.World, k ed25519.PrivateKey) core.Account {
	return w.State.AccountAt(w.Chains()[demo.Pub(k)].Acct, w.State.Period(w.Clock()))
}

// A reduced dividend takes effect once accepted: dividend_cut_pct of the
// dividend is withheld a day for the step's days, then it is whole again;
// the money audit stays exact.
func TestAnAcceptedReducedDividendCutsTheDividend(t *testing.T) {
	w := govWorld(t)
	sanctioned := w.Keys[1]
	c, st := reducedDividend(t, w)
	if st.Level != core.LevelReducedDividend || !st.MustAccept || st.Accepted != 0 {
		t.Fatalf("second step %+v", st)
	}
	a := accept(t, w, sanctioned, c, st.Level)
	r := w.Charter.Sanctions
	rate := w.Charter.Money.Dividend * int64(r.DividendCutPct) / 100
	before := w.Chains()[demo.Pub(sanctioned)].Acct
	if before.CutRate != rate || before.CutLeft != rate*int64(r.StepDays[1]) {
		t.Fatalf("cut %d a day, %d left; want %d and %d", before.CutRate, before.CutLeft, rate, rate*int64(r.StepDays[1]))
	}
	w.Advance(3 * dayMs)
	got := settledAcct(w, sanctioned)
	if got.Withheld-before.Withheld != 3*rate || !got.AddsUp() {
		t.Fatalf("withheld %d in 3 days, want %d", got.Withheld-before.Withheld, 3*rate)
	}
	w.Advance(int64(r.StepDays[1]+5) * dayMs)
	got = settledAcct(w, sanctioned)
	if got.CutLeft != 0 || got.Withheld != rate*int64(r.StepDays[1]) {
		t.Fatalf("after the step: %d left, %d withheld", got.CutLeft, got.Withheld)
	}
	if st := w.State.Ladder(demo.Pub(sanctioned))[1]; st.Accepted != a.Time {
		t.Fatalf("the ladder says accepted at %d, the acceptance is dated %d", st.Accepted, a.Time)
	}
	rep := w.State.Audit(w.Chains(), w.State.Period(w.Clock()))
	if !rep.Conserved || !rep.AccountsAddUp || rep.Withheld != got.Withheld {
		t.Fatalf("audit %+v", rep)
	}
}

// Refusing a cut suspends vote and office from accept_days after the step
// until it is accepted; a lower level than decided is no acceptance, and
// may be corrected by one at the decided level (which adds only the
// difference).
func TestRefusingACutSuspendsVoteAndOffice(t *testing.T) {
	w := govWorld(t)
	sanctioned := w.Keys[1]
	me := demo.Pub(sanctioned)
	c, st := reducedDividend(t, w)
	grace := w.Charter.Sanctions.AcceptMillis()
	if w.State.SuspendedAt(st.Start + grace - 1)[me] {
		t.Fatal("suspended within the time to accept")
	}
	if !w.State.SuspendedAt(st.Start + grace)[me] {
		t.Fatal("not suspended after refusing to accept")
	}
	moveTo(w, st.Start+grace+dayMs)
	accept(t, w, sanctioned, c, core.LevelWarning) // too low: not accepting
	if !w.State.SuspendedAt(w.Clock())[me] {
		t.Fatal("accepting a lower level lifted the suspension")
	}
	if a := w.Chains()[me].Acct; a.CutLeft != 0 {
		t.Fatalf("a warning cut the dividend: %+v", a)
	}
	w.Advance(1)
	wantInvalid(t, tryAccept(t, w, sanctioned, c.ID, core.LevelWarning), "already accepted")
	a := accept(t, w, sanctioned, c, st.Level)
	if w.State.SuspendedAt(a.Time)[me] {
		t.Fatal("accepting at the decided level did not lift the suspension")
	}
	r := w.Charter.Sanctions
	if got, want := w.Chains()[me].Acct.CutLeft, w.Charter.Money.Dividend*int64(r.DividendCutPct)/100*int64(r.StepDays[1]); got != want {
		t.Fatalf("cut %d, want %d", got, want)
	}
	w.Advance(1)
	wantInvalid(t, tryAccept(t, w, sanctioned, c.ID, st.Level), "already accepted")
}

// An acceptance at the decided level lifts the suspension from its date.
func TestAcceptingLateLiftsTheSuspension(t *testing.T) {
	w := govWorld(t)
	sanctioned := w.Keys[1]
	me := demo.Pub(sanctioned)
	c, st := reducedDividend(t, w)
	moveTo(w, st.Start+w.Charter.Sanctions.AcceptMillis()+dayMs)
	a := accept(t, w, sanctioned, c, st.Level)
	sus := w.State.SuspendedAt
	if !sus(a.Time - 1)[me] || sus(a.Time)[me] {
		t.Fatal("the suspension does not end exactly at the acceptance")
	}
}

func TestAttackAcceptingAnothersCase(t *testing.T) {
	w := govWorld(t)
	c := uphold(t, w, 2, 1, 5)
	wantInvalid(t, tryAccept(t, w, w.Keys[3], c.ID, core.LevelReducedDividend), "against its author")
	wantInvalid(t, tryAccept(t, w, w.Keys[1], c.ID, 5), "level")
	wantInvalid(t, try(t, w, w.Keys[1], core.KindSanctionAccept, core.SanctionAccept{Case: c.ID, Level: 1}, mrefs(w, w.Keys[1])), "cites")
	if a := w.Chains()[demo.Pub(w.Keys[3])].Acct; a.CutLeft != 0 || a.Debt != 0 {
		t.Fatal("an invalid acceptance cut a dividend")
	}
}

// Acceptances, like every entry, give the same state in any causal order.
func TestAcceptancesAreTheSameInAnyArrivalOrder(t *testing.T) {
	w := govWorld(t)
	c, _ := reducedDividend(t, w)
	accept(t, w, w.Keys[1], c, core.LevelReducedDividend)
	w.Advance(2 * dayMs)
	pay(t, w, w.Keys[1], w.Keys[2], money.Unit)
	want := w.State.Hash()
	rng := rand.New(rand.NewPCG(9, 9))
	for range 4 {
		if s := fold(t, randomTopo(w.Entries, rng), 0); s.Hash() != want {
			t.Fatal("another order, another state")
		}
	}
}

// A fork's recovery withholds the whole dividend until the debt is paid.
func TestAForkIsRecoveredFromTheDividend(t *testing.T) {
	w := small(t)
	forker := w.Keys[1]
	_, report := reportedFork(t, w)
	accept(t, w, forker, report, core.LevelWarning)
	d := w.Charter.Money.Dividend
	days := (9*money.Unit + d - 1) / d
	w.Advance((days + 2) * dayMs)
	got := settledAcct(w, forker)
	if got.Debt != 0 || got.Withheld != 9*money.Unit || !got.AddsUp() {
		t.Fatalf("after %d days: debt %d, withheld %d", days+2, got.Debt, got.Withheld)
	}
	other := settledAcct(w, w.Keys[4])
	if other.Withheld != 0 {
		t.Fatal("an innocent account lost dividend")
	}
}

func TestChainStateWithASanctionTailRoundTrips(t *testing.T) {
	c := core.ChainState{Seq: 3, Acct: core.Account{Open: true, Balance: 5, Debt: 7, CutLeft: 8, CutRate: 2, Withheld: 9}}
	b, _ := c.MarshalBinary()
	var back core.ChainState
	if err := back.UnmarshalBinary(b[:len(b)-8]); err != nil || back != c { // the tail's first form, without ExcludedUntil
		t.Fatalf("the first form of the tail: %v %+v", err, back)
	}
	c.Acct.ExcludedUntil = 11
	b, _ = c.MarshalBinary()
	if err := back.UnmarshalBinary(b); err != nil || back != c {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	c.Rations[1].Used = 4
	b, _ = c.MarshalBinary()
	if err := back.UnmarshalBinary(b); err != nil || back != c {
		t.Fatalf("round trip with rations: %v %+v", err, back)
	}
}

// An accepted exclusion from cooperative benefits refuses paid extras for
// its days; the entitlement (the rights floor) is still handed over, and
// extras come back when it ends.
func TestAnAcceptedExclusionRefusesPaidExtras(t *testing.T) {
	w := govWorld(t)
	k := w.Keys[1]
	uphold(t, w, 2, 1, 5)
	uphold(t, w, 3, 1, 6)
	uphold(t, w, 2, 1, 7)
	c := uphold(t, w, 3, 1, 8)
	steps := w.State.Ladder(demo.Pub(k))
	st := steps[len(steps)-1]
	if st.Level != core.LevelExclusion {
		t.Fatalf("the fourth upheld complaint gives %s", st.Name)
	}
	left := func() int64 {
		ch := w.Chains()[demo.Pub(k)]
		return w.State.RationsLeft(&ch, w.Clock(), nil)[0].Left
	}
	// Before accepting, validity cannot see the ladder: a paid extra is
	// valid (the point's device refuses it: app counterCheck).
	if _, err := redeem(t, w, k, redeemBody("water", left()+5, 5, 50_000)); err != nil {
		t.Fatalf("an extra before the acceptance: %v", err)
	}
	accept(t, w, k, c, st.Level)
	w.Advance(dayMs) // a new day of water
	if n := left(); n <= 0 {
		t.Fatalf("%d l left on a new day", n)
	} else {
		mustRedeem(t, w, k, redeemBody("water", n, 0, 0)) // the entitlement, excluded or not
	}
	_, err := redeem(t, w, k, redeemBody("water", 10, 10, 100_000))
	wantInvalid(t, err, "excludes you from cooperative benefits")
	w.Advance(int64(w.Charter.Sanctions.StepDays[3]+1) * dayMs)
	if _, err := redeem(t, w, k, redeemBody("water", left()+10, 10, 100_000)); err != nil {
		t.Fatalf("an extra after the exclusion ended: %v", err)
	}
}
