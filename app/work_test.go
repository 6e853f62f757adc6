package app_test

import (
	"testing"

	"dac/core/charter"
	"dac/core/ids"
	"dac/core/money"
)

func TestWorkIsLoggedAttestedAndPaid(t *testing.T) {
	clk := newClock()
	p := newPairWith(t, clk, func(ch *charter.Charter, founder ids.PubKey) {
		ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit // overflow funds the treasury
		ch.Contribution = &charter.Contribution{MonthlyCeiling: 500 * money.Unit, Roles: []charter.Role{
			{Name: "care", PerHour: 20 * money.Unit, Coordinators: []ids.PubKey{founder}}}}
	})
	a, aID, b, bID, pubA, pubB := p.a, p.aID, p.b, p.bID, p.pubA, p.pubB
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
