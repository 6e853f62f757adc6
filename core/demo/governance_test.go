package demo_test

import (
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/ids"
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
	// The treasury carried the funded options out, and paid nothing else.
	paid := 0
	for _, l := range w.State.BudgetItems(w.Clock()) {
		if l.Unfunded() || l.Paid > l.Cost {
			t.Errorf("budget line %+v", l)
		}
		if l.Funded && l.Left() == 0 {
			paid++
		}
	}
	if paid == 0 {
		t.Errorf("no funded budget option was paid by the treasury: %+v", w.State.BudgetItems(w.Clock()))
	}
}

// The demo's registrar office holds the power to admit from its first term:
// each term's winner takes the seat, k members confirm it, and from then on
// the holder, not the charter's registrar, admits the newcomers.
func TestDemoRegistrarOfficeAdmitsByTerm(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	o, ok := w.Charter.Governance.OfficeWithPower(charter.PowerAdmit)
	if !ok {
		t.Fatal("the demo's charter gives no office the power to admit")
	}
	admitters := map[uint32]map[ids.PubKey]int{}
	for _, e := range w.Entries {
		if e.Kind == core.KindAdmit {
			term := w.State.TermAt(o, e.Time)
			if admitters[term] == nil {
				admitters[term] = map[ids.PubKey]int{}
			}
			admitters[term][e.Author]++
		}
	}
	founding := w.Charter.Membership.Registrar
	if len(admitters[0]) != 1 || admitters[0][founding] == 0 {
		t.Errorf("before term 1 the charter's registrar admits: %v", admitters[0])
	}
	for term := uint32(1); term <= 2; term++ {
		p := w.State.PowerAt(charter.PowerAdmit, w.State.TermStart(o, term))
		if len(p.Holders) != 1 || len(p.Seats) != 1 || len(p.Seats[0].Confirms) < w.Charter.Membership.VouchesRequired {
			t.Fatalf("term %d: holders %v, seats %+v", term, p.Holders, p.Seats)
		}
		if n := admitters[term][p.Holders[0]]; n == 0 || len(admitters[term]) != 1 {
			t.Errorf("term %d: admissions by %v, want all by the holder %s", term, admitters[term], p.Holders[0].Short())
		}
	}
	if got, want := w.State.ActiveMembers(), demo.DefaultConfig().Members; got < want-3 {
		t.Errorf("%d active members of %d: admissions waited too long", got, want)
	}
}
