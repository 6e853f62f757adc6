package core_test

import (
	"crypto/ed25519"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// hoarded makes a deposit: three members pour money into one account past
// the cap. It returns the world (stewards: founders 0, 1, 2; k = 2) and the
// receive entries that overflowed.
func hoarded(t *testing.T) (*demo.World, []*entry.Signed) {
	t.Helper()
	return hoardedWith(t, func(*charter.Charter) {})
}

func hoardedWith(t *testing.T, edit func(*charter.Charter)) (*demo.World, []*entry.Signed) {
	t.Helper()
	c := demo.Charter(demo.Pub(demo.Key(41, 0)))
	c.Money.Cap = c.Money.SteadyState() + 100*money.Unit
	c.Treasury = &charter.Treasury{Threshold: 2}
	for i := range 3 {
		c.Treasury.Stewards = append(c.Treasury.Stewards, demo.Pub(demo.Key(41, i)))
	}
	edit(&c)
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 41, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	var overflow []*entry.Signed
	for _, k := range w.Keys[1:4] {
		p := pay(t, w, k, w.Keys[4], 2_000*money.Unit)
		e, err := w.Post(w.Keys[4], core.KindReceive, core.Receive{Pay: p.ID}, []ids.Hash{p.ID})
		if err != nil {
			t.Fatal(err)
		}
		overflow = append(overflow, e)
	}
	return w, overflow[1:] // the first fitted under the cap
}

func propose(t *testing.T, w *demo.World, k ed25519.PrivateKey, body core.TreasuryPropose, refs []ids.Hash) (*entry.Signed, error) {
	t.Helper()
	e, _, err := w.Sign(k, core.KindTreasuryPropose, body, refs)
	if err != nil {
		t.Fatal(err)
	}
	return e, w.Offer(e)
}

func cosign(t *testing.T, w *demo.World, k ed25519.PrivateKey, act *entry.Signed) *entry.Signed {
	t.Helper()
	e, err := w.Post(k, core.KindTreasuryCosign, core.TreasuryCosign{Act: act.ID}, []ids.Hash{act.ID})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTreasuryTakesInOverflowAndPaysWithKSignatures(t *testing.T) {
	w, deps := hoarded(t)
	claim := core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID, deps[1].ID}}
	act1, err := propose(t, w, w.Keys[0], claim, []ids.Hash{deps[0].ID, deps[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	c1 := cosign(t, w, w.Keys[1], act1)
	before := audit(t, w).Treasury
	payTo := w.Keys[3]
	act2, err := propose(t, w, w.Keys[2], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID,
		Pay: &core.TreasuryPay{To: demo.Pub(payTo), Amount: 1_000 * money.Unit, Memo: "repairs"}}, []ids.Hash{act1.ID, c1.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Not yet in effect: one signature of two.
	wantInvalid(t, receive(t, w, payTo, act2), "not a valid payment")
	c2 := cosign(t, w, w.Keys[0], act2)
	if err := try(t, w, payTo, core.KindReceive, core.Receive{Pay: act2.ID}, []ids.Hash{act2.ID, c2.ID}); err != nil {
		t.Fatal(err)
	}
	rep := audit(t, w)
	if rep.Treasury != before-1_000*money.Unit || rep.InFlight != 0 {
		t.Fatalf("treasury %d -> %d after paying 1,000 units: %+v", before, rep.Treasury, rep)
	}
}

func TestAttackAStewardPayingThemselves(t *testing.T) {
	w, deps := hoarded(t)
	act1, _ := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID}}, []ids.Hash{deps[0].ID})
	c1 := cosign(t, w, w.Keys[1], act1)
	self := w.Keys[0]
	act2, err := propose(t, w, self, core.TreasuryPropose{TSeq: 2, TPrev: act1.ID,
		Pay: &core.TreasuryPay{To: demo.Pub(self), Amount: 500 * money.Unit}}, []ids.Hash{act1.ID, c1.ID})
	if err != nil {
		t.Fatal(err)
	}
	c2 := cosign(t, w, w.Keys[1], act2)
	// Two signatures, but one is the payee's own: not enough.
	wantInvalid(t, try(t, w, self, core.KindReceive, core.Receive{Pay: act2.ID}, []ids.Hash{act2.ID, c2.ID}), "not a valid payment")
	c3 := cosign(t, w, w.Keys[2], act2)
	if err := try(t, w, self, core.KindReceive, core.Receive{Pay: act2.ID}, []ids.Hash{act2.ID, c2.ID, c3.ID}); err != nil {
		t.Fatalf("with k others signing: %v", err)
	}
	audit(t, w)
}

func TestAttackTreasuryRules(t *testing.T) {
	w, deps := hoarded(t)
	_, err := propose(t, w, w.Keys[3], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID}}, []ids.Hash{deps[0].ID})
	wantInvalid(t, err, "only a steward")
	_, err = propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Pay: &core.TreasuryPay{To: demo.Pub(w.Keys[3]), Amount: money.Unit}}, nil)
	wantInvalid(t, err, "the treasury holds 0")
	act1, _ := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID}}, []ids.Hash{deps[0].ID})
	// The next act needs the first in effect (k = 2 signatures cited).
	_, err = propose(t, w, w.Keys[1], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID, Claim: []ids.Hash{deps[1].ID}}, []ids.Hash{act1.ID, deps[1].ID})
	wantInvalid(t, err, "has not taken effect")
	c1 := cosign(t, w, w.Keys[1], act1)
	// A deposit taken in twice along the chain.
	_, err = propose(t, w, w.Keys[1], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID, Claim: []ids.Hash{deps[0].ID}}, []ids.Hash{act1.ID, c1.ID, deps[0].ID})
	wantInvalid(t, err, "already taken in")
	// More than it holds.
	_, err = propose(t, w, w.Keys[1], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID,
		Pay: &core.TreasuryPay{To: demo.Pub(w.Keys[3]), Amount: 1_000_000 * money.Unit}}, []ids.Hash{act1.ID, c1.ID})
	wantInvalid(t, err, "the treasury holds")
	audit(t, w)
}

