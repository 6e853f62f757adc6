package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
)

func TestDemoHasProposalsInEveryState(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	var adopted, chain, cycle, funded bool
	for _, id := range w.State.ProposalIDs() {
		p, _ := w.State.Proposal(id)
		tl, _ := w.State.Tally(id, w.Clock())
		outcomes[tl.Outcome]++
		adopted = adopted || tl.Adopted(&p)
		for _, path := range tl.Paths {
			chain = chain || (path.Counted && len(path.Path) >= 2)
			cycle = cycle || path.Why == "cycle"
		}
		for _, o := range tl.Options {
			funded = funded || o.Funded
		}
	}
	for _, o := range []string{core.OutcomeOpen, core.OutcomePassed, core.OutcomeFailed, core.OutcomeNoQuorum} {
		if outcomes[o] == 0 {
			t.Errorf("no proposal is %q at the demo's end: %v", o, outcomes)
		}
	}
	for term := uint32(1); term <= 2; term++ {
		ot, ok := w.State.OfficeDraw("audit", term)
		if !ok || len(ot.Holders) != 2 || len(ot.Draw.Lots) < 2 {
			t.Errorf("audit term %d (sortition): %+v", term, ot)
		}
	}
	elected := 0
	for term := uint32(1); term <= 2; term++ {
		if ot, _ := w.State.OfficeDraw("trade", term); !ot.Election.IsZero() && len(ot.Holders) == 1 {
			elected++
		}
	}
	if elected != 1 {
		t.Errorf("the trade office was filled by election in %d terms, want 1", elected)
	}
	if !adopted || !chain || !cycle || !funded {
		t.Errorf("adopted amendment %v, counted delegation chain %v, ignored cycle %v, funded budget option %v", adopted, chain, cycle, funded)
	}
}
