package app_test

import (
	"testing"

	"dac/core/charter"
	"dac/core/ids"
	"dac/core/money"
)

func TestWorkIsLoggedAttestedAndPaid(t *testing.T) {
	clk := newClock()
	pubA, pubB := &recorder{}, &recorder{}
	a := open(t, t.TempDir(), opts{clock: clk, pub: pubA})
	aID := mustIdentity(t, a)
	ch := sampleCharter(t)
	ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit
	ch.Contribution = &charter.Contribution{MonthlyCeiling: 500 * money.Unit, Roles: []charter.Role{
		{Name: "care", PerHour: 20 * money.Unit, Coordinators: []ids.PubKey{aID.Public}}}}
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
	// Fund the treasury: B overpays A, whose excess over the cap overflows.
	if _, err := b.Pay(aID.Public, 1_000*money.Unit, ""); err != nil {
		t.Fatal(err)
	}
	// B logs three hours of care.
	log, err := b.LogWork("care", 180, "night shift")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.LogWork("piracy", 60, ""); err == nil {
		t.Fatal("work in a role the charter does not have was logged")
	}
	if _, err := a.Ingest(pubB.take()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReceiveAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TreasuryClaim(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TreasuryPayWork(bID.Public); err == nil {
		t.Fatal("paid work nobody attested")
	}
	if _, err := a.AttestWork(log.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TreasuryPayWork(bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ingest(pubA.take()); err != nil {
		t.Fatal(err)
	}
	before, _ := b.Balance()
	if got, err := b.ReceiveAll(); err != nil || len(got) != 1 {
		t.Fatalf("B claims its pay: %d, %v", len(got), err)
	}
	after, _ := b.Balance()
	if after.Balance-before.Balance != 60*money.Unit {
		t.Fatalf("three hours at 20 units paid %d µ", after.Balance-before.Balance)
	}
	if _, err := a.TreasuryPayWork(bID.Public); err == nil {
		t.Fatal("the same work was paid twice")
	}
	if _, err := a.Ingest(pubB.take()); err != nil {
		t.Fatal(err)
	}
	if rep, _ := a.AuditMoney(clk.Now()); !rep.Conserved {
		t.Fatalf("audit %+v", rep)
	}
}