func TestAttackOneActClaimingADepositTwice(t *testing.T) {
	w, deps := hoarded(t)
	d := deps[0].ID
	_, err := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{d, d, d}}, []ids.Hash{d})
	wantInvalid(t, err, "listed twice")
	audit(t, w)
}

// A steward who signs two acts competing for one place would let both take
// effect and the treasury pay twice: the second signature is refused.
func TestAttackSigningCompetingActs(t *testing.T) {
	w, deps := hoarded(t)
	act1, _ := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID, deps[1].ID}}, []ids.Hash{deps[0].ID, deps[1].ID})
	c1 := cosign(t, w, w.Keys[1], act1)
	payAll := func(k, to int) *entry.Signed {
		e, err := propose(t, w, w.Keys[k], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID,
			Pay: &core.TreasuryPay{To: demo.Pub(w.Keys[to]), Amount: 3_000 * money.Unit}}, []ids.Hash{act1.ID, c1.ID})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := payAll(0, 3), payAll(1, 4)
	cosign(t, w, w.Keys[2], a)
	wantInvalid(t, try(t, w, w.Keys[2], core.KindTreasuryCosign, core.TreasuryCosign{Act: b.ID}, []ids.Hash{b.ID}), "already signed an act at treasury place 2")
	// and a steward cannot propose at a place they already signed either
	_, err := propose(t, w, w.Keys[2], core.TreasuryPropose{TSeq: 2, TPrev: act1.ID,
		Pay: &core.TreasuryPay{To: demo.Pub(w.Keys[3]), Amount: money.Unit}}, []ids.Hash{act1.ID, c1.ID})
	wantInvalid(t, err, "already signed")
	audit(t, w)
}

func TestAttackBackdatedTreasuryAct(t *testing.T) {
	w, deps := hoarded(t)
	act1, _ := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{deps[0].ID}}, []ids.Hash{deps[0].ID})
	c1 := cosign(t, w, w.Keys[1], act1)
	k := w.Keys[2]
	last := w.Chains()[demo.Pub(k)] // its own last entry is older than act 1: its chain allows the date
	if last.Time >= act1.Time {
		t.Fatal("setup: steward 2 wrote after act 1")
	}
	body, _ := entry.EncodeBody(core.TreasuryPropose{TSeq: 2, TPrev: act1.ID, Claim: []ids.Hash{deps[1].ID}})
	e, _ := entry.Sign(entry.Entry{Author: demo.Pub(k), Seq: last.Seq + 1, Prev: last.ID, Time: act1.Time - 1, Node: w.Node,
		Kind: core.KindTreasuryPropose, Refs: sortedRefs(act1.ID, c1.ID, deps[1].ID), Body: body}, k)
	wantInvalid(t, w.Offer(e), "dated before the treasury act it follows")
}

func sortedRefs(hs ...ids.Hash) []ids.Hash {
	e, _ := entry.Sign(entry.Entry{Seq: 1, Kind: "x", Refs: hs}, demo.Key(0, 0))
	return e.Refs
}
