package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
)

// The default demo has two upheld complaints against one member: a warning
// that has expired by the end of its calendar and a reduced dividend in
// force then, accepted by the member, whose dividend is cut from then on.
func TestDemoHasASanctionInForceAndOneExpired(t *testing.T) {
	cfg := demo.DefaultConfig()
	w, err := demo.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	end := w.Entries[0].Time + int64(cfg.Days)*24*3600*1000 - 1
	steps := w.State.Ladder(demo.Pub(w.Keys[2]))
	if len(steps) != 2 {
		t.Fatalf("%d steps: %+v", len(steps), steps)
	}
	if steps[0].Level != core.LevelWarning || steps[0].InForce(end) {
		t.Fatalf("first step %+v", steps[0])
	}
	if steps[1].Level != core.LevelReducedDividend || !steps[1].InForce(end) {
		t.Fatalf("second step %+v (end %d)", steps[1], end)
	}
	if steps[1].Accepted == 0 || steps[1].Accepted > steps[1].Start+2*24*3600*1000 {
		t.Fatalf("the reduced dividend was not accepted in the days after it: %+v", steps[1])
	}
	a := w.Chains()[demo.Pub(w.Keys[2])].Acct
	if a.CutRate == 0 || a.CutLeft+a.Withheld != a.CutRate*int64(w.Charter.Sanctions.StepDays[1]) {
		t.Fatalf("the accepted cut: %+v", a)
	}
	if w.State.SuspendedAt(end)[demo.Pub(w.Keys[2])] {
		t.Fatal("suspended though the cut was accepted")
	}
}

// A demo ending by a time is dated up to that day's midnight, never after
// it: its open items are current then.
func TestDemoEndingBy(t *testing.T) {
	at := int64(1_795_000_000_000) + 12*3600*1000 // a day in 2026, at noon or so
	cfg := demo.EndingBy(demo.Config{Members: 12, Days: 5, Seed: 3}, at)
	w, err := demo.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const day = 24 * 3600 * 1000
	if end := w.Entries[len(w.Entries)-1].Time; end > at-at%day || end < at-at%day-day {
		t.Fatalf("last entry at %d, want within the day before %d", end, at-at%day)
	}
	if w.Entries[0].Time != cfg.Start || cfg.Start%day != 0 {
		t.Fatalf("genesis at %d, start %d", w.Entries[0].Time, cfg.Start)
	}
}

// The default demo has a double spend: proven, reported, accepted by the
// forker, whose dividend then repays it; both payees were credited, so the
// audit counts the money the fork put into circulation (25 units, less the
// demurrage since), and still adds up.
func TestDemoHasADoubleSpendRecovered(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	forker := demo.Pub(w.Keys[4])
	steps := w.State.Ladder(forker)
	if len(steps) != 1 || steps[0].Kind != core.CaseFork || steps[0].Accepted == 0 {
		t.Fatalf("the forker's steps: %+v", steps)
	}
	a := w.State.AccountAt(w.Chains()[forker].Acct, w.State.Period(w.Clock()))
	if a.Debt != 0 || a.Withheld != 25*1_000_000 {
		t.Fatalf("the double spend is not repaid: debt %d, withheld %d", a.Debt, a.Withheld)
	}
	rep := w.State.Audit(w.Chains(), w.State.Period(w.Clock()))
	if rep.ForkSpent <= 24*1_000_000 || rep.ForkSpent > 25*1_000_000 || !rep.Conserved || !rep.AccountsAddUp || rep.Withheld < a.Withheld {
		t.Fatalf("audit: fork spent %d, withheld %d, conserved %v, accounts add up %v", rep.ForkSpent, rep.Withheld, rep.Conserved, rep.AccountsAddUp)
	}
	if _, frozen := w.State.FreezeOf(forker, w.Clock()); frozen {
		t.Fatal("the forker is still frozen at the end of the demo")
	}
}
