package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
)

func TestDemoHasExpiredVoidAndRatifiedEmergencies(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, c := range w.State.EmergencyCases(w.Clock()) {
		states[c.State]++
		if c.State == core.EmergencyActive && (len(c.Chain) != 2 || c.Chain[1].Origin != core.OriginRatify || !c.Current.NoExtras) {
			t.Errorf("the emergency in force is not the ratified drought: %+v", c)
		}
	}
	for _, s := range []string{core.EmergencyExpired, core.EmergencyVoid, core.EmergencyActive} {
		if states[s] != 1 {
			t.Errorf("%d emergencies %q at the demo's end, want 1: %v", states[s], s, states)
		}
	}
}
