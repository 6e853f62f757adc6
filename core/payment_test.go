package core_test

import (
	"crypto/ed25519"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

func pay(t *testing.T, w *demo.World, from, to ed25519.PrivateKey, amount int64) *entry.Signed {
	t.Helper()
	e, err := w.Post(from, core.KindPay, core.Pay{To: demo.Pub(to), Amount: amount}, w.State.MembershipRefs(demo.Pub(from)))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func receive(t *testing.T, w *demo.World, k ed25519.PrivateKey, p *entry.Signed) error {
	t.Helper()
	return try(t, w, k, core.KindReceive, core.Receive{Pay: p.ID}, append([]ids.Hash{p.ID}, w.State.MembershipRefs(demo.Pub(k))...))
}

func audit(t *testing.T, w *demo.World) core.MoneyReport {
	t.Helper()
	rep := w.State.Audit(w.Chains(), w.State.Period(w.Clock()))
	if !rep.Conserved || !rep.AccountsAddUp {
		t.Fatalf("money not conserved: %+v", rep)
	}
	return rep
}

func TestPayAndReceive(t *testing.T) {
	w := small(t)
	a, b := w.Keys[1], w.Keys[2]
	p := pay(t, w, a, b, 1_000*money.Unit)
	if rep := audit(t, w); rep.InFlight != 1_000*money.Unit {
		t.Fatalf("in flight %d", rep.InFlight)
	}
	if got := acctAfter(t, w, a); got.Paid != 1_000*money.Unit || !got.AddsUp() {
		t.Fatalf("payer %+v", got)
	}
	if err := receive(t, w, b, p); err != nil {
		t.Fatal(err)
	}
	got := acctAfter(t, w, b)
	if got.Received != 1_000*money.Unit || !got.AddsUp() {
		t.Fatalf("payee %+v", got)
	}
	if rep := audit(t, w); rep.InFlight != 0 {
		t.Fatalf("still in flight: %+v", rep)
	}
}

func TestAttackOverspending(t *testing.T) {
	w := small(t)
	bal := w.State.Money().SteadyState()
	wantInvalid(t, try(t, w, w.Keys[1], core.KindPay, core.Pay{To: demo.Pub(w.Keys[2]), Amount: bal + 1}, nil), "not enough money")
	wantInvalid(t, try(t, w, w.Keys[1], core.KindPay, core.Pay{To: demo.Pub(w.Keys[1]), Amount: 1}, nil), "to yourself")
	wantInvalid(t, try(t, w, w.Keys[1], core.KindPay, core.Pay{To: demo.Pub(w.Keys[2]), Amount: 0}, nil), "positive")
	wantInvalid(t, try(t, w, newcomer(1), core.KindPay, core.Pay{To: demo.Pub(w.Keys[2]), Amount: 5}, nil), "no account")
	audit(t, w)
}

func TestAttackReceivingTwiceOrSomeoneElsesPayment(t *testing.T) {
	w := small(t)
	p := pay(t, w, w.Keys[1], w.Keys[2], 5*money.Unit)
	wantInvalid(t, receive(t, w, w.Keys[3], p), "not to its author")
	if err := receive(t, w, w.Keys[2], p); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, receive(t, w, w.Keys[2], p), "already received")
	if got := acctAfter(t, w, w.Keys[2]); got.Received != 5*money.Unit {
		t.Fatalf("credited %d", got.Received)
	}
	audit(t, w)
}

func TestAttackParkingMoneyInFlightDodgesNoDemurrage(t *testing.T) {
	w := small(t)
	amount := 20_000 * money.Unit
	p := pay(t, w, w.Keys[1], w.Keys[2], amount)
	w.Advance(100 * dayMs)
	if err := receive(t, w, w.Keys[2], p); err != nil {
		t.Fatal(err)
	}
	r := w.State.Money()
	days := w.State.Period(w.Clock()) - w.State.Period(p.Time)
	want, _, _ := r.Settle(amount, int(days), false)
	if got := acctAfter(t, w, w.Keys[2]).Received; got != want || got >= amount {
		t.Fatalf("credited %d after %d days in flight, want %d (< %d)", got, days, want, amount)
	}
	audit(t, w)
}

func TestAttackBackdatingAReceiveBeforeItsPayment(t *testing.T) {
	w := small(t)
	w.Advance(10 * dayMs)
	p := pay(t, w, w.Keys[1], w.Keys[4], money.Unit)
	k := w.Keys[4] // a founder who has written nothing yet: no earlier entry to bound the time
	b, _ := entry.EncodeBody(core.Receive{Pay: p.ID})
	e, err := entry.Sign(entry.Entry{Author: demo.Pub(k), Seq: 1, Time: p.Time - 5*dayMs, Node: w.Node,
		Kind: core.KindReceive, Refs: []ids.Hash{p.ID}, Body: b}, k)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, w.Offer(e), "dated before the payment")
}

