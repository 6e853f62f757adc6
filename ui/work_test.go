package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/ids"
	"dac/core/money"
)

// treasuryRig is a device of steward 0 on a demo whose cap sits just above
// the steady state, so that the treasury holds money; one care role,
// coordinated by member 1; stewards 0, 1 and 2, two signatures needed;
// the demo's rations and emergency rules.
// Other members act on it through the kiosk's SignIn (as(i)).
func treasuryRig(t *testing.T) *rig {
	t.Helper()
	return treasuryRigAt(t, newBackend(t))
}

// treasuryRigAt is treasuryRig on the backend a.
func treasuryRigAt(t *testing.T, a *app.App) *rig {
	t.Helper()
	ch := demo.Charter(demo.Pub(demo.Key(1, 0)))
	ch.Money.Cap = ch.Money.SteadyState() + 100*money.Unit
	ch.Treasury = &charter.Treasury{Threshold: 2}
	for i := range 3 {
		ch.Treasury.Stewards = append(ch.Treasury.Stewards, demo.Pub(demo.Key(1, i)))
	}
	ch.Contribution = &charter.Contribution{MonthlyCeiling: 600 * money.Unit, Roles: []charter.Role{
		{Name: "care", PerHour: 15 * money.Unit, Coordinators: []ids.PubKey{demo.Pub(demo.Key(1, 1))}}}}
	ch.Rations = demo.DemoRations(demo.Pub(demo.PointKey())) // with its emergency rules
	if _, err := a.BuildDemo(demo.Config{Members: 12, Days: 10, Seed: 1, Charter: &ch}, nil); err != nil {
		t.Fatal(err)
	}
	phrase, _ := app.DemoPhrase(1, 0)
	if _, err := a.RestoreIdentity(phrase, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, a)
	r.s.Unlocked()
	r.s.Tab(tabCommunity)
	r.s.life.Show(subWork)
	return r
}

// as makes member i the key in use and refreshes the Work tab.
func (r *rig) as(i int) {
	r.t.Helper()
	phrase, _ := app.DemoPhrase(1, i)
	if _, err := r.a.SignIn(phrase); err != nil {
		r.t.Fatal(err)
	}
	r.s.work.Refresh()
}

// tapIn taps the button labelled label under o.
func tapIn(t *testing.T, o fyne.CanvasObject, label string) {
	t.Helper()
	var b *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == label && b == nil {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q in:\n%s", label, texts(o))
	}
	test.Tap(b)
}

// TestTreasuryAndWork: a steward proposes a payment and another co-signs
// it; a member logs work, its coordinator attests it, and a steward
// proposes paying it.
func TestTreasuryAndWork(t *testing.T) {
	r := treasuryRig(t)
	w := r.s.work
	w.Show(2)
	r.shows("You are one of its stewards.")
	to := demo.Pub(demo.Key(1, 7))
	test.Type(w.treasury.to, to.String())
	test.Type(w.treasury.amount, "1")
	test.Type(w.treasury.memo, "seeds")
	test.Tap(w.treasury.propose)
	r.shows("Proposed paying 1.00 units to member " + to.Short())
	r.shows("Pay 1.00 units to member " + to.Short() + ". “seeds”")
	r.shows("You have signed it.")

	r.as(1)
	tapIn(t, w.treasury.waiting, "Co-sign")
	r.shows("You signed it.")
	r.shows("Nothing is waiting.")

	r.as(6)
	w.Show(0)
	w.mine.role.SetSelectedIndex(0)
	test.Type(w.mine.hours, "1,5")
	test.Type(w.mine.note, "the Rossis' garden")
	test.Tap(w.mine.log)
	r.shows("Logged 1 h 30 min of care.")
	r.shows("care · 1 h 30 min · the Rossis' garden · waiting for the coordinator")
	w.Show(2)
	if w.treasury.steward.Visible() {
		t.Errorf("a member who is no steward is offered the stewards' actions")
	}

	r.as(1)
	w.Show(1)
	member := demo.Pub(demo.Key(1, 6))
	if !strings.Contains(texts(w.attest.rows), "Member "+member.Short()) {
		t.Fatalf("the coordinator does not see the work to attest:\n%s", texts(w.attest.rows))
	}
	tapIn(t, w.attest.rows, "Attest")
	r.shows("Attested the work of member " + member.Short())

	r.as(0)
	w.Show(2)
	r.shows("Member " + member.Short() + ": 22.50 units of attested work.")
	for _, row := range w.treasury.due.Objects {
		if strings.Contains(texts(row), member.Short()) {
			tapIn(t, row, "Propose paying it")
		}
	}
	r.shows("Proposed paying member " + member.Short() + " for their work.")
	r.shows("Pay 22.50 units to member " + member.Short() + " for attested work.")
}

