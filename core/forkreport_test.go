package core_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// forkOf makes author k sign two different payments at the same position:
// an offline double spend to two payees.
func forkOf(t *testing.T, w *demo.World, k, to1, to2 int) (*entry.Signed, *entry.Signed) {
	t.Helper()
	a, _, _ := w.Sign(w.Keys[k], core.KindPay, core.Pay{To: demo.Pub(w.Keys[to1]), Amount: 9 * money.Unit}, nil)
	b0, _, _ := w.Sign(w.Keys[k], core.KindPay, core.Pay{To: demo.Pub(w.Keys[to2]), Amount: 9 * money.Unit}, nil)
	b, err := entry.Sign(entry.Entry{Author: a.Author, Seq: a.Seq, Prev: a.Prev, Time: b0.Time, Node: a.Node,
		Kind: a.Kind, Body: b0.Body}, w.Keys[k])
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func TestAttackOfflineDoubleSpendIsProvenAndReported(t *testing.T) {
	w := small(t)
	x, y := forkOf(t, w, 1, 2, 3)
	prev := w.Chains()[demo.Pub(w.Keys[1])]
	var p *core.ChainState
	if prev.Seq > 0 {
		p = &prev
	}
	for _, e := range []*entry.Signed{x, y} { // two payees on two partitions each got one
		if _, err := w.ApplyAfter(e, p); err != nil {
			t.Fatalf("each half of the double spend is valid on its own: %v", err)
		}
	}
	proof, err := entry.NewForkProof(x, y)
	if err != nil {
		t.Fatal(err)
	}
	reporter := newcomer(1) // anyone may report, member or not
	if err := try(t, w, reporter, core.KindForkReport, core.ForkReport{Proof: proof}, nil); err != nil {
		t.Fatal(err)
	}
	if !w.State.HasCase(x.Author, x.Seq) || !w.State.Forked(x.Author) || len(w.State.Cases()) != 1 {
		t.Fatal("a valid fork report opened no case")
	}
	if c := w.State.Cases()[0]; c.Author != x.Author || c.Seq != x.Seq {
		t.Fatalf("case %+v", c)
	}
}

func TestAttackForgedForkProofHarmsNoOne(t *testing.T) {
	// Someone builds a "proof" against an innocent member from one real entry
	// of theirs and one the forger signed with their own key.
	w := small(t)
	innocent := w.Keys[1]
	real, err := w.Post(innocent, core.KindPay, core.Pay{To: demo.Pub(w.Keys[2]), Amount: money.Unit}, nil)
	if err != nil {
		t.Fatal(err)
	}
	forger := newcomer(3)
	fake, _ := entry.Sign(entry.Entry{Author: real.Author, Seq: real.Seq, Prev: real.Prev, Time: real.Time, Node: real.Node,
		Kind: real.Kind, Body: entry.RawBody{0xa0}}, forger) // the innocent's name, the forger's signature
	proofs := []entry.ForkProof{
		{A: real.Raw, B: fake.Raw}, {A: fake.Raw, B: real.Raw}, // a signature that is not the author's
		{A: real.Raw, B: real.Raw}, // the same entry twice
	}
	for i, p := range proofs {
		wantInvalid(t, try(t, w, forger, core.KindForkReport, core.ForkReport{Proof: p}, nil), "fork proof does not hold")
		if w.State.Forked(real.Author) || w.State.HasCase(real.Author, real.Seq) {
			t.Fatalf("forged proof %d harmed the innocent account", i)
		}
	}
}

// Once a fork is proven, no payment the forker made from the forked
// position on can be received by anyone who knows of it; payments made
// before the fork are untouched.
func TestAttackAForkedAccountIsFrozen(t *testing.T) {
	w := small(t)
	forker := w.Keys[1]
	early := pay(t, w, forker, w.Keys[4], 2*money.Unit) // before the fork
	x, y := forkOf(t, w, 1, 2, 3)
	prev := w.Chains()[demo.Pub(forker)]
	for _, e := range []*entry.Signed{x, y} {
		if _, err := w.ApplyAfter(e, &prev); err != nil {
			t.Fatalf("each half of the double spend is valid on its own: %v", err)
		}
	}
	proof, err := entry.NewForkProof(x, y)
	if err != nil {
		t.Fatal(err)
	}
	report, err := w.Post(newcomer(1), core.KindForkReport, core.ForkReport{Proof: proof}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if seq, r, ok := w.State.FrozenFrom(x.Author); !ok || seq != x.Seq || r != report.ID {
		t.Fatalf("FrozenFrom = %d, %s, %v; want %d, %s", seq, r.Short(), ok, x.Seq, report.ID.Short())
	}
	receiveCiting := func(k int, p *entry.Signed) error {
		refs := append([]ids.Hash{p.ID, report.ID}, w.State.MembershipRefs(demo.Pub(w.Keys[k]))...)
		return try(t, w, w.Keys[k], core.KindReceive, core.Receive{Pay: p.ID}, refs)
	}
	wantInvalid(t, receiveCiting(2, x), "frozen")
	wantInvalid(t, receiveCiting(3, y), "frozen")
	if err := receiveCiting(4, early); err != nil {
		t.Fatalf("a payment made before the fork: %v", err)
	}
	audit(t, w)
}