func TestAttackHoardingPastTheCap(t *testing.T) {
	c := demo.Charter(demo.Pub(demo.Key(21, 0)))
	c.Money.Cap = c.Money.SteadyState() + 100*money.Unit
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 21, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	var pays []*entry.Signed
	for _, k := range w.Keys[1:4] { // three members pour money into one account
		pays = append(pays, pay(t, w, k, w.Keys[4], 30_000*money.Unit))
	}
	for _, p := range pays {
		if err := receive(t, w, w.Keys[4], p); err != nil {
			t.Fatal(err)
		}
	}
	got := acctAfter(t, w, w.Keys[4])
	if got.Balance > c.Money.Cap || got.Overflow == 0 {
		t.Fatalf("hoarder %+v, cap %d", got, c.Money.Cap)
	}
	if rep := audit(t, w); rep.Treasury != got.Overflow {
		t.Fatalf("treasury %d, overflow %d", rep.Treasury, got.Overflow)
	}
}

// A payee who forks can claim one payment once per branch (a fork proof
// then exposes it); on one branch it is still refused twice, which needs the
// ancestry lookup. Whatever the order, replicas agree.
func TestForkedBranchesClaimDeterministically(t *testing.T) {
	build := func(order []int) (ids.Hash, core.MoneyReport, []error) {
		w := small(t)
		p := pay(t, w, w.Keys[1], w.Keys[2], 7*money.Unit)
		k := w.Keys[2]
		base, _, _ := w.Sign(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(5))}, nil)
		baseCS, err := w.ApplyAfter(base, nil)
		if err != nil {
			t.Fatal(err)
		}
		mk := func(after *entry.Signed, seq uint64, kind string, body any, refs []ids.Hash, dt int64) *entry.Signed {
			b, _ := entry.EncodeBody(body)
			e, _ := entry.Sign(entry.Entry{Author: demo.Pub(k), Seq: seq, Prev: after.ID, Time: after.Time + dt,
				Node: w.Node, Kind: kind, Refs: refs, Body: b}, k)
			return e
		}
		recv := core.Receive{Pay: p.ID}
		refs := []ids.Hash{p.ID}
		x1 := mk(base, 2, core.KindReceive, recv, refs, 1000)                                      // branch X claims
		y1 := mk(base, 2, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(6))}, nil, 2000) // branch Y
		x2 := mk(x1, 3, core.KindReceive, recv, refs, 1000)                                        // X claims again: refused
		y2 := mk(y1, 3, core.KindReceive, recv, refs, 1000)                                        // Y claims: allowed
		es := []*entry.Signed{x1, y1, x2, y2}
		prevOf := map[ids.Hash]*entry.Signed{x1.ID: base, y1.ID: base, x2.ID: x1, y2.ID: y1}
		states := map[ids.Hash]core.ChainState{base.ID: baseCS}
		errs := make([]error, 4)
		for _, i := range order {
			e := es[i]
			prev := states[prevOf[e.ID].ID]
			if i == 1 || (i == 0 && containsIdx(order, 1, i)) {
				proof, _ := entry.NewForkProof(x1, y1) // as the store would, once both are in
				if f, err := proof.Verify(); err == nil {
					w.State.RecordFork(f)
				}
			}
			next, err := w.ApplyAfter(e, &prev)
			states[e.ID] = next
			errs[i] = err
		}
		chains := w.Chains()
		chains[demo.Pub(k)] = states[y2.ID]
		return w.State.Hash(), w.State.Audit(chains, w.State.Period(w.Clock())), errs
	}
	h1, rep, errs := build([]int{0, 1, 2, 3})
	h2, _, errs2 := build([]int{1, 3, 0, 2})
	if h1 != h2 {
		t.Fatal("the order of the branches changed the state hash")
	}
	for _, es := range [][]error{errs, errs2} {
		if es[0] != nil || es[1] != nil || es[3] != nil {
			t.Fatalf("branch entries refused: %v", es)
		}
		wantInvalid(t, es[2], "already received")
	}
	if rep.ForkCreated != 7*money.Unit || !rep.Conserved {
		t.Fatalf("audit %+v: a double claim on two branches must show as money created by the fork", rep)
	}
}

