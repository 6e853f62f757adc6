package app_test

import (
	"testing"
	"time"

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
