package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestRedeemBeyondTheEntitlementAsksConsent: asking for more food than is
// left says the price and shows a consent box; with it ticked the
// redemption is signed, and it is listed with its paid extra.
func TestRedeemBeyondTheEntitlementAsksConsent(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabCommunity)
	r.s.life.Show(subRations)
	v := r.s.life.subs[subRations].(*RationsScreen)
	r.shows("Nothing redeemed yet.")
	v.item.SetSelected("food")
	test.Type(v.qty, "20")
	test.Tap(findButton(t, r, "Make the redemption"))
	if !v.pay.Visible() || !strings.Contains(v.pay.Text, "I pay") || !strings.Contains(v.pay.Text, "for the 6 beyond my entitlement") {
		t.Fatalf("no consent asked: %q (message %q)", v.pay.Text, v.msg.Text)
	}
	if v.code.Visible() {
		t.Fatal("a redemption was signed without consent to its price")
	}
	test.Tap(v.pay) // the quantity is still there
	test.Tap(findButton(t, r, "Make the redemption"))
	if !v.code.Visible() || v.pay.Visible() {
		t.Fatalf("not redeemed with consent: %q", v.msg.Text)
	}
	r.shows("20 food · 6 paid extra")
	r.shows("waiting for the point's countersignature")
}
