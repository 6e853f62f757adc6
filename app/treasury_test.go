package app_test

import (
	"testing"
	"time"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
	"dac/core/money"
)

func TestTreasuryTakesInOverflowAndPaysAMember(t *testing.T) {
	clk := newClock()
	p := newPairWith(t, clk, func(ch *charter.Charter, _ ids.PubKey) {
		ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit // a low cap, so payments overflow
	})
	a, b, bID, pubA, pubB := p.a, p.b, p.bID, p.pubA, p.pubB
	// B pays the founder 1,500 units; at the cap, most of it overflows.
	if _, err := b.Pay(p.aID.Public, 1_500*money.Unit, "too much"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(pubB.take()); err != nil {
		t.Fatal(err)
	}
	if got, err := a.ReceiveAll(); err != nil || len(got) != 1 {
		t.Fatalf("receive: %d, %v", len(got), err)
	}
	v, _ := a.Treasury()
	if v.Deposits != 1 || v.Balance != 0 {
		t.Fatalf("before claiming: %+v", v)
	}
	if _, err := a.TreasuryClaim(); err != nil { // the founder is the sole steward (k = 1)
		t.Fatal(err)
	}
	v, _ = a.Treasury()
	if v.Deposits != 0 || v.Balance != 1_400*money.Unit || v.TSeq != 1 {
		t.Fatalf("after claiming: %+v", v)
	}
	clk.Advance(time.Hour)
	if _, err := a.TreasuryPay(bID.Public, 300*money.Unit, "repairs"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TreasuryPay(bID.Public, 2_000*money.Unit, ""); err == nil {
		t.Fatal("the treasury paid more than it holds")
	}
	if _, err := b.Ingest(pubA.take()); err != nil {
		t.Fatal(err)
	}
	if got, err := b.ReceiveAll(); err != nil || len(got) != 1 {
		t.Fatalf("B claims the treasury payment: %d, %v", len(got), err)
	}
	if _, err := a.Ingest(pubB.take()); err != nil {
		t.Fatal(err)
	}
	repA, _ := a.AuditMoney(clk.Now())
	repB, _ := b.AuditMoney(clk.Now())
	if !repA.Conserved || repA != repB || repA.Treasury != 1_100*money.Unit {
		t.Fatalf("audits:\nA %+v\nB %+v", repA, repB)
	}
}

// TestABudgetIsPromisedAndPaidWithinTheTreasury: a budget may promise no
// more than the treasury holds less what earlier budgets are owed; once
// its vote closes, a steward pays the funded option, and only it, at most
// its cost; paid work leaves what is owed in the treasury.
func TestABudgetIsPromisedAndPaidWithinTheTreasury(t *testing.T) {
	clk := newClock()
	p := newPairWith(t, clk, func(ch *charter.Charter, _ ids.PubKey) {
		ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit
	})
	a, b := p.a, p.b
	if _, err := b.Pay(p.aID.Public, 1_500*money.Unit, "too much"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(p.pubB.take()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReceiveAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TreasuryClaim(); err != nil {
		t.Fatal(err)
	}
	works := func(budget int64) core.Propose {
		return core.Propose{Kind: "budget", Title: "Works", Method: core.MethodBudget, Budget: budget,
			Options: []core.Option{{Name: "pump", Cost: 800 * money.Unit}, {Name: "mural", Cost: 500 * money.Unit}}}
	}
	_, err := a.Propose(works(1_500 * money.Unit))
	wantPlain(t, err, "the treasury holds 1400.00 units: a budget may promise no more")
	e, err := a.Propose(works(1_000 * money.Unit))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vote(e.ID, []string{"pump"}); err != nil {
		t.Fatal(err)
	}
	_, err = a.TreasuryPayItem(e.ID, 0, p.bID.Public, 0)
	wantPlain(t, err, "was not funded by a closed budget vote")
	clk.Advance(8 * 24 * time.Hour)
	_, err = a.TreasuryPayItem(e.ID, 1, p.bID.Public, 0)
	wantPlain(t, err, "option 2 of")
	// The pump is owed: a second budget may promise only what is left.
	_, err = a.Propose(works(1_000 * money.Unit))
	wantPlain(t, err, "and 800.00 is owed to budget items voted already")
	if _, err := a.TreasuryPayItem(e.ID, 0, p.bID.Public, 300*money.Unit); err != nil {
		t.Fatal(err)
	}
	_, err = a.TreasuryPayItem(e.ID, 0, p.bID.Public, 600*money.Unit)
	wantPlain(t, err, "pump has 500.00 units left to pay")
	if _, err := a.TreasuryPayItem(e.ID, 0, p.bID.Public, 0); err != nil {
		t.Fatal(err)
	}
	v, err := a.Budgets()
	if err != nil || len(v.Lines) != 1 || v.Lines[0].Paid != 800*money.Unit || v.Owed != 0 {
		t.Fatalf("budgets after paying the pump: %+v, %v", v, err)
	}
}
