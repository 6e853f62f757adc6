package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
)

// The default demo has two upheld complaints against one member: a warning
// that has expired by the end of its calendar and a reduced dividend in
// force then.
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
}
