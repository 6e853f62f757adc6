package app_test

import (
	"testing"
	"time"

	"dac/core/ids"
	"dac/core/money"
)

func TestTreasuryTakesInOverflowAndPaysAMember(t *testing.T) {
	clk := newClock()
	pubA, pubB := &recorder{}, &recorder{}
	ch := sampleCharter(t)
	ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit // a low cap, so payments overflow
	dirA := t.TempDir()
	a := open(t, dirA, opts{clock: clk, pub: pubA})
	mustIdentity(t, a)
	node, err := a.CreateNode(ch)
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, t.TempDir(), opts{clock: clk, pub: pubB})
	bID := mustIdentity(t, b)
	if err := b.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vouch(bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ingest(pubA.take()); err != nil {
		t.Fatal(err)
	}
	// B pays the founder 1,500 units; at the cap, most of it overflows.
	if _, err := b.Pay(aID(t, a), 1_500*money.Unit, "too much"); err != nil {
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

func aID(t *testing.T, a interface {
	Whoami() (ids.PubKey, error)
}) ids.PubKey {
	t.Helper()
	k, err := a.Whoami()
	if err != nil {
		t.Fatal(err)
	}
	return k
}
