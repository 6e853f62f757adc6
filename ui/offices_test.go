package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"dac/app"
	"dac/core/demo"
)

// TestVolunteerForAnOffice: the resident sees what volunteering does and
// volunteers for the audit office's draw; the card then says when to
// reveal. The elected office says how to serve there.
func TestVolunteerForAnOffice(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabCommunity)
	r.s.life.Show(subOffices)
	o := r.s.life.subs[subOffices].(*OfficesScreen)
	r.shows("No one holds it for more than 2 terms in a row; after that, 1 term(s) off.")
	r.shows("stand as a candidate in the election")
	audit := cardTitled(t, o.list, "audit")
	if !strings.Contains(texts(audit), "Volunteering puts you in the draw") {
		t.Fatalf("the audit card does not say what volunteering does:\n%s", texts(audit))
	}
	var label string
	for _, b := range buttonsIn(audit) {
		if strings.HasPrefix(b.Text, "Volunteer for term ") {
			label = b.Text
		}
	}
	tapIn(t, audit, label)
	r.shows("You volunteered for audit. Come back to reveal between")
	r.shows("You volunteered for term " + strings.TrimPrefix(label, "Volunteer for term "))
	for _, b := range buttonsIn(cardTitled(t, o.list, "audit")) {
		if strings.HasPrefix(b.Text, "Volunteer for term ") {
			t.Errorf("still offered %q after volunteering", b.Text)
		}
	}
}

// TestServeTwoTermsThenRest: the resident volunteers, reveals in the day
// before the term (the only revealer, so drawn) and takes the seat, twice
// in a row; then the audit office's limit of two consecutive terms says,
// on a disabled button, why they cannot volunteer for a third.
func TestServeTwoTermsThenRest(t *testing.T) {
	a, now := clockedDemo(t)
	r := clockedRig(t, a, now, subOffices)
	o := r.s.life.subs[subOffices].(*OfficesScreen)
	audit := func() fyne.CanvasObject { return cardTitled(t, o.list, "audit") }
	for range 2 {
		st := standingOf(t, a, "audit")
		tapIn(t, audit(), fmt.Sprintf("Volunteer for term %d", st.CallTerm))
		r.shows("You volunteered for audit.")
		*now = time.UnixMilli(st.CallCloses).Add(time.Hour)
		o.Refresh()
		tapIn(t, audit(), fmt.Sprintf("Reveal for term %d", st.CallTerm))
		r.shows(fmt.Sprintf("Revealed: you are in the draw for term %d of audit.", st.CallTerm))
		*now = time.UnixMilli(st.CallCloses).Add(25 * time.Hour) // the term has started
		o.Refresh()
		if !strings.Contains(texts(audit()), fmt.Sprintf("You won a seat for term %d", st.CallTerm)) {
			t.Fatalf("the draw's winner is not told:\n%s", texts(audit()))
		}
		tapIn(t, audit(), "Take my seat")
		r.shows(fmt.Sprintf("You took your seat of audit for term %d.", st.CallTerm))
		r.shows("You hold a seat of this term.")
	}
	me, _ := a.Whoami()
	r.shows("Held now by " + me.Short())
	card := texts(audit())
	if !strings.Contains(card, "Not possible now: no one holds audit for more than 2 consecutive terms") {
		t.Fatalf("a third term in a row is not refused in words:\n%s", card)
	}
	for _, b := range buttonsIn(audit()) {
		if strings.HasPrefix(b.Text, "Volunteer for term") && !b.Disabled() {
			t.Errorf("%q is enabled", b.Text)
		}
	}
}

// standingOf is an office as the app's key in use stands in it.
func standingOf(t *testing.T, a *app.App, office string) app.OfficeStanding {
	t.Helper()
	os, err := a.OfficeStandings()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range os {
		if s.Office.Name == office {
			return s
		}
	}
	t.Fatalf("no office %q", office)
	return app.OfficeStanding{}
}

