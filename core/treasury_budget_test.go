package core_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// fundedBudget: the treasury of hoarded (stewards 0, 1, 2) takes the
// overflow in, and the members vote a budget of two options, "pump"
// (1,200 units, approved by all) and "mural" (900 units, approved by one):
// only the pump is funded. It returns the act in effect and its cosign.
func fundedBudget(t *testing.T) (w *demo.World, budget, act, sig *entry.Signed) {
	t.Helper()
	w, deps := hoarded(t)
	act, err := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID, deps[1].ID}},
		[]ids.Hash{deps[0].ID, deps[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	sig = cosign(t, w, w.Keys[1], act)
	budget = openProposal(t, w, w.Keys[3], core.Propose{Kind: "budget", Title: "Works", Method: core.MethodBudget,
		Budget: 2_000 * money.Unit, Options: []core.Option{{Name: "pump", Cost: 1_200 * money.Unit}, {Name: "mural", Cost: 900 * money.Unit}}})
	for i, k := range w.Keys {
		pick := []uint32{0}
		if i == 4 {
			pick = []uint32{0, 1}
		}
		vote(t, w, k, core.Ballot{Proposal: budget.ID, Pick: pick})
	}
	return w, budget, act, sig
}

func payItem(t *testing.T, w *demo.World, seq uint64, prev, prevSig, budget *entry.Signed, option uint32, amount int64) (*entry.Signed, error) {
	t.Helper()
	return propose(t, w, w.Keys[2], core.TreasuryPropose{TSeq: seq, TPrev: prev.ID,
		Pay:  &core.TreasuryPay{To: demo.Pub(w.Keys[4]), Amount: amount, Memo: "works"},
		Item: &core.BudgetItem{Proposal: budget.ID, Option: option}}, sortedRefs(prev.ID, prevSig.ID, budget.ID))
}

func TestAFundedBudgetItemIsPaidWithinItsCost(t *testing.T) {
	w, budget, act, sig := fundedBudget(t)
	_, err := payItem(t, w, 2, act, sig, budget, 0, 500*money.Unit)
	wantInvalid(t, err, "once its vote has closed")

	row, _ := w.State.Proposal(budget.ID)
	w.Advance(row.Closes - w.Clock())
	first, err := payItem(t, w, 2, act, sig, budget, 0, 700*money.Unit)
	if err != nil {
		t.Fatal(err)
	}
	firstSig := cosign(t, w, w.Keys[0], first)
	// The second part may not take the pump past its cost.
	_, err = payItem(t, w, 3, first, firstSig, budget, 0, 501*money.Unit)
	wantInvalid(t, err, "1200000000 µ; 700000000 µ were paid towards it already")
	second, err := payItem(t, w, 3, first, firstSig, budget, 0, 500*money.Unit)
	if err != nil {
		t.Fatal(err)
	}
	cosign(t, w, w.Keys[0], second)

	lines := w.State.BudgetItems(w.Clock())
	if len(lines) != 1 || lines[0].Name != "pump" || !lines[0].Funded || lines[0].Paid != 1_200*money.Unit || lines[0].Left() != 0 {
		t.Fatalf("budget lines %+v, want the pump funded and paid in full", lines)
	}
	audit(t, w)
}

func TestAttackPayingABudgetOptionTheVoteDidNotFund(t *testing.T) {
	w, budget, act, sig := fundedBudget(t)
	row, _ := w.State.Proposal(budget.ID)
	w.Advance(row.Closes - w.Clock())
	_, err := payItem(t, w, 2, act, sig, budget, 7, money.Unit)
	wantInvalid(t, err, "the budget has 2 options")
	// k stewards may still pay it (validation cannot read the tally), but
	// every replica lists the payment as unfunded.
	mural, err := payItem(t, w, 2, act, sig, budget, 1, 900*money.Unit)
	if err != nil {
		t.Fatal(err)
	}
	cosign(t, w, w.Keys[0], mural)
	var flagged bool
	for _, l := range w.State.BudgetItems(w.Clock()) {
		if l.Name == "mural" {
			flagged = l.Unfunded() && l.Paid == 900*money.Unit
		}
	}
	if !flagged {
		t.Fatalf("the mural's payment is not listed as unfunded: %+v", w.State.BudgetItems(w.Clock()))
	}
}

func TestOnlyABudgetProposalHasBudgetItems(t *testing.T) {
	w, _, act, sig := fundedBudget(t)
	pol := openProposal(t, w, w.Keys[3], policy("Quiet hours"))
	row, _ := w.State.Proposal(pol.ID)
	w.Advance(row.Closes - w.Clock())
	_, err := payItem(t, w, 2, act, sig, pol, 0, money.Unit)
	wantInvalid(t, err, "only a budget proposal's options")
}
