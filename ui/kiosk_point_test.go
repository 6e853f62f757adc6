package ui

import (
	"encoding/hex"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"dac/app"
	"dac/core"
	"dac/core/demo"
)

// A member redeems on their device; at the kiosk the distribution point
// signs in with its key, pastes the code, sees it verified and hands over:
// the redemption is countersigned and the member's water left went down.
// A garbled code is refused in plain words.
func TestKioskPointCountersignsARedemption(t *testing.T) {
	r := newKioskRig(t)
	r.signIn(app.DemoResident)
	before := waterLeft(t, r.a)
	e, _, err := r.a.Redeem("water", 30, demo.Pub(demo.PointKey()), false)
	if err != nil {
		t.Fatal(err)
	}
	code, err := r.a.ExportRedemption(e.ID, app.DefaultBundleDepth)
	if err != nil {
		t.Fatal(err)
	}
	if left := waterLeft(t, r.a); left != before-30 {
		t.Fatalf("water left %d after redeeming 30 of %d", left, before)
	}
	r.k.SignOut("")

	v := r.k.signIn
	test.Type(v.secret, app.KeyCodePrefix+hex.EncodeToString(demo.PointKey().Seed()))
	test.Tap(v.signIn)
	if r.k.session == nil || len(r.k.extras) == 0 {
		t.Fatalf("the point has no counter at the kiosk (%q)", v.msg.Text)
	}
	p := r.k.extras[0].p.(*PointCounter)
	r.k.session.main.SelectIndex(3)

	test.Type(p.code, "dacration1:garbled")
	test.Tap(findButton(t, r.rig, "Check"))
	if p.msg.Text == "" || p.give.Disabled() == false {
		t.Fatalf("a garbled code: message %q, hand-over enabled %v", p.msg.Text, !p.give.Disabled())
	}
	plain(t, p.msg.Text)

	p.code.SetText(code)
	test.Tap(findButton(t, r.rig, "Check"))
	if !strings.Contains(p.verdict.Text, "Verified") || p.give.Disabled() {
		t.Fatalf("verdict %q, message %q", p.verdict.Text, p.msg.Text)
	}
	test.Tap(p.give)
	if !strings.Contains(p.msg.Text, "countersigned") {
		t.Fatalf("after the hand-over: %q", p.msg.Text)
	}
	if _, err := r.a.Dispense(e.ID); err == nil { // answered once: a second hand-over is refused
		t.Fatal("the redemption was not countersigned: a second hand-over went through")
	}
}

func waterLeft(t *testing.T, a *app.App) int64 {
	t.Helper()
	v, err := a.Rations()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range v.Items {
		if it.Item == "water" {
			return it.Left
		}
	}
	t.Fatal("no water in the basket")
	return 0
}

// A resident applies for a dwelling; at the kiosk the housing office (the
// demo's last founder) closes the round, and the round's audit lists the
// household; the resident's Housing view then shows where they stand. A
// resident who holds no office sees no office counter; every resident can
// vote at the kiosk.
func TestKioskHousingOfficeClosesARound(t *testing.T) {
	r := newKioskRig(t)
	r.signIn(app.DemoResident)
	if len(r.k.extras) != 1 || r.k.extras[0].item.Text != "Votes" {
		t.Fatalf("a resident's kiosk extras: %d", len(r.k.extras))
	}
	if _, err := r.a.Apply(core.Attrs{Size: 2}, "near the river please"); err != nil {
		t.Fatal(err)
	}
	r.k.SignOut("")

	r.signIn(4) // the demo's last founder holds the housing office
	var office *OfficeCounter
	for _, x := range r.k.extras {
		if c, ok := x.p.(*OfficeCounter); ok {
			office = c
		}
	}
	if office == nil {
		t.Fatal("the housing office has no counter at the kiosk")
	}
	test.Tap(office.close)
	if !strings.Contains(office.msg.Text, "Round closed") {
		t.Fatalf("closing the round: %q", office.msg.Text)
	}
	plain(t, office.msg.Text)
	if !strings.Contains(office.audit.Text, "covered") {
		t.Fatalf("the last round's audit: %q", office.audit.Text)
	}
	r.k.SignOut("")

	r.signIn(app.DemoResident)
	m, err := r.a.MyHousing()
	if err != nil || (m.Home == nil && !m.Waiting) {
		t.Fatalf("after the round the applicant is neither housed nor waiting: %+v, %v", m, err)
	}
}
