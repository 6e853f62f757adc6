package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"testing"

	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// The demo basket: water 100 l a day (floor 50; extra 0.01 units a litre,
// 0.05 from the 100th extra litre; at most 200 extra), food 14 units a week
// (floor 7), energy 90 kWh a month. Emergencies last at most 168 hours.

var point = demo.PointKey()

func redeemBody(item string, qty, extra, price int64) core.RationRedeem {
	return core.RationRedeem{Item: item, Qty: qty, Point: demo.Pub(point), Extra: extra, Price: price}
}

// redeem has k redeem body, citing their admission and emergencies.
func redeem(t *testing.T, w *demo.World, k ed25519.PrivateKey, body core.RationRedeem, emergencies ...ids.Hash) (*entry.Signed, error) {
	t.Helper()
	e, prev, err := w.Sign(k, core.KindRationRedeem, body, append(w.State.MembershipRefs(demo.Pub(k)), emergencies...))
	if err != nil {
		t.Fatal(err)
	}
	verr := w.State.Validate(e, prev)
	aerr := w.Offer(e)
	if (verr == nil) != (aerr == nil) {
		t.Fatalf("Validate says %v, Apply says %v", verr, aerr)
	}
	return e, aerr
}

func mustRedeem(t *testing.T, w *demo.World, k ed25519.PrivateKey, body core.RationRedeem, emergencies ...ids.Hash) *entry.Signed {
	t.Helper()
	e, err := redeem(t, w, k, body, emergencies...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func dispense(t *testing.T, w *demo.World, by ed25519.PrivateKey, r *entry.Signed, emergencies ...ids.Hash) error {
	t.Helper()
	return try(t, w, by, core.KindRationDispense, core.RationDispense{Redeem: r.ID}, append([]ids.Hash{r.ID}, emergencies...))
}

func left(t *testing.T, w *demo.World, k ed25519.PrivateKey, item string, emergencies ...ids.Hash) core.RationLeft {
	t.Helper()
	var chain *core.ChainState
	if c, ok := w.Chains()[demo.Pub(k)]; ok {
		chain = &c
	}
	for _, l := range w.State.RationsLeft(chain, w.Clock(), emergencies) {
		if l.Item == item {
			return l
		}
	}
	t.Fatalf("no item %s", item)
	return core.RationLeft{}
}

func declare(t *testing.T, w *demo.World, k ed25519.PrivateKey, d core.EmergencyDeclare) (*entry.Signed, error) {
	t.Helper()
	e, _, err := w.Sign(k, core.KindEmergencyDeclare, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e, w.Offer(e)
}

func TestEntitlementsPerPeriodAndRollover(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	mustRedeem(t, w, m, redeemBody("water", 60, 0, 0))
	if l := left(t, w, m, "water"); l.Left != 40 || l.Quota != 100 {
		t.Fatalf("after 60 l: %+v", l)
	}
	r := mustRedeem(t, w, m, redeemBody("water", 40, 0, 0))
	if err := dispense(t, w, point, r); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 1, 0, 0))), "0 l water left")
	mustRedeem(t, w, m, redeemBody("food", 14, 0, 0))
	w.Advance(dayMs) // a new day: water renews, food (weekly) does not
	if l := left(t, w, m, "water"); l.Left != 100 {
		t.Fatalf("water did not renew: %+v", l)
	}
	mustRedeem(t, w, m, redeemBody("water", 100, 0, 0))
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("food", 1, 0, 0))), "0 units food left")
	w.Advance(7 * dayMs)
	mustRedeem(t, w, m, redeemBody("food", 14, 0, 0))
	if l := left(t, w, w.Keys[2], "energy"); l.Left != 90 {
		t.Fatalf("someone else's entitlement moved: %+v", l)
	}
}

func errOf(_ *entry.Signed, err error) error { return err }

