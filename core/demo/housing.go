package demo

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"strconv"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// Housing on the demo node: the office (the last founder) registers a
// dwelling for about every second member over the first weeks; members
// apply for their households a few days after they join; every seventh day
// the office closes a round; now and then two housed households swap, a
// holder asks for modifications (the office approves the big ones) or
// gives their dwelling back; members who leave free theirs. On the
// fifteenth day of each month, holders whose income is above the free band
// pay the fee (which lets the treasury fund the demo's budget in a month).

// DemoHousing is the demo charter's housing section, held by office.
func DemoHousing(office ids.PubKey) *charter.Housing {
	return &charter.Housing{
		Office:         []ids.PubKey{office},
		Features:       []string{"step-free", "lift", "wide-doors", "grab-rails"},
		Districts:      []string{"north", "river", "old-town"},
		PersonsPerRoom: 2,
		SpareRooms:     1,
		Modifications: []charter.Modification{
			{Name: "paint", Unit: "rooms", Limit: 10, FreeUpTo: 10},
			{Name: "shelving", Unit: "m", Limit: 20, FreeUpTo: 6},
			{Name: "ramp", Unit: "m", Limit: 12, FreeUpTo: 0},
		},
		Fees: []charter.FeeBand{{From: 0, Fee: 0}, {From: 300_000_000, Fee: 5_000_000}, {From: 900_000_000, Fee: 20_000_000}},
	}
}

// housingWorld is the demo's private memory of housing: the needs each
// application sealed (the office could open them with its key; keeping
// them saves the demo the work).
type housingWorld struct {
	needs   map[ids.Hash]core.Needs
	applied map[ids.PubKey]bool
	entropy *rand.ChaCha8
	homes   map[ids.PubKey]core.Home // who holds what in the round in effect, refreshed after each round
	rng     *rand.Rand               // housing's own draws, so the rest of the demo stays as it was without housing
}