// TestTheRegistrarCardSaysItsPower: on a demo that ends as the registrar
// office's second term begins, the registrar card says that the office
// admits members, and how far the running term's seat is confirmed.
func TestTheRegistrarCardSaysItsPower(t *testing.T) {
	a, now := clockedDemo(t, demo.EndingBy(demo.Config{Members: 40, Days: 20, Seed: 1}, testNow.UnixMilli()))
	r := clockedRig(t, a, now, subOffices)
	o := r.s.life.subs[subOffices].(*OfficesScreen)
	reg := texts(cardTitled(t, o.list, "registrar"))
	p, err := a.Registrars()
	if err != nil || p.Term != 2 || len(p.Holders) != 1 {
		t.Fatalf("registrars %+v, %v", p, err)
	}
	for _, want := range []string{"This office admits new members from its first term on. A seat counts once 3 members",
		"Seat of " + p.Holders[0].Short() + ": confirmed by 3 of 3."} {
		if !strings.Contains(reg, want) {
			t.Errorf("the registrar card does not say %q:\n%s", want, reg)
		}
	}
	if strings.Contains(texts(cardTitled(t, o.list, "audit")), "This office") {
		t.Error("the audit card claims a power")
	}
}

// TestConfirmASeatFromTheOfficesScreen: a member volunteers for the
// registrar office's second term, reveals and takes the seat; the demo
// resident's Offices screen then offers to confirm it (its device counts
// them the winner) and, once tapped, no longer does.
func TestConfirmASeatFromTheOfficesScreen(t *testing.T) {
	cfg := demo.Config{Members: 40, Days: 10, Seed: 1}
	a, now := clockedDemo(t, demo.EndingBy(cfg, testNow.UnixMilli()))
	first, err := a.OfficeTerm("registrar", 0)
	if err != nil || len(first.Holders) != 1 {
		t.Fatalf("term 1: %+v, %v", first, err)
	}
	taker := 2
	for demo.Pub(demo.Key(cfg.Seed, taker)) == first.Holders[0] || taker == app.DemoResident {
		taker++
	}
	phrase, _ := app.DemoPhrase(cfg.Seed, taker)
	a.Lock()
	if _, err := a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Volunteer("registrar"); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(9*24*time.Hour - time.Hour) // the day before term 2
	if _, err := a.Reveal("registrar"); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(20 * time.Hour) // into term 2, past the 6 hours devices wait
	if n, err := a.OfficeNotices(); err != nil || !slices.Equal(n.ToTake, []string{"registrar"}) {
		t.Fatalf("the winner's notices: %+v, %v", n, err)
	}
	if _, err := a.TakeSeat("registrar"); err != nil {
		t.Fatal(err)
	}
	resident, _ := app.DemoPhrase(cfg.Seed, app.DemoResident)
	a.Lock()
	if _, err := a.SignIn(resident); err != nil {
		t.Fatal(err)
	}
	r := clockedRig(t, a, now, subOffices)
	r.s.Tab(tabHome)
	r.shows("A seat of registrar waits for your confirmation (Community › Offices).")
	r.s.Tab(tabCommunity)
	o := r.s.life.subs[subOffices].(*OfficesScreen)
	who := demo.Pub(demo.Key(cfg.Seed, taker)).Short()
	tapIn(t, cardTitled(t, o.list, "registrar"), "Confirm the seat of "+who)
	r.shows("You confirmed the seat of " + who + ".")
	if strings.Contains(texts(cardTitled(t, o.list, "registrar")), "Confirm the seat of") {
		t.Error("still offered to confirm a seat this member confirmed")
	}
	r.shows("Seat of " + who + ": confirmed by 1 of 3.")
	if n, err := a.OfficeNotices(); err != nil || len(n.ToConfirm)+len(n.ToTake) != 0 {
		t.Fatalf("notices after confirming: %+v, %v", n, err)
	}
}