// TestWorkMistakes: bad hours and a payment beyond the treasury read as
// plain words.
func TestWorkMistakes(t *testing.T) {
	r := treasuryRig(t)
	w := r.s.work
	for _, h := range []string{"", "lots", "0", "25"} {
		w.mine.hours.SetText(h)
		test.Tap(w.mine.log)
		r.shows("write the hours as a number")
	}
	w.Show(2)
	test.Type(w.treasury.to, demo.Pub(demo.Key(1, 7)).String())
	test.Type(w.treasury.amount, "999999")
	test.Tap(w.treasury.propose)
	if w.treasury.msg.Importance != widget.DangerImportance {
		t.Fatalf("paying more than the treasury holds: %q", w.treasury.msg.Text)
	}
	plain(t, w.treasury.msg.Text)
}

// TestABudgetIsPaidFromTheTreasuryScreen: members vote a budget within
// what the treasury holds; once the vote has closed, the treasury screen
// shows what is owed, and a steward pays the funded option to the member
// chosen in the payment form.
func TestABudgetIsPaidFromTheTreasuryScreen(t *testing.T) {
	now := testNow
	r := treasuryRigAt(t, newBackendAt(t, func() time.Time { return now }))
	w := r.s.work
	b, err := r.a.Budgets()
	if err != nil || b.Room() < 10*money.Unit {
		t.Fatalf("the rig's treasury holds too little for a budget: %+v, %v", b, err)
	}
	e, err := r.a.Propose(core.Propose{Kind: "budget", Title: "Spring works", Method: core.MethodBudget, Budget: 10 * money.Unit,
		Options: []core.Option{{Name: "Well pump", Cost: 6 * money.Unit}, {Name: "Kiln", Cost: 5 * money.Unit}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		r.as(i)
		if _, err := r.a.Vote(e.ID, []string{"Well pump"}); err != nil {
			t.Fatal(err)
		}
	}
	r.as(0)
	w.Show(2)
	r.shows("No budget vote has funded anything yet.")
	now = now.Add(8 * 24 * time.Hour)
	w.treasury.Refresh()
	r.shows("Owed to budgets: 6.00 units.")
	r.shows("Spring works: Well pump — funded 6.00 units; paid 0.00, 6.00 left to pay.")
	tapIn(t, w.treasury.budgets, "Pay what is left to the member chosen below")
	r.shows("First choose, in “To” below, the member who carries it out.")
	to := demo.Pub(demo.Key(1, 7))
	test.Type(w.treasury.to, to.String())
	tapIn(t, w.treasury.budgets, "Pay what is left to the member chosen below")
	r.shows("Proposed paying 6.00 units to member " + to.Short() + " for “Well pump”.")
	r.shows("Pay 6.00 units to member " + to.Short() + ". “budget: Well pump”")
	r.as(1)
	tapIn(t, w.treasury.waiting, "Co-sign")
	r.shows("Spring works: Well pump — funded 6.00 units, paid in full.")
}

// TestTheHomeScreenShowsTheEmergencyWithItsTimeLeft: a steward declares
// an emergency; the home screen's banner says what it is and how long it
// has left, and is gone once the emergency has expired by itself.
func TestTheHomeScreenShowsTheEmergencyWithItsTimeLeft(t *testing.T) {
	now := testNow
	r := treasuryRigAt(t, newBackendAt(t, func() time.Time { return now }))
	if _, err := r.a.DeclareEmergency(app.EmergencyOrder{Hours: 30, Reason: "the river is low"}); err != nil {
		t.Fatal(err)
	}
	r.s.Tab(tabHome)
	r.s.Refresh()
	r.shows("Emergency: the river is low. It ends by itself in 30 h.")
	now = now.Add(20 * time.Hour)
	r.s.Refresh()
	r.shows("It ends by itself in 10 h.")
	now = now.Add(11 * time.Hour)
	r.s.Refresh()
	if got := texts(r.w.Content()); strings.Contains(got, "Emergency:") {
		t.Fatalf("the banner outlives the emergency:\n%s", got)
	}
}