func TestExtraIsPricedProgressivelyAndGoesToTheTreasury(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	var before core.Account // m has written nothing yet
	// 100 free, then 150 extra: 100 at 0.01 and 50 at 0.05 units.
	const price = 100*10_000 + 50*50_000
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 250, 150, price-1))), "costs 3500000")
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 250, 0, 0))), "the extra is 150")
	r := mustRedeem(t, w, m, redeemBody("water", 250, 150, price))
	after := acctAfter(t, w, m)
	if after.Paid-before.Paid != price || !after.AddsUp() {
		t.Fatalf("the extra cost %d µ, want %d: %+v", after.Paid-before.Paid, price, after)
	}
	rep := audit(t, w)
	if rep.Treasury != price {
		t.Fatalf("treasury holds %d µ, want the price %d", rep.Treasury, price)
	}
	// The consumption cap: 200 extra litres a day at most.
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 51, 51, 51*50_000))), "consumption cap")
	mustRedeem(t, w, m, redeemBody("water", 50, 50, 50*50_000))
	// The treasury takes the price in like cap overflow.
	act, err := propose(t, w, w.Keys[0], core.TreasuryPropose{TSeq: 1, Claim: []ids.Hash{r.ID}}, []ids.Hash{r.ID})
	if err != nil {
		t.Fatal(err)
	}
	if w.Charter.Treasury.Threshold > 1 {
		cosign(t, w, w.Keys[1], act)
	}
	if rep := audit(t, w); rep.Treasury != price+50*50_000 {
		t.Fatalf("treasury %d after taking the price in", rep.Treasury)
	}
}

func TestAttackExtraWithoutTheMoney(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	// The most extra water a day costs 6 units: spend all but one first.
	pay(t, w, m, w.Keys[2], w.State.Money().SteadyState()-money.Unit)
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 300, 200, 100*10_000+100*50_000))), "not enough money")
	audit(t, w)
}

func TestAttackRedeemingForANonMember(t *testing.T) {
	w := small(t)
	wantInvalid(t, errOf(redeem(t, w, newcomer(1), redeemBody("water", 10, 0, 0))), "not a member")
	// Naming someone else changes nothing: the redemption is always the author's.
	wantInvalid(t, errOf(redeem(t, w, newcomer(2), redeemBody("food", 1, 0, 0))), "not a member")
}

