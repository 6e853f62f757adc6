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
