package demo

import "dac/core/charter"

// DemoGovernance is the sample charter's governance: amendments need half
// the members to take part and more than two thirds of the decisive votes,
// in two readings a week apart; ordinary policy needs a fifth and a simple
// majority. The entrenched clauses are the non-inflation rule of the
// currency (dividend and demurrage tiers fix the steady state D/d), the
// rights floors of housing and of rations (water and food), and the
// amendment procedure and the entrenched list themselves.
func DemoGovernance() *charter.Governance {
	return &charter.Governance{
		Rules: []charter.ProposalRule{
			{Kind: charter.ProposalAmendment, QuorumPct: 50, ThresholdPct: 66, WindowHours: 7 * 24},
			{Kind: charter.ProposalBudget, QuorumPct: 20, ThresholdPct: 0, WindowHours: 7 * 24},
			{Kind: charter.ProposalPolicy, QuorumPct: 20, ThresholdPct: 50, WindowHours: 3 * 24},
			{Kind: charter.ProposalElection, QuorumPct: 30, ThresholdPct: 50, WindowHours: 7 * 24},
			{Kind: charter.ProposalEmergency, QuorumPct: 30, ThresholdPct: 60, WindowHours: 24},
			{Kind: charter.ProposalSanction, QuorumPct: 20, ThresholdPct: 60, WindowHours: 3 * 24},
		},
		Amendment: charter.Amendment{ReadingGapDays: 7},
		Entrenched: []string{"governance.entrenched", "governance.amendment", "money.dividend", "money.tiers",
			"housing.floor", "rations.floor"},
	}
}