func TestAttackDispensingByANonPointOrARedemptionNamingAnotherPoint(t *testing.T) {
	other := demo.Key(77, 1)
	c := demo.Charter(demo.Pub(demo.Key(11, 0)))
	c.Treasury = &charter.Treasury{Threshold: 1, Stewards: []ids.PubKey{demo.Pub(demo.Key(11, 0))}}
	c.Rations = demo.DemoRations(demo.Pub(point), demo.Pub(other))
	w, err := demo.Generate(demo.Config{Members: 5, Days: 0, Seed: 11, Charter: &c})
	if err != nil {
		t.Fatal(err)
	}
	m := w.Keys[1]
	wantInvalid(t, errOf(redeem(t, w, m, core.RationRedeem{Item: "water", Qty: 1, Point: demo.Pub(w.Keys[3])})), "not a distribution point")
	r := mustRedeem(t, w, m, redeemBody("water", 10, 0, 0))
	wantInvalid(t, dispense(t, w, w.Keys[3], r), "not a distribution point")
	wantInvalid(t, dispense(t, w, other, r), "names point")
	wantInvalid(t, try(t, w, point, core.KindRationDispense, core.RationDispense{Redeem: r.ID}, nil), "not a valid redemption it references")
	if err := dispense(t, w, point, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.State.Redemption(r.ID); !got.Dispensed {
		t.Fatal("the countersigned redemption does not show as dispensed")
	}
}

// twoBranches makes k sign two redemptions at the same position of their
// chain: water at two offline points, each the whole day's entitlement.
func twoBranches(t *testing.T, w *demo.World, k ed25519.PrivateKey) (*entry.Signed, *entry.Signed, *core.ChainState) {
	t.Helper()
	a, prev, err := w.Sign(k, core.KindRationRedeem, redeemBody("water", 100, 0, 0), w.State.MembershipRefs(demo.Pub(k)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := entry.Sign(entry.Entry{Author: a.Author, Seq: a.Seq, Prev: a.Prev, Time: a.Time + 1000, Node: a.Node,
		Kind: a.Kind, Refs: a.Refs, Body: entry.RawBody(mustBody(t, redeemBody("water", 100, 0, 0)))}, k)
	if err != nil {
		t.Fatal(err)
	}
	return a, b, prev
}

func mustBody(t *testing.T, v any) []byte {
	t.Helper()
	b, err := entry.EncodeBody(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAttackOverRedemptionAtTwoOfflinePoints(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	// Along one chain (the counter holds the complete segment): refused.
	mustRedeem(t, w, m, redeemBody("water", 100, 0, 0))
	wantInvalid(t, errOf(redeem(t, w, m, redeemBody("water", 100, 0, 0))), "0 l water left")
	// On two branches (two points, neither seeing the other): each half is
	// valid on its own, and the pair is a fork proof that opens a case.
	k := w.Keys[2]
	a, b, prev := twoBranches(t, w, k)
	for _, e := range []*entry.Signed{a, b} {
		if _, err := w.ApplyAfter(e, prev); err != nil {
			t.Fatalf("each branch is valid alone: %v", err)
		}
		if err := dispense(t, w, point, e); err != nil {
			t.Fatal(err)
		}
	}
	proof, err := entry.NewForkProof(a, b)
	if err != nil {
		t.Fatalf("two redemptions at one position are not a fork proof: %v", err)
	}
	if err := try(t, w, newcomer(5), core.KindForkReport, core.ForkReport{Proof: proof}, nil); err != nil {
		t.Fatal(err)
	}
	if !w.State.HasCase(a.Author, a.Seq) {
		t.Fatal("the double redemption opened no case")
	}
}

func TestRationsFoldTheSameInAnyOrder(t *testing.T) {
	w := small(t)
	em, _ := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 30})
	for i, k := range w.Keys {
		r := mustRedeem(t, w, k, redeemBody("water", 30+int64(i), 0, 0), em.ID)
		if err := dispense(t, w, point, r, em.ID); err != nil {
			t.Fatal(err)
		}
	}
	mustRedeem(t, w, w.Keys[3], redeemBody("water", 50, 23, 23*10_000), em.ID)
	refused := mustRedeem(t, w, w.Keys[2], redeemBody("water", 10, 0, 0), em.ID)
	refusal, err := post(t, w, point, core.KindRationRefuse, core.RationRefuse{Redeem: refused.ID}, refused.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := post(t, w, w.Keys[2], core.KindRationReturn, core.RationReturn{Redeem: refused.ID}, refusal.ID); err != nil {
		t.Fatal(err)
	}
	w.Advance(dayMs + 7*3600*1000)
	mustRedeem(t, w, w.Keys[3], redeemBody("food", 20, 6, 6*1_000_000))
	a, b, prev := twoBranches(t, w, w.Keys[4])
	for _, e := range []*entry.Signed{a, b} {
		if _, err := w.ApplyAfter(e, prev); err != nil {
			t.Fatal(err)
		}
	}
	want := w.State.Hash()
	_, wantChains := foldChains(t, w.Entries, 0)
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 6 {
		st, chains := foldChains(t, randomTopo(w.Entries, rng), 1+rng.IntN(20))
		if st.Hash() != want {
			t.Fatalf("round %d: another arrival order, another state", round)
		}
		for id, c := range wantChains {
			if chains[id] != c {
				t.Fatalf("round %d: chain state after %s differs", round, id.Short())
			}
		}
	}
	audit(t, w)
}

func TestRationCharterValidation(t *testing.T) {
	good := demo.DemoRations(demo.Pub(point))
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(r *charter.Rations){
		"no basket":       func(r *charter.Rations) { r.Basket = nil },
		"floor over":      func(r *charter.Rations) { r.Basket[0].Floor = 101 },
		"falling prices":  func(r *charter.Rations) { r.Basket[0].Extra[1].PerUnit = 1 },
		"tier from 0":     func(r *charter.Rations) { r.Basket[0].Extra[0].From = 5 },
		"zero period":     func(r *charter.Rations) { r.Basket[1].PeriodDays = 0 },
		"twice":           func(r *charter.Rations) { r.Basket[2].Name = "water" },
		"plan below":      func(r *charter.Rations) { r.Emergency.Reduced[0].Percent = 10 },
		"no max hours":    func(r *charter.Rations) { r.Emergency.MaxHours = 0 },
		"cap, no prices":  func(r *charter.Rations) { r.Basket[0].Extra = nil },
		"overflowing":     func(r *charter.Rations) { r.Basket[0].ExtraMax, r.Basket[0].Extra[1].PerUnit = 1<<40, 1<<30 },
		"plan of nothing": func(r *charter.Rations) { r.Emergency.Reduced = []charter.ItemPercent{{Item: "air", Percent: 50}} },
		"ratify too long": func(r *charter.Rations) { r.Emergency.RatifyHours = 169 },
		"steep renewals":  func(r *charter.Rations) { r.Emergency.RenewStepPct = 51 },
		"falling renewal": func(r *charter.Rations) { r.Emergency.RenewStepPct = -1 },
	}
	for name, edit := range cases {
		r := demo.DemoRations(demo.Pub(point))
		edit(r)
		if r.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c := demo.Charter(demo.Pub(point))
	c.Rations = good
	if c.Validate() == nil {
		t.Error("emergencies without stewards (no treasury section) accepted")
	}
	c.Money, c.Rations.Emergency = nil, nil
	if c.Validate() == nil {
		t.Error("priced extras without a currency accepted")
	}
}

func TestExtraPriceFollowsTheTiers(t *testing.T) {
	it := demo.DemoRations().Basket[0]
	for _, c := range []struct{ already, n, want int64 }{
		{0, 0, 0}, {0, 1, 10_000}, {0, 100, 1_000_000}, {99, 2, 10_000 + 50_000}, {100, 10, 500_000}, {50, 100, 50*10_000 + 50*50_000},
	} {
		if got := it.ExtraPrice(c.already, c.n); got != c.want {
			t.Errorf("ExtraPrice(%d, %d) = %d, want %d", c.already, c.n, got, c.want)
		}
	}
}

// chaosRation is a random ration act for the fold's property tests:
// redemptions with extras and prices right or wrong, at the point or not,
// citing emergencies or not; dispenses and refusals by the point or anyone,
// returns of refused redemptions (some twice); emergencies
// by whoever chaos picked (stewards are the first three), within the
// bounds or not.
func chaosRation(w *demo.World, rng *rand.Rand, k ed25519.PrivateKey, refs []ids.Hash) (string, any, []ids.Hash, ed25519.PrivateKey) {
	switch rng.IntN(7) {
	case 0:
		return core.KindEmergencyDeclare, core.EmergencyDeclare{Hours: 1 + rng.IntN(200), NoExtras: rng.IntN(2) == 0}, nil, k
	case 3, 4:
		return chaosEmergencyVote(w, rng, k)
	case 1:
		var rs []core.Redemption
		for i, at := 0, rng.IntN(len(w.Keys)); i < len(w.Keys) && len(rs) == 0; i++ {
			rs = w.State.RedemptionsOf(demo.Pub(w.Keys[(at+i)%len(w.Keys)]))
		}
		if len(rs) == 0 {
			break
		}
		by := k
		if rng.IntN(3) > 0 {
			by = point
		}
		if rng.IntN(3) == 0 {
			return core.KindRationRefuse, core.RationRefuse{Redeem: rs[0].ID}, []ids.Hash{rs[0].ID}, by
		}
		return core.KindRationDispense, core.RationDispense{Redeem: rs[0].ID}, append(w.State.EmergencyRefs(rs[0].Time), rs[0].ID), by
	case 2:
		for _, r := range w.State.RedemptionsOf(demo.Pub(k)) {
			if refusal, ok := w.State.Refusal(r.ID); ok {
				return core.KindRationReturn, core.RationReturn{Redeem: r.ID}, []ids.Hash{refusal}, k
			}
		}
	}
	item := []string{"water", "food", "energy"}[rng.IntN(3)]
	qty := 1 + rng.Int64N(150)
	var chain *core.ChainState
	if c, ok := w.Chains()[demo.Pub(k)]; ok {
		chain = &c
	}
	body, _ := w.State.RationQuote(chain, item, qty, demo.Pub(point), w.Clock(), w.State.EmergencyRefs(w.Clock()))
	if rng.IntN(3) == 0 {
		body.Extra, body.Price = rng.Int64N(3), rng.Int64N(3)*10_000 // often wrong
	}
	if rng.IntN(2) == 0 {
		refs = append(refs, w.State.EmergencyRefs(w.Clock())...)
	}
	return core.KindRationRedeem, body, refs, k
}

// chaosEmergencyVote is a random emergency proposal (fresh, ratifying or
// renewing a random link, with the renewal number sometimes wrong) or a
// ballot on one.
func chaosEmergencyVote(w *demo.World, rng *rand.Rand, k ed25519.PrivateKey) (string, any, []ids.Hash, ed25519.PrivateKey) {
	refs := w.State.MembershipRefs(demo.Pub(k))
	links := w.State.Emergencies()
	if len(links) == 0 || rng.IntN(4) == 0 {
		return core.KindPropose, emergencyProposal(core.EmergencyTerms{Hours: 1 + rng.IntN(200)}), refs, k
	}
	l := links[rng.IntN(len(links))]
	if l.Origin != core.OriginCouncil && rng.IntN(2) == 0 {
		return core.KindBallot, core.Ballot{Proposal: l.ID, Pick: []uint32{uint32(rng.IntN(2))}}, append(refs, l.ID), k
	}
	terms := core.EmergencyTerms{Ratifies: &l.ID}
	if l.Origin != core.OriginCouncil {
		terms = core.EmergencyTerms{Hours: 1 + rng.IntN(100), Renews: &l.ID, Renewal: l.Renewal + 1 - rng.IntN(2)}
	}
	return core.KindPropose, emergencyProposal(terms), append(refs, l.ID), k
}

func TestAttackStaleRedemptionAtTheCounter(t *testing.T) {
	w := small(t)
	r := mustRedeem(t, w, w.Keys[1], redeemBody("water", 20, 0, 0))
	w.Advance(core.CounterWindowMillis)
	wantInvalid(t, dispense(t, w, point, r), "redeem again at the counter")
	fresh := mustRedeem(t, w, w.Keys[1], redeemBody("water", 20, 0, 0))
	if err := dispense(t, w, point, fresh); err != nil {
		t.Fatal(err)
	}
}

func post(t *testing.T, w *demo.World, k ed25519.PrivateKey, kind string, body any, refs ...ids.Hash) (*entry.Signed, error) {
	t.Helper()
	e, prev, err := w.Sign(k, kind, body, refs)
	if err != nil {
		t.Fatal(err)
	}
	verr := w.State.Validate(e, prev)
	aerr := w.Offer(e)
	if (verr == nil) != (aerr == nil) {
		t.Fatalf("Validate says %v, Apply says %v", verr, aerr)
	}
	return e, aerr
}

func TestARefusedRedemptionIsTakenBack(t *testing.T) {
	w := small(t)
	m := w.Keys[1]
	em, _ := declare(t, w, w.Keys[0], core.EmergencyDeclare{Hours: 24})
	r := mustRedeem(t, w, m, redeemBody("water", 80, 0, 0)) // not knowing the emergency
	wantInvalid(t, dispense(t, w, point, r, em.ID), "ignores emergency")
	wantInvalid(t, errOf(post(t, w, w.Keys[2], core.KindRationRefuse, core.RationRefuse{Redeem: r.ID}, r.ID)), "not a distribution point")
	refusal, err := post(t, w, point, core.KindRationRefuse, core.RationRefuse{Redeem: r.ID}, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, errOf(post(t, w, point, core.KindRationRefuse, core.RationRefuse{Redeem: r.ID}, r.ID)), "already answered")
	wantInvalid(t, dispense(t, w, point, r), "already answered")
	if l := left(t, w, m, "water", em.ID); l.Left != 0 {
		t.Fatalf("before the return: %+v", l)
	}
	wantInvalid(t, errOf(post(t, w, m, core.KindRationReturn, core.RationReturn{Redeem: r.ID})), "refusal by its point is not referenced")
	wantInvalid(t, errOf(post(t, w, w.Keys[2], core.KindRationReturn, core.RationReturn{Redeem: r.ID}, refusal.ID)), "not a redemption of the author's")
	if _, err := post(t, w, m, core.KindRationReturn, core.RationReturn{Redeem: r.ID}, refusal.ID); err != nil {
		t.Fatal(err)
	}
	if l := left(t, w, m, "water", em.ID); l.Left != 60 {
		t.Fatalf("after the return, under the emergency: %+v", l)
	}
	wantInvalid(t, errOf(post(t, w, m, core.KindRationReturn, core.RationReturn{Redeem: r.ID}, refusal.ID)), "returned already")
	if got, _ := w.State.Redemption(r.ID); !got.Refused || got.Dispensed || !got.Returned {
		t.Fatalf("redemption %+v", got)
	}
	// A refusal is taken back within its period only.
	r2 := mustRedeem(t, w, m, redeemBody("food", 9, 0, 0), em.ID)
	ref2, _ := post(t, w, point, core.KindRationRefuse, core.RationRefuse{Redeem: r2.ID}, r2.ID)
	w.Advance(7 * dayMs)
	wantInvalid(t, errOf(post(t, w, m, core.KindRationReturn, core.RationReturn{Redeem: r2.ID}, ref2.ID)), "period of the redemption has turned")
}

func TestAttackTakingBackARedemptionOfAnotherBranch(t *testing.T) {
	w := small(t)
	k := w.Keys[2]
	a, b, prev := twoBranches(t, w, k)
	if _, err := w.ApplyAfter(a, prev); err != nil {
		t.Fatal(err)
	}
	nextB, err := w.ApplyAfter(b, prev)
	if err != nil {
		t.Fatal(err)
	}
	refusal, err := post(t, w, point, core.KindRationRefuse, core.RationRefuse{Redeem: a.ID}, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	// On branch b, redemption a was never taken: returning it there would
	// be a free second entitlement.
	body, _ := entry.EncodeBody(core.RationReturn{Redeem: a.ID})
	ret, _ := entry.Sign(entry.Entry{Author: b.Author, Seq: b.Seq + 1, Prev: b.ID, Time: refusal.Time + 1, Node: b.Node,
		Kind: core.KindRationReturn, Refs: []ids.Hash{refusal.ID}, Body: body}, k)
	_, err = w.ApplyAfter(ret, &nextB)
	wantInvalid(t, err, "not on this branch")
}

func TestRationsSurviveTheChainStateBinaryForm(t *testing.T) {
	w := small(t)
	mustRedeem(t, w, w.Keys[1], redeemBody("energy", 95, 5, 5*500_000))
	c := w.Chains()[demo.Pub(w.Keys[1])]
	b, _ := c.MarshalBinary()
	var back core.ChainState
	if err := back.UnmarshalBinary(b); err != nil || back != c || back.Rations[2].Extra != 5 {
		t.Fatalf("%+v -> %+v (%v)", c.Rations, back.Rations, err)
	}
	if back.UnmarshalBinary(b[:len(b)-1]) == nil {
		t.Fatal("a cut rations tail was accepted")
	}
}
