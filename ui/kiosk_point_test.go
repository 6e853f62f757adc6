package ui

import (
	"encoding/hex"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"dac/app"
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
