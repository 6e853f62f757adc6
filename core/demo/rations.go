package demo

import (
	"crypto/ed25519"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// DemoRations is the sample charter's rations (points aside): water 100 l
// a day, food 14 units a week, energy 90 kWh a month; extras priced in two
// rising tiers up to a cap; emergencies of up to a week that cut water to
// 60 %, food to 70 % and energy to 50 %, never below the rights floor
// (50 l of water a day, 7 food units a week).
func DemoRations(points ...ids.PubKey) *charter.Rations {
	return &charter.Rations{
		Basket: []charter.RationItem{
			{Name: "water", Unit: "l", Quantity: 100, PeriodDays: 1, Floor: 50,
				Extra: []charter.PriceTier{{From: 0, PerUnit: 10_000}, {From: 100, PerUnit: 50_000}}, ExtraMax: 200},
			{Name: "food", Unit: "units", Quantity: 14, PeriodDays: 7, Floor: 7,
				Extra: []charter.PriceTier{{From: 0, PerUnit: 1_000_000}, {From: 7, PerUnit: 3_000_000}}, ExtraMax: 14},
			{Name: "energy", Unit: "kWh", Quantity: 90, PeriodDays: 30,
				Extra: []charter.PriceTier{{From: 0, PerUnit: 500_000}, {From: 60, PerUnit: 2_000_000}}, ExtraMax: 120},
		},
		Points: points,
		Emergency: &charter.EmergencyRules{MaxHours: 168, Reduced: []charter.ItemPercent{
			{Item: "water", Percent: 60}, {Item: "food", Percent: 70}, {Item: "energy", Percent: 50}},
			RatifyHours: 48, RenewStepPct: 10},
	}
}

// PointKey is the demo's distribution point (a kiosk's key, not a member).
func PointKey() ed25519.PrivateKey { return Key(-2, 0) }

// rations runs a day at the distribution point: about one member in four
// fetches water and one in twelve food, each countersigned by the point;
// on day 3 one member takes water beyond the entitlement and pays for it
// (the treasury takes the price in with the week's cap overflow); on day 5
// a steward declares a two-day emergency (emergency.go: expired by the end,
// and later ones) and one member's redemption that ignores it is refused
// and taken back. Demos of
// less than a week (the tests' small worlds) have no ration activity, so
// their entries stay those of the money issue's demos.
func (w *World) rations(day, days int) error {
	rs := w.State.Rations()
	if rs == nil || !rs.IsPoint(Pub(PointKey())) || days < 7 {
		return nil
	}
	if err := w.emergencies(day, days); err != nil {
		return err
	}
	for _, k := range w.activeKeys() {
		var err error
		switch r := w.rng.IntN(12); {
		case r < 3:
			err = w.redeem(k, "water", 20+w.rng.Int64N(60))
		case r == 3:
			err = w.redeem(k, "food", 1+w.rng.Int64N(4))
		}
		if err != nil {
			return err
		}
	}
	if day == 3 {
		if k := w.activeKeys(); len(k) > 0 {
			return w.redeem(k[len(k)-1], "water", 130)
		}
	}
	if day == 5 {
		return w.refused(w.activeKeys()[0])
	}
	return nil
}

// refused: a member whose device has not heard of the emergency asks for
// more water than it leaves; the point refuses, and the member's device
// takes the entitlement back.
func (w *World) refused(k ed25519.PrivateKey) error {
	body, ok := w.quote(k, "water", 90, w.State.MembershipRefs(Pub(k)))
	if !ok || body.Extra > 0 {
		return nil
	}
	r, err := w.Post(k, core.KindRationRedeem, body, w.State.MembershipRefs(Pub(k)))
	if err != nil {
		return err
	}
	no, err := w.Post(PointKey(), core.KindRationRefuse, core.RationRefuse{Redeem: r.ID}, []ids.Hash{r.ID})
	if err != nil {
		return err
	}
	_, err = w.Post(k, core.KindRationReturn, core.RationReturn{Redeem: r.ID}, []ids.Hash{no.ID})
	return err
}

// redeem has k take qty of item (paying for any extra the rules price) at
// the point, citing the emergencies in force, and the point countersign.
func (w *World) redeem(k ed25519.PrivateKey, item string, qty int64) error {
	refs := w.State.MembershipRefs(Pub(k))
	for _, e := range w.State.EmergenciesInForce(w.clock) {
		refs = append(refs, e.ID)
	}
	body, ok := w.quote(k, item, qty, refs)
	if !ok {
		return nil // over the cap, or not enough money: an honest device does not ask
	}
	r, err := w.Post(k, core.KindRationRedeem, body, refs)
	if err != nil {
		return err
	}
	_, err = w.Post(PointKey(), core.KindRationDispense, core.RationDispense{Redeem: r.ID}, []ids.Hash{r.ID})
	return err
}

// quote is the redemption of qty as the rules will see it at the time Post
// will give it (anywhere in the next 20 s): the same at both ends of that
// span means the same all along (within one period quotas only rise, as
// emergencies expire); if not, a period turns or an emergency ends in the
// span, and the clock moves past it.
func (w *World) quote(k ed25519.PrivateKey, item string, qty int64, refs []ids.Hash) (core.RationRedeem, bool) {
	for range 3 {
		a, errA := w.State.RationQuote(w.prev(Pub(k)), item, qty, Pub(PointKey()), w.clock+1, refs)
		b, errB := w.State.RationQuote(w.prev(Pub(k)), item, qty, Pub(PointKey()), w.clock+20_000, refs)
		if errA == nil && errB == nil && a == b {
			return a, true
		}
		w.Advance(20_000)
	}
	return core.RationRedeem{}, false
}
