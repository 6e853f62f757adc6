package app_test

import (
	"testing"
	"time"

	"dac/core/money"
)

func TestADetectedForkIsReportedAutomatically(t *testing.T) {
	clk := newClock()
	pubA, pubA2 := &recorder{}, &recorder{}
	a, aID, node, _ := founded(t, opts{clock: clk, pub: pubA})
	b := open(t, t.TempDir(), opts{clock: clk})
	bID := mustIdentity(t, b)
	if _, err := a.Vouch(bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(bID.Public); err != nil {
		t.Fatal(err)
	}
	// The same identity restored on a second device that has the record so far.
	a2 := open(t, t.TempDir(), opts{clock: clk, pub: pubA2})
	if _, err := a2.RestoreIdentity(aID.Phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if err := a2.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	if _, err := a2.Ingest(pubA.take()); err != nil {
		t.Fatal(err)
	}
	if err := a2.ConfirmCaughtUp(); err != nil { // the member says so, wrongly: the guard is overridden
		t.Fatal(err)
	}
	// Both devices, offline, spend at the same position of the chain.
	clk.Advance(time.Hour)
	if _, err := a.Pay(bID.Public, 500*money.Unit, "from device 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a2.Pay(bID.Public, 700*money.Unit, "from device 2"); err != nil {
		t.Fatal(err)
	}
	ev, err := a.Ingest(pubA2.take()) // they meet
	if err != nil || ev.Forks != 1 {
		t.Fatalf("ingest of the other device's entries: %+v, %v", ev, err)
	}
	log, err := a.Log(logKind("fork-report"))
	if err != nil || len(log) != 1 {
		t.Fatalf("fork reports filed: %d (%v)", len(log), err)
	}
	// A second meeting files nothing new.
	if ev, _ := a.Ingest(pubA2.all()); ev.Forks != 0 {
		t.Fatalf("the same fork reported again: %+v", ev)
	}

	// The payee learns of both payments and of the report: the account is
	// frozen, so neither double-spent payment is taken.
	if err := b.JoinNode(node); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ingest(rawsSoFar(t, a)); err != nil {
		t.Fatal(err)
	}
	got, err := b.ReceiveAll()
	if err != nil || len(got) != 0 {
		t.Fatalf("received %d payments from a frozen account (%v)", len(got), err)
	}
	if frozen, err := b.FrozenIncoming(); err != nil || len(frozen) != 2 {
		t.Fatalf("frozen incoming: %d (%v), want the 2 double-spent payments", len(frozen), err)
	}

	// The forker's device refuses to pay while frozen, and after the freeze
	// until the case is accepted; accepting owes the larger double-spent
	// payment to the dividend, and payments flow again.
	_, err = a.Pay(bID.Public, money.Unit, "during the freeze")
	wantPlain(t, err, "frozen until")
	clk.Advance(8 * 24 * time.Hour)
	_, err = a.Pay(bID.Public, money.Unit, "after the freeze")
	wantPlain(t, err, "accept the case")
	owed, err := a.SanctionsToAccept()
	if err != nil || len(owed) != 1 || owed[0].Debt != 700*money.Unit {
		t.Fatalf("to accept: %+v (%v)", owed, err)
	}
	if _, err := a.AcceptSanction(owed[0].Step.Case); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptSanction(owed[0].Step.Case); err == nil {
		t.Fatal("accepted twice")
	}
	after, err := a.Pay(bID.Public, money.Unit, "accepted")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Ingest(rawsSoFar(t, a)); err != nil {
		t.Fatal(err)
	}
	got, err = b.ReceiveAll()
	if err != nil || len(got) != 1 {
		t.Fatalf("received %d payments after the acceptance (%v), want 1", len(got), err)
	}
	if f, _ := b.FrozenIncoming(); len(f) != 2 || f[0] == after.ID || f[1] == after.ID {
		t.Fatalf("frozen incoming after the acceptance: %d, want the 2 double-spent payments", len(f))
	}
}