// containsIdx reports whether want appears in order before index i does.
func containsIdx(order []int, want, i int) bool {
	for _, o := range order {
		if o == want {
			return true
		}
		if o == i {
			return false
		}
	}
	return false
}

func TestPaymentsKeepMoneyConservedAndBalancesNonNegative(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		w, err := demo.Generate(demo.Config{Members: 60, Days: 90, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		pays := 0
		for _, e := range w.Entries {
			if e.Kind == core.KindPay {
				pays++
			}
		}
		if pays < 100 {
			t.Fatalf("seed %d: only %d payments in the demo", seed, pays)
		}
		for _, day := range []int64{0, 45, 90, 400} {
			rep := w.State.Audit(w.Chains(), day)
			if !rep.Conserved || !rep.AccountsAddUp || rep.ForkCreated != 0 {
				t.Fatalf("seed %d day %d: %+v", seed, day, rep)
			}
		}
		for k, c := range w.Chains() {
			if c.Acct.Balance < 0 {
				t.Fatalf("seed %d: %s has a negative balance", seed, k.Short())
			}
		}
	}
}

// The payee claims on branch X, but its head is branch Y which never claimed:
// the audit counts the payment as still in flight and the other branch's
// credit as fork-created, and stays exact.
func TestAuditOfAForkedPayeeStaysExact(t *testing.T) {
	w := small(t)
	p := pay(t, w, w.Keys[1], w.Keys[2], 7*money.Unit)
	k := w.Keys[2]
	base, _, _ := w.Sign(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(5))}, nil)
	baseCS, _ := w.ApplyAfter(base, nil)
	mk := func(kind string, body any, refs []ids.Hash, dt int64) *entry.Signed {
		b, _ := entry.EncodeBody(body)
		e, _ := entry.Sign(entry.Entry{Author: demo.Pub(k), Seq: 2, Prev: base.ID, Time: base.Time + dt, Node: w.Node, Kind: kind, Refs: refs, Body: b}, k)
		return e
	}
	x := mk(core.KindReceive, core.Receive{Pay: p.ID}, []ids.Hash{p.ID}, 1000)
	y := mk(core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(6))}, nil, 2000)
	if _, err := w.ApplyAfter(x, &baseCS); err != nil {
		t.Fatal(err)
	}
	yCS, err := w.ApplyAfter(y, &baseCS)
	if err != nil {
		t.Fatal(err)
	}
	proof, _ := entry.NewForkProof(x, y)
	f, _ := proof.Verify()
	w.State.RecordFork(f)
	chains := w.Chains()
	chains[demo.Pub(k)] = yCS // a head on the branch that never claimed (y's id sorts either way)
	rep := w.State.Audit(chains, w.State.Period(w.Clock()))
	if !rep.Conserved || rep.ForkCreated != 7*money.Unit || rep.InFlight != 7*money.Unit {
		t.Fatalf("audit %+v", rep)
	}
}

// An offline double spend: the payer's head branch carries one payment, the
// other branch's payment reached its payee anyway. The audit stays exact and
// names the money the fork put into circulation.
func TestAuditOfAForkedPayerNamesTheDoubleSpend(t *testing.T) {
	w := small(t)
	x, y := forkOf(t, w, 1, 2, 3)
	prev := w.Chains()[demo.Pub(w.Keys[1])]
	var pv *core.ChainState
	if prev.Seq > 0 {
		pv = &prev
	}
	xCS, _ := w.ApplyAfter(x, pv)
	if _, err := w.ApplyAfter(y, pv); err != nil {
		t.Fatal(err)
	}
	proof, _ := entry.NewForkProof(x, y)
	f, _ := proof.Verify()
	w.State.RecordFork(f)
	for _, payee := range []int{2, 3} { // both payees claim
		pid := x.ID
		if payee == 3 {
			pid = y.ID
		}
		if _, err := w.Post(w.Keys[payee], core.KindReceive, core.Receive{Pay: pid}, []ids.Hash{pid}); err != nil {
			t.Fatal(err)
		}
	}
	chains := w.Chains()
	chains[demo.Pub(w.Keys[1])] = xCS // the payer's head: branch x
	rep := w.State.Audit(chains, w.State.Period(w.Clock()))
	if !rep.Conserved || rep.ForkSpent != 9*money.Unit {
		t.Fatalf("audit %+v", rep)
	}
}
