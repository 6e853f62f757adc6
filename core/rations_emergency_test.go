package core_test

import (
	"testing"

	"dac/core"
	"dac/core/charter"
)

// Emergency quotas as the rations see them: bounds on declarations, cuts
// that expire by themselves, and what a distribution point does with them.
// (Helpers in rations_test.go.)

func TestAttackEmergencyBeyondTheMaximumOrBelowTheFloor(t *testing.T) {
	w := small(t)
	steward := w.Keys[0]
	wantInvalid(t, errOf(declare(t, w, steward, core.EmergencyDeclare{Hours: 169})), "1 to 168 hours")
	wantInvalid(t, errOf(declare(t, w, steward, core.EmergencyDeclare{Hours: 0})), "1 to 168 hours")
	below := []charter.ItemPercent{{Item: "water", Percent: 49}}
	wantInvalid(t, errOf(declare(t, w, steward, core.EmergencyDeclare{Hours: 24, Measures: below})), "below the rights floor")
	food := []charter.ItemPercent{{Item: "food", Percent: 40}} // 5.6 of 14 units: under the 7-unit floor
	wantInvalid(t, errOf(declare(t, w, steward, core.EmergencyDeclare{Hours: 24, Measures: food})), "below the rights floor")
	more := []charter.ItemPercent{{Item: "water", Percent: 120}}
	wantInvalid(t, errOf(declare(t, w, steward, core.EmergencyDeclare{Hours: 24, Measures: more})), "only reduces")
	wantInvalid(t, errOf(declare(t, w, w.Keys[4], core.EmergencyDeclare{Hours: 24})), "only a treasury steward")
	if len(w.State.Emergencies()) != 0 {
		t.Fatal("a refused declaration took effect")
	}
	// Energy has no floor: an emergency may cut it to nothing; water at
	// the floor exactly is allowed.
	ok := []charter.ItemPercent{{Item: "energy", Percent: 0}, {Item: "water", Percent: 50}}
	if _, err := declare(t, w, steward, core.EmergencyDeclare{Hours: 168, Measures: ok}); err != nil {
		t.Fatal(err)
	}
}

func TestEmergencyCutsQuotasAndExpiresByItself(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	em, err := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 2}) // the standing plan: water 60 %
	if err != nil {
		t.Fatal(err)
	}
	if l := left(t, w, m, "water", em.ID); l.Quota != 60 || l.Normal != 100 {
		t.Fatalf("quota under the emergency: %+v", l)
	}
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 61, 0, 0), em.ID)), "the extra is 1")
	r := mustRedeem(t, w, m, redeemBody("water", 61, 1, 10_000), em.ID)
	if err := dispense(t, w, point, r, em.ID); err != nil {
		t.Fatal(err)
	}
	w.Advance(2 * 3600 * 1000) // expired, same day
	if _, in := w.State.EmergencyInForce(em.ID, w.Clock()+1); in {
		t.Fatal("the emergency outlived its duration")
	}
	if l := left(t, w, m, "water", em.ID); l.Quota != 100 || l.Left != 40 {
		t.Fatalf("after expiry: %+v", l)
	}
}

func TestAttackEmergencyUsedPastItsExpiry(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	em, err := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(3600 * 1000)
	// Citing the expired declaration cuts nothing: 100 l are free again,
	// and a point that cites it cannot refuse the hand-over with it.
	r := mustRedeem(t, w, m, redeemBody("water", 100, 0, 0), em.ID)
	if err := dispense(t, w, point, r, em.ID); err != nil {
		t.Fatalf("an expired emergency still bound the counter: %v", err)
	}
	if got := w.State.EmergenciesInForce(w.Clock()); len(got) != 0 {
		t.Fatalf("in force after expiry: %+v", got)
	}
	if c, _ := w.State.EmergencyCaseOf(em.ID, w.Clock()); c.State != core.EmergencyExpired || c.InForce() {
		t.Fatalf("status after expiry: %+v", c)
	}
	// Renewals and ratifications past the end: see emergency_test.go
	// (TestAttackRenewingWithoutTheRisingThreshold, TestAttackUnratifiedCouncilDeclarationIsVoid).
}

func TestPointRefusesARedemptionThatIgnoresAKnownEmergency(t *testing.T) {
	w := small(t)
	em, err := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 24})
	if err != nil {
		t.Fatal(err)
	}
	// The member's device had not heard of it: 80 l is valid in their chain...
	r := mustRedeem(t, w, w.Keys[1], redeemBody("water", 80, 0, 0))
	// ...but a point that knows the emergency does not hand it over.
	wantInvalid(t, dispense(t, w, point, r, em.ID), "ignores emergency")
	// Within the reduced quota, not knowing is harmless.
	small := mustRedeem(t, w, w.Keys[2], redeemBody("water", 50, 0, 0))
	if err := dispense(t, w, point, small, em.ID); err != nil {
		t.Fatal(err)
	}
}

// A member who took the whole water quota before an emergency cut it is
// over the reduced quota: a further redemption is all paid extra, and the
// point that knows the emergency may still countersign it (the demo found
// the counter refusing it).
func TestAPaidExtraAfterAMidPeriodCutIsHandedOver(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	full := mustRedeem(t, w, m, redeemBody("water", 100, 0, 0))
	if err := dispense(t, w, point, full); err != nil {
		t.Fatal(err)
	}
	em, err := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 2}) // water to 60 %
	if err != nil {
		t.Fatal(err)
	}
	r := mustRedeem(t, w, m, redeemBody("water", 10, 10, 100_000), em.ID)
	if err := dispense(t, w, point, r, em.ID); err != nil {
		t.Fatalf("the point refuses a paid extra over the reduced quota: %v", err)
	}
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 10, 0, 0), em.ID)), "the extra is 10")
}
