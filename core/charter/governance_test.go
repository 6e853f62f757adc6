package charter_test

import (
	"strings"
	"testing"

	"dac/core/charter"
)

func sampleGov() *charter.Governance {
	return &charter.Governance{
		Rules:      []charter.ProposalRule{{Kind: "amendment", QuorumPct: 50, ThresholdPct: 66, WindowHours: 168}},
		Amendment:  charter.Amendment{ReadingGapDays: 7},
		Entrenched: []string{"governance.entrenched", "money.dividend"},
	}
}

func TestGovernanceValidate(t *testing.T) {
	if err := sampleGov().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, words string
		edit        func(g *charter.Governance)
	}{
		{"simple majority for amendments", "supermajority", func(g *charter.Governance) { g.Rules[0].ThresholdPct = 59 }},
		{"no amendment rule", "amendment rule is missing", func(g *charter.Governance) { g.Rules[0].Kind = "policy" }},
		{"unknown kind", "unknown kind", func(g *charter.Governance) {
			g.Rules = append(g.Rules, charter.ProposalRule{Kind: "coup", WindowHours: 1})
		}},
		{"kind twice", "twice", func(g *charter.Governance) { g.Rules = append(g.Rules, g.Rules[0]) }},
		{"quorum over 100", "quorum_pct", func(g *charter.Governance) { g.Rules[0].QuorumPct = 101 }},
		{"no window", "window_hours", func(g *charter.Governance) { g.Rules[0].WindowHours = 0 }},
		{"no reading gap", "reading_gap_days", func(g *charter.Governance) { g.Amendment.ReadingGapDays = 0 }},
		{"list not entrenched", "itself", func(g *charter.Governance) { g.Entrenched = []string{"money.dividend"} }},
		{"bad path", "charter path", func(g *charter.Governance) { g.Entrenched = append(g.Entrenched, "Money..x") }},
		{"office with no seats", "seats", func(g *charter.Governance) {
			g.Offices = []charter.Office{{Name: "audit", Branch: "oversight", TermDays: 30, MaxTerms: 2, CooldownTerms: 1}}
		}},
		{"office without cool-down", "cooldown_terms", func(g *charter.Governance) {
			g.Offices = []charter.Office{{Name: "audit", Branch: "oversight", Seats: 1, TermDays: 30, MaxTerms: 2}}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := sampleGov()
			c.edit(g)
			if err := g.Validate(); err == nil || !strings.Contains(err.Error(), c.words) {
				t.Fatalf("got %v, want an error saying %q", err, c.words)
			}
		})
	}
}

func TestEntrenchedByMatchesWholeSegments(t *testing.T) {
	g := sampleGov()
	for path, want := range map[string]bool{
		"money.dividend": true, "money": true, "money.dividend.x": true, // same, containing, inside
		"money.dividends": false, "money.cap": false, "governance": true, "governance.rules": false,
	} {
		if _, got := g.EntrenchedBy(path); got != want {
			t.Errorf("EntrenchedBy(%q) = %v, want %v", path, got, want)
		}
	}
}
