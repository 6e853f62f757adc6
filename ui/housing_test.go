package ui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"dac/app"
	"dac/core/demo"
)

// housingRoles finds, on the kiosk rig's demo, the housing office holder
// and a member with no dwelling and no application.
func housingRoles(t *testing.T, r *kioskRig) (office, applicant int) {
	t.Helper()
	office, applicant = -1, -1
	rules, err := r.a.HousingRules()
	if err != nil || rules == nil {
		t.Fatalf("the demo has no housing section: %v", err)
	}
	for i := range smallDemo.Members {
		if rules.InOffice(demo.Pub(demo.Key(smallDemo.Seed, i))) {
			office = i
			continue
		}
		phrase, _ := app.DemoPhrase(smallDemo.Seed, i)
		if _, err := r.a.SignIn(phrase); err != nil {
			continue
		}
		m, err := r.a.MyHousing()
		if err == nil && applicant < 0 && m.Home == nil && !m.Waiting && !m.Unopened {
			applicant = i
		}
	}
	r.a.Lock()
	if office < 0 || applicant < 0 {
		t.Fatalf("office %d, applicant %d", office, applicant)
	}
	return office, applicant
}

// housingOf builds the Housing sub-tab on the kiosk's session.
func housingOf(r *kioskRig) *HousingScreen {
	x := NewHousingScreen(r.k.session)
	x.Refresh()
	return x
}

// TestHousingApplyAllocateSee: a member applies on the Housing tab; the
// housing office registers a dwelling that fits at its kiosk counter and
// closes the round; the member then sees the dwelling as theirs, and the
// office's audit says why.
func TestHousingApplyAllocateSee(t *testing.T) {
	r := newKioskRig(t)
	office, applicant := housingRoles(t, r)

	r.signIn(applicant)
	x := housingOf(r)
	if !strings.Contains(texts(x.Content()), "You hold no dwelling") {
		t.Fatalf("the housing tab says:\n%s", texts(x.Content()))
	}
	test.Type(x.apply.size, "9")
	x.apply.access.SetSelected(x.apply.rules.Features[:1])
	x.apply.districts.SetSelected(x.apply.rules.Districts[len(x.apply.rules.Districts)-1:])
	tapIn(t, x.Content(), "Apply for housing")
	if !strings.Contains(x.apply.msg.Text, "Applied") {
		t.Fatalf("apply: %q", x.apply.msg.Text)
	}
	if !strings.Contains(texts(x.Content()), "next round") {
		t.Fatalf("after applying the tab says:\n%s", texts(x.Content()))
	}
	if kioskHousingTab(r.k, r.k.session) != nil {
		t.Errorf("a member outside the housing office is offered its counter")
	}
	test.Tap(r.k.out)

	r.signIn(office)
	if len(r.k.extras) == 0 {
		t.Fatalf("the housing office holder has no counter")
	}
	v := r.k.extras[0].p.(*HousingOffice)
	r.k.session.main.SelectIndex(3)
	if !strings.Contains(v.apps.Text, demo.Pub(demo.Key(smallDemo.Seed, applicant)).Short()) {
		t.Fatalf("the office does not see the application:\n%s", v.apps.Text)
	}
	rules := v.rules
	test.Type(v.label, "Tower 9")
	v.district.SetSelectedIndex(len(rules.Districts) - 1)
	test.Type(v.rooms, strconv.Itoa(rules.RoomsFor(9)))
	test.Type(v.area, "140")
	v.features.SetSelected(rules.Features[:1])
	tapIn(t, v.Content(), "Register the dwelling")
	if !strings.Contains(v.msg.Text, "Registered Tower 9") {
		t.Fatalf("register: %q", v.msg.Text)
	}
	if !strings.Contains(v.summary.Text, "free dwelling") {
		t.Fatalf("no summary of the round: %q", v.summary.Text)
	}
	tapIn(t, v.Content(), "Close the round")
	if !strings.Contains(v.msg.Text, "Round closed") {
		t.Fatalf("close: %q", v.msg.Text)
	}
	if !strings.Contains(v.audit.Text, "the same allocation") {
		t.Fatalf("audit:\n%s", v.audit.Text)
	}
	test.Tap(r.k.out)

	r.signIn(applicant)
	x = housingOf(r)
	if got := texts(x.Content()); !strings.Contains(got, "You live in Tower 9") || !strings.Contains(got, "Give my dwelling back") {
		t.Fatalf("after the round the applicant's tab says:\n%s", got)
	}
	card := newHousingCard(r.k.session)
	card.Refresh()
	if !strings.Contains(texts(card.Content()), "Tower 9") {
		t.Errorf("the home card says:\n%s", texts(card.Content()))
	}
	tapIn(t, x.Content(), "Give my dwelling back…")
	if !strings.Contains(texts(x.Content()), "ends your right of use") {
		t.Fatalf("no confirmation that says what giving back means")
	}
}

// TestHousingMistakes: bad input gets plain words, and nothing is signed.
func TestHousingMistakes(t *testing.T) {
	r := newKioskRig(t)
	office, applicant := housingRoles(t, r)
	r.signIn(applicant)
	x := housingOf(r)
	for _, size := range []string{"", "zero", "0", "40"} {
		x.apply.size.SetText(size)
		tapIn(t, x.Content(), "Apply for housing")
		if !strings.Contains(x.apply.msg.Text, "1 to 32 persons") {
			t.Errorf("size %q: %q", size, x.apply.msg.Text)
		}
		plain(t, x.apply.msg.Text)
	}
	test.Tap(r.k.out)
	r.signIn(office)
	v := r.k.extras[0].p.(*HousingOffice)
	v.Refresh()
	test.Type(v.label, "Shed")
	test.Type(v.rooms, "many")
	tapIn(t, v.Content(), "Register the dwelling")
	if !strings.Contains(v.msg.Text, "whole numbers") {
		t.Errorf("bad rooms: %q", v.msg.Text)
	}
	plain(t, v.msg.Text)
}
