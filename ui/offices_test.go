package ui

import (
	"strings"
	"testing"
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
	for _, b := range buttonsIn(o.list) {
		if strings.HasPrefix(b.Text, "Volunteer for term ") {
			t.Errorf("still offered %q after volunteering", b.Text)
		}
	}
}