// housingDay runs a day of housing (none in a zero-day demo, which is the
// bare founding that tests build on).
func (w *World) housingDay(cfg Config, d int) error {
	h := w.Charter.Housing
	if h == nil || cfg.Days == 0 {
		return nil
	}
	if w.homes.needs == nil {
		seed := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("dac/demo/housing\x00"), uint64(cfg.Seed)))
		w.homes = housingWorld{needs: map[ids.Hash]core.Needs{}, applied: map[ids.PubKey]bool{}, entropy: rand.NewChaCha8(seed),
			rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x484f4d45))}
	}
	w.rng, w.homes.rng = w.homes.rng, w.rng // housing draws from its own stream (the clock included)
	defer func() { w.rng, w.homes.rng = w.homes.rng, w.rng }()
	office := w.keyOf(h.Office[0])
	steps := []func() error{
		func() error { return w.registerDwellings(office, d) },
		w.applyForHomes,
		w.holdersAct,
	}
	if d%7 == 6 {
		steps = append(steps, func() error { return w.closeRound(office) }, func() error { return w.approveMods(office) })
	}
	if d%30 == 14 && w.Charter.Treasury != nil && w.Charter.Money != nil {
		steps = append(steps, w.payFees)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// registerDwellings: over the first three weeks, a dwelling for about
// every second member who will ever live here.
func (w *World) registerDwellings(office ed25519.PrivateKey, d int) error {
	if d > 21 {
		return nil
	}
	target := len(w.Keys) / 2 * min(d+1, 21) / 21
	for have := w.State.Counts()["hdwelling"]; have < target; have++ {
		rooms := uint8(1 + w.rng.IntN(4))
		body := core.Dwelling{Label: dwellingLabel(have), District: uint8(w.rng.IntN(3)), Rooms: rooms,
			Area: uint32(20 + int(rooms)*18 + w.rng.IntN(15)), Repair: uint8(w.rng.IntN(3))}
		if w.rng.IntN(4) == 0 {
			body.Features = 1 | uint32(w.rng.IntN(16))
		}
		if _, err := w.Post(office, core.KindDwelling, body, nil); err != nil {
			return err
		}
	}
	return nil
}

func dwellingLabel(i int) string {
	streets := []string{"Linden Row", "Mill Lane", "Quay Street", "Orchard Close", "Weavers' Yard"}
	return streets[i%len(streets)] + " " + strconv.Itoa(1+i/len(streets))
}

// applyForHomes: each day about one in four active members without a home
// or an application applies.
func (w *World) applyForHomes() error {
	for _, k := range w.activeKeys() {
		who := Pub(k)
		if w.homes.applied[who] || w.rng.IntN(4) != 0 {
			continue
		}
		if _, housed := w.homes.homes[who]; housed {
			continue
		}
		n := core.Needs{Attrs: core.Attrs{Size: uint8(1 + w.rng.IntN(5))}, Salt: make([]byte, core.SaltLen)}
		w.homes.entropy.Read(n.Salt)
		if w.rng.IntN(6) == 0 {
			n.Attrs.Access, n.Note = 1, "wheelchair user"
		}
		if w.rng.IntN(3) == 0 {
			n.Attrs.Districts = 1 << w.rng.IntN(3)
		}
		body, err := core.SealNeeds(n, w.State.HousingReaders(who), w.homes.entropy)
		if err != nil {
			return err
		}
		e, err := w.Post(k, core.KindHousingApply, body, w.State.MembershipRefs(who))
		if err != nil {
			return err
		}
		w.homes.needs[e.ID] = n
		w.homes.applied[who] = true
	}
	return nil
}

// closeRound opens every unopened application and closes a round.
func (w *World) closeRound(office ed25519.PrivateKey) error {
	var opens []core.Opening
	for _, a := range w.State.Unopened() {
		n := w.homes.needs[a.ID]
		opens = append(opens, core.Opening{App: a.ID, Attrs: n.Attrs, Salt: n.Salt})
	}
	r, refs, _ := w.State.PlanRound(opens)
	if len(r.Dwellings) == 0 && len(r.Open) == 0 && len(r.Changes) == 0 {
		return nil
	}
	if _, err := w.Post(office, core.KindHousingRound, r, refs); err != nil {
		return err
	}
	w.homes.homes = w.State.Homes()
	for who := range w.homes.homes { // housed households may apply again once they give their home back
		w.homes.applied[who] = false
	}
	return nil
}

// holdersAct: now and then a housed household proposes a swap to another
// (who accepts), asks for a modification, or gives its dwelling back.
// Holders with an act the rounds have not folded yet wait for it.
func (w *World) holdersAct() error {
	busy := w.busyHolders()
	var housed []core.Home
	for _, k := range w.activeKeys() {
		if h, ok := w.homes.homes[Pub(k)]; ok && !busy[Pub(k)] {
			housed = append(housed, h)
		}
	}
	if len(housed) < 2 {
		return nil
	}
	a, b := housed[w.rng.IntN(len(housed))], housed[w.rng.IntN(len(housed))]
	switch r := w.rng.IntN(8); {
	case r == 0 && a.Holder != b.Holder:
		return w.swap(a, b)
	case r == 1:
		return w.modify(a)
	case r == 2:
		_, err := w.Post(w.keyOf(a.Holder), core.KindRelinquish, core.Relinquish{Right: rightOfHome(a)}, []ids.Hash{a.Since})
		return err
	}
	return nil
}

// busyHolders are the authors of acts not folded yet (both sides of a swap).
func (w *World) busyHolders() map[ids.PubKey]bool {
	busy := map[ids.PubKey]bool{}
	for _, id := range w.State.Unfolded() {
		e := w.byID[id]
		busy[e.Author] = true
		for _, r := range e.Refs {
			if p := w.byID[r]; p != nil && p.Kind == core.KindSwapPropose {
				busy[p.Author] = true
			}
		}
	}
	return busy
}

func rightOfHome(h core.Home) core.Right { return core.Right{Dwelling: h.Dwelling, Since: h.Since} }

func (w *World) swap(a, b core.Home) error {
	p, err := w.Post(w.keyOf(a.Holder), core.KindSwapPropose, core.SwapPropose{Mine: rightOfHome(a), Theirs: rightOfHome(b)},
		[]ids.Hash{a.Since, b.Since})
	if err != nil {
		return err
	}
	_, err = w.Post(w.keyOf(b.Holder), core.KindSwapAccept, core.SwapAccept{Proposal: p.ID}, []ids.Hash{p.ID})
	return err
}

func (w *World) modify(h core.Home) error {
	m := core.ModifyRequest{Right: rightOfHome(h), Work: "shelving", Amount: int64(1 + w.rng.IntN(10)), Note: "books"}
	if w.rng.IntN(3) == 0 {
		m = core.ModifyRequest{Right: rightOfHome(h), Work: "ramp", Amount: int64(2 + w.rng.IntN(4)), Note: "front step"}
	}
	_, err := w.Post(w.keyOf(h.Holder), core.KindModify, m, []ids.Hash{h.Since})
	return err
}

// approveMods: the office approves every request that needs it (not its own).
func (w *World) approveMods(office ed25519.PrivateKey) error {
	for _, m := range w.State.Modifications(ids.PubKey{}) {
		if !m.NeedsApproval || len(m.ApprovedBy) > 0 || m.Holder == Pub(office) {
			continue
		}
		if _, err := w.Post(office, core.KindModifyApprove, core.ModifyApprove{Request: m.ID}, []ids.Hash{m.ID}); err != nil {
			return err
		}
	}
	return nil
}

// payFees: every active holder whose income this month is above the free
// band pays the usage fee (those in the free band owe nothing).
func (w *World) payFees() error {
	for _, k := range w.activeKeys() {
		who := Pub(k)
		hm, ok := w.homes.homes[who]
		if !ok {
			continue
		}
		body := core.HousingFee{Right: rightOfHome(hm), Month: w.State.Period(w.clock) / core.MonthDays}
		refs := append(w.State.MembershipRefs(who), hm.Since)
		if last, _, ok := w.State.LastFee(who); ok {
			body.Last, refs = last, append(refs, last)
		}
		e, prev, err := w.Sign(k, core.KindHousingFee, body, refs)
		if err != nil {
			return err
		}
		if w.State.Validate(e, prev) != nil {
			continue // the free band, or a month that turned while signing
		}
		if err := w.add(e); err != nil {
			return err
		}
	}
	return nil
}
