package app_test

import (
	"testing"

	"dac/app"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/ids"
	"dac/core/money"
)

// treasuryApp is a kiosk on a demo whose cap sits just above the steady
// state, so that payments overflow and the stewards' treasury holds money.
func treasuryApp(t *testing.T) *app.App {
	t.Helper()
	a, err := newApp(t.TempDir(), newClock(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ch := demo.Charter(demo.Pub(demo.Key(1, 0)))
	ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit
	ch.Treasury = &charter.Treasury{Threshold: 2}
	for i := range 3 {
		ch.Treasury.Stewards = append(ch.Treasury.Stewards, demo.Pub(demo.Key(1, i)))
	}
	ch.Contribution = &charter.Contribution{MonthlyCeiling: 600 * money.Unit, Roles: []charter.Role{
		{Name: "care", PerHour: 15 * money.Unit, Coordinators: []ids.PubKey{demo.Pub(demo.Key(1, 1))}}}}
	if _, err := a.BuildDemo(demo.Config{Members: 12, Days: 10, Seed: 1, Charter: &ch}, nil); err != nil {
		t.Fatal(err)
	}
	return a
}

func as(t *testing.T, a *app.App, i int) ids.PubKey {
	t.Helper()
	a.Lock()
	k, err := a.SignIn(demoPhrase(t, i))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func findWork(ws []app.WorkItem, id ids.Hash) (app.WorkItem, bool) {
	for _, w := range ws {
		if w.ID == id {
			return w, true
		}
	}
	return app.WorkItem{}, false
}

// TestWorkLists: a member logs work; it waits in the coordinator's list
// until attested, then shows as attested in the member's own list.
func TestWorkLists(t *testing.T) {
	a := kioskApp(t)
	me := as(t, a, 6)
	log, err := a.LogWork("care", 90, "the Rossis' garden")
	if err != nil {
		t.Fatal(app.Message(err))
	}
	mine, err := a.WorkLogs(&me)
	if w, ok := findWork(mine, log.ID); err != nil || !ok || w.Attested || w.Minutes != 90 || w.Note != "the Rossis' garden" {
		t.Fatalf("my work: %+v, %v", mine, err)
	}
	as(t, a, 2) // coordinates repair, not care
	if todo, _ := a.ToAttest(); len(todo) > 0 {
		if _, ok := findWork(todo, log.ID); ok {
			t.Errorf("the repair coordinator is asked to attest care work")
		}
	}
	as(t, a, 1) // coordinates care
	todo, err := a.ToAttest()
	if _, ok := findWork(todo, log.ID); err != nil || !ok {
		t.Fatalf("the care coordinator's list: %+v, %v", todo, err)
	}
	if _, err := a.AttestWork(log.ID); err != nil {
		t.Fatal(app.Message(err))
	}
	todo, _ = a.ToAttest()
	if _, ok := findWork(todo, log.ID); ok {
		t.Errorf("attested work is still to attest")
	}
	all, _ := a.WorkLogs(nil)
	if w, ok := findWork(all, log.ID); !ok || !w.Attested || w.Member != me {
		t.Errorf("after the attest: %+v", w)
	}
}

// TestWaitingActs: a steward proposes a payment, which waits marked as
// theirs; another steward sees it unsigned, co-signs, and it takes effect.
func TestWaitingActs(t *testing.T) {
	a := treasuryApp(t)
	as(t, a, 0)
	to := demo.Pub(demo.Key(1, 7))
	v, err := a.Treasury()
	if err != nil || v.K != 2 {
		t.Fatalf("treasury %+v, %v", v, err)
	}
	amount := min(v.Balance, 5*money.Unit)
	if amount <= 0 {
		t.Fatalf("the demo treasury holds nothing: %+v", v)
	}
	p, err := a.TreasuryPay(to, amount, "tools")
	if err != nil {
		t.Fatal(app.Message(err))
	}
	acts, err := a.WaitingActs()
	if err != nil || len(acts) != 1 || acts[0].ID != p.ID || !acts[0].SignedByMe || acts[0].Pay.To != to {
		t.Fatalf("waiting after the proposal: %+v, %v", acts, err)
	}
	as(t, a, 1)
	if acts, _ := a.WaitingActs(); len(acts) != 1 || acts[0].SignedByMe {
		t.Fatalf("the other steward's view: %+v", acts)
	}
	if _, err := a.TreasuryCosign(p.ID); err != nil {
		t.Fatal(app.Message(err))
	}
	if acts, _ := a.WaitingActs(); len(acts) != 0 {
		t.Errorf("the act still waits after k signatures: %+v", acts)
	}
	if v2, _ := a.Treasury(); v2.Tip != p.ID {
		t.Errorf("the act is not in effect: tip %v", v2.Tip)
	}
}

// TestWorkDue: attested work shows as due to its member until a steward
// proposes paying it.
func TestWorkDue(t *testing.T) {
	a := treasuryApp(t)
	member := as(t, a, 6)
	log, err := a.LogWork("care", 60, "")
	if err != nil {
		t.Fatal(app.Message(err))
	}
	as(t, a, 1)
	if _, err := a.AttestWork(log.ID); err != nil {
		t.Fatal(app.Message(err))
	}
	as(t, a, 0)
	due, err := a.WorkDue()
	var mine int64
	for _, d := range due {
		if d.Member == member {
			mine = d.Amount
		}
	}
	if err != nil || mine != 15*money.Unit {
		t.Fatalf("due: %+v, %v; want 15 units to %v", due, err, member)
	}
	if _, err := a.TreasuryPayWork(member); err != nil {
		t.Fatal(app.Message(err))
	}
	acts, _ := a.WaitingActs()
	if len(acts) != 1 || acts[0].Pay.To != member || len(acts[0].WorkLogs) != 1 {
		t.Errorf("the proposal: %+v", acts)
	}
}
