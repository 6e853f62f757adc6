package core_test

import (
	"crypto/ed25519"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/ids"
)

func acctAfter(t *testing.T, w *demo.World, k ed25519.PrivateKey) core.Account {
	t.Helper()
	c, ok := w.Chains()[demo.Pub(k)]
	if !ok {
		t.Fatal("no chain")
	}
	return c.Acct
}

func TestAnAccountOpensWithTheEndowmentOnAdmission(t *testing.T) {
	w := small(t)
	r := w.State.Money()
	bStar := r.SteadyState()
	k := newcomer(1)
	who := demo.Pub(k)
	admit, err := w.Post(w.Keys[0], core.KindAdmit, core.Admit{Applicant: who}, vouchAll(t, w, w.Keys[1:4], who))
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(10 * dayMs) // ten days pass before the newcomer writes anything
	if _, err := w.Post(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(2))}, []ids.Hash{admit.ID}); err != nil {
		t.Fatal(err)
	}
	a := acctAfter(t, w, k)
	days := w.State.Period(w.Clock()) - w.State.Period(admit.Time)
	want, tot, _ := r.Settle(bStar, int(days), true)
	if !a.Open || !a.Member || a.Endowed != bStar || a.Balance != want || a.Issued != tot.Issued || a.Demurred != tot.Demurred {
		t.Fatalf("account %+v; want endowed %d, balance %d after %d days", a, bStar, want, days)
	}
	if a.Balance != a.Endowed+a.Issued-a.Demurred {
		t.Fatal("the account does not add up")
	}
}

func TestAttackNoDividendsForOutsiders(t *testing.T) {
	// Someone never admitted writes entries (they are invalid) and never gets
	// an account, let alone dividends; the audit does not count them.
	w := small(t)
	out := newcomer(9)
	for range 3 {
		w.Advance(dayMs)
		e, _, _ := w.Sign(out, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(8))}, nil)
		_ = w.Offer(e)
	}
	if a := acctAfter(t, w, out); a.Open || a.Balance != 0 {
		t.Fatalf("an outsider has an account: %+v", a)
	}
	rep := w.State.Audit(w.Chains(), w.State.Period(w.Clock()))
	if rep.Accounts != 5 || !rep.Conserved || rep.PerMember != rep.Target {
		t.Fatalf("audit %+v", rep)
	}
}

func TestLeavingStopsTheDividendAndRejoiningDoesNotEndowAgain(t *testing.T) {
	w := small(t)
	r := w.State.Money()
	k := w.Keys[4] // a founder
	w.Advance(5 * dayMs)
	leave, err := w.Post(k, core.KindLeave, core.Leave{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	atLeave := acctAfter(t, w, k)
	if atLeave.Member || atLeave.Issued != 5*r.Dividend {
		t.Fatalf("after leaving on day 5: %+v", atLeave)
	}
	w.Advance(20 * dayMs)
	who := demo.Pub(k)
	var vs []ids.Hash
	for _, v := range w.Keys[1:4] {
		e, err := w.Post(v, core.KindVouch, core.Vouch{Applicant: who, Epoch: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, e.ID)
	}
	readmit, err := w.Post(w.Keys[0], core.KindAdmit, core.Admit{Applicant: who, Epoch: 1}, append(vs, leave.ID))
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(7 * dayMs)
	if _, err := w.Post(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(3))}, []ids.Hash{readmit.ID}); err != nil {
		t.Fatal(err)
	}
	a := acctAfter(t, w, k)
	member := w.State.Period(w.Clock()) - w.State.Period(readmit.Time)
	if a.Endowed != r.SteadyState() || !a.Member || a.Issued != (5+member)*r.Dividend {
		t.Fatalf("after re-admission: %+v (dividend days: 5 + %d)", a, member)
	}
	if a.Balance != a.Endowed+a.Issued-a.Demurred {
		t.Fatal("the account does not add up")
	}
}

func TestAnInvalidEntryLeavesTheAccountAlone(t *testing.T) {
	w := small(t)
	k := w.Keys[2]
	w.Advance(dayMs)
	if _, err := w.Post(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newcomer(1))}, nil); err != nil {
		t.Fatal(err)
	}
	before := acctAfter(t, w, k)
	w.Advance(30 * dayMs)
	wantInvalid(t, try(t, w, k, core.KindVouch, core.Vouch{Applicant: demo.Pub(k)}, nil), "themselves")
	if after := acctAfter(t, w, k); after != before {
		t.Fatalf("an invalid entry settled the account: %+v -> %+v", before, after)
	}
}

func TestTheDemoAuditConservesMoneyAtTheSteadyState(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 200, Days: 365, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []int64{0, 100, 365, 800} {
		rep := w.State.Audit(w.Chains(), day)
		if !rep.Conserved {
			t.Fatalf("day %d: not conserved: %+v", day, rep)
		}
		if rep.DeviationPPM < -10_000 || rep.DeviationPPM > 10_000 {
			t.Fatalf("day %d: per member %d is %d ppm from B* %d", day, rep.PerMember, rep.DeviationPPM, rep.Target)
		}
	}
}
