package core_test

import (
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// paid work: role "care" at 20 units an hour, coordinated by member 3; a
// ceiling of 100 units a month. The treasury (stewards 0, 1, 2; k = 2) has
// taken in some cap overflow.
func workWorld(t *testing.T) (*demo.World, *entry.Signed, *entry.Signed) {
	t.Helper()
	w, deps := hoardedWith(t, func(c *charter.Charter) {
		c.Contribution = &charter.Contribution{MonthlyCeiling: 100 * money.Unit, Roles: []charter.Role{
			{Name: "care", PerHour: 20 * money.Unit, Coordinators: []ids.PubKey{demo.Pub(demo.Key(41, 3))}}}}
	})
	act1, err := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID, deps[1].ID}}, []ids.Hash{deps[0].ID, deps[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	return w, act1, cosign(t, w, w.Keys[1], act1)
}

func logWork(t *testing.T, w *demo.World, k int, minutes uint32) *entry.Signed {
	t.Helper()
	e, err := w.Post(w.Keys[k], core.KindWorkLog, core.WorkLog{Role: "care", Minutes: minutes}, w.State.MembershipRefs(demo.Pub(w.Keys[k])))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func attest(t *testing.T, w *demo.World, log *entry.Signed) *entry.Signed {
	t.Helper()
	e, err := w.Post(w.Keys[3], core.KindWorkAttest, core.WorkAttest{Log: log.ID}, []ids.Hash{log.ID})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func payWork(t *testing.T, w *demo.World, tseq uint64, tprev, sig *entry.Signed, to int, amount int64, attests ...*entry.Signed) (*entry.Signed, error) {
	t.Helper()
	refs := []ids.Hash{tprev.ID, sig.ID}
	var work []ids.Hash
	for _, a := range attests {
		refs = append(refs, a.ID)
		work = append(work, a.ID)
	}
	return propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: tseq, TPrev: tprev.ID,
		Pay: &core.TreasuryPay{To: demo.Pub(w.Keys[to]), Amount: amount, Memo: "care"}, Work: work}, refs)
}

func TestAttestedWorkIsPaidAtTheCharterRate(t *testing.T) {
	w, act1, c1 := workWorld(t)
	a := attest(t, w, logWork(t, w, 4, 120)) // two hours
	_, err := payWork(t, w, 2, act1, c1, 4, 50*money.Unit, a)
	wantInvalid(t, err, "earns 40000000")
	act2, err := payWork(t, w, 2, act1, c1, 4, 40*money.Unit, a)
	if err != nil {
		t.Fatal(err)
	}
	c2 := cosign(t, w, w.Keys[1], act2)
	before := acctAfter(t, w, w.Keys[4]).Received
	if err := try(t, w, w.Keys[4], core.KindReceive, core.Receive{Pay: act2.ID}, []ids.Hash{act2.ID, c2.ID}); err != nil {
		t.Fatal(err)
	}
	if got := acctAfter(t, w, w.Keys[4]).Received - before; got != 40*money.Unit {
		t.Fatalf("credited %d for two hours at 20 units", got)
	}
	// The same work cannot be paid again along the chain.
	_, err = payWork(t, w, 3, act2, c2, 4, 40*money.Unit, a)
	wantInvalid(t, err, "paid already")
	audit(t, w)
}

func TestWorkingMoreEarnsMoreUpToTheCeiling(t *testing.T) {
	w, act1, c1 := workWorld(t)
	a1 := attest(t, w, logWork(t, w, 4, 4*60)) // 80 units
	a2 := attest(t, w, logWork(t, w, 4, 3*60)) // 60 more: only 20 fit under 100
	act2, err := payWork(t, w, 2, act1, c1, 4, 80*money.Unit, a1)
	if err != nil {
		t.Fatal(err)
	}
	c2 := cosign(t, w, w.Keys[1], act2)
	_, err = payWork(t, w, 3, act2, c2, 4, 60*money.Unit, a2)
	wantInvalid(t, err, "earns 20000000")
	if _, err := payWork(t, w, 3, act2, c2, 4, 20*money.Unit, a2); err != nil {
		t.Fatalf("the rest of the ceiling: %v", err)
	}
}

func TestAttackAttestingOwnOrOthersWork(t *testing.T) {
	w, _, _ := workWorld(t)
	own := logWork(t, w, 3, 60) // the coordinator's own work
	wantInvalid(t, try(t, w, w.Keys[3], core.KindWorkAttest, core.WorkAttest{Log: own.ID}, []ids.Hash{own.ID}), "own work")
	l := logWork(t, w, 4, 60)
	wantInvalid(t, try(t, w, w.Keys[2], core.KindWorkAttest, core.WorkAttest{Log: l.ID}, []ids.Hash{l.ID}), "only a coordinator")
	wantInvalid(t, try(t, w, w.Keys[4], core.KindWorkLog, core.WorkLog{Role: "piracy", Minutes: 60}, nil), "no role")
	wantInvalid(t, try(t, w, w.Keys[4], core.KindWorkLog, core.WorkLog{Role: "care", Minutes: 17 * 60}, nil), "1 to 960 minutes")
}

// A member paid the full ceiling for a month who logs more that month and
// then works the next month is still paid for the next month.
func TestWorkDueSkipsAFullMonth(t *testing.T) {
	w, act1, c1 := workWorld(t)
	a := attest(t, w, logWork(t, w, 4, 5*60)) // 100 units: the whole ceiling
	act2, err := payWork(t, w, 2, act1, c1, 4, 100*money.Unit, a)
	if err != nil {
		t.Fatal(err)
	}
	c2 := cosign(t, w, w.Keys[1], act2)
	attest(t, w, logWork(t, w, 4, 60)) // more in the full month: never payable
	w.Advance(31 * dayMs)
	next := attest(t, w, logWork(t, w, 4, 60)) // next month: 20 units
	work, amount, ok := w.State.WorkDue(demo.Pub(w.Keys[4]), w.Clock())
	if !ok || amount != 20*money.Unit || len(work) != 1 || work[0] != next.ID {
		t.Fatalf("WorkDue = %v, %d, %v; want the next month's attest and 20 units", work, amount, ok)
	}
	if _, err := payWork(t, w, 3, act2, c2, 4, amount, next); err != nil {
		t.Fatalf("paying what WorkDue offers: %v", err)
	}
}
