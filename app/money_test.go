package app_test

import (
	"testing"
	"time"

	"dac/core/money"
)

// Two devices: the founder pays a newly admitted member, who claims it on
// their own device; both converge, balances add up and money is conserved.
func TestTwoDevicesPayAndReceive(t *testing.T) {
	clk := newClock()
	p2 := newPair(t, clk)
	a, aID, b, bID, pubA, pubB := p2.a, p2.aID, p2.b, p2.bID, p2.pubA, p2.pubB
	clk.Advance(3 * 24 * time.Hour)
	if _, err := a.Pay(bID.Public, 250*money.Unit, "tools"); err != nil {
		t.Fatal(err)
	}
	_, err := a.Pay(bID.Public, 1_000_000*money.Unit, "")
	wantPlain(t, err, "offline spending cap")
	_, err = a.Pay(newPub(t), money.Unit, "")
	wantPlain(t, err, "not a member")

	if _, err := b.Ingest(pubA.take()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	got, err := b.ReceiveAll()
	if err != nil || len(got) != 1 {
		t.Fatalf("ReceiveAll: %d, %v", len(got), err)
	}
	if again, err := b.ReceiveAll(); err != nil || len(again) != 0 {
		t.Fatalf("a second ReceiveAll claimed %d (%v)", len(again), err)
	}
	if _, err := a.Ingest(pubB.take()); err != nil {
		t.Fatal(err)
	}
	sa, _ := a.Status()
	sb, _ := b.Status()
	if sa.StateHash != sb.StateHash {
		t.Fatal("the devices disagree")
	}
	balA, err := a.Balance()
	if err != nil {
		t.Fatal(err)
	}
	balB, err := b.Balance()
	if err != nil {
		t.Fatal(err)
	}
	if balB.Balance <= balB.Target || balA.Balance >= balA.Target {
		t.Fatalf("after paying 250 units: A %d, B %d, B* %d", balA.Balance, balB.Balance, balA.Target)
	}
	hist, err := b.History()
	if err != nil || len(hist) != 1 || !hist[0].Received || hist[0].From != aID.Public {
		t.Fatalf("B's history %+v, %v", hist, err)
	}
	repA, err := a.AuditMoney(clk.Now())
	if err != nil || !repA.Conserved || !repA.AccountsAddUp || repA.InFlight != 0 || repA.Members != 2 {
		t.Fatalf("audit on A: %+v, %v", repA, err)
	}
	repB, _ := b.AuditMoney(clk.Now())
	if repB != repA {
		t.Fatalf("the audits differ:\nA %+v\nB %+v", repA, repB)
	}
}
