package core

import (
	"cmp"
	"errors"
	"slices"

	"dac/core/ids"
)

// RationLeft is one basket item as a member's "left this period" shows it.
type RationLeft struct {
	Item       string
	Unit       string
	Quota      int64 // the entitlement this period, emergencies in force included
	Normal     int64 // the entitlement without emergencies
	Left       int64 // what remains of Quota
	ExtraTaken int64 // paid extra units taken this period
	ExtraLeft  int64 // extra units still allowed this period (the consumption cap)
	PeriodEnd  int64 // ms: when the period turns and the entitlement renews
}

// RationsLeft is what a chain whose last entry left chain (nil: none yet)
// has left of every basket item at time t, under the emergencies in force
// then among refs (what its next redemption would cite).
func (s *State) RationsLeft(chain *ChainState, t int64, refs []ids.Hash) []RationLeft {
	rs := s.Rations()
	if rs == nil {
		return nil
	}
	out := make([]RationLeft, 0, len(rs.Basket))
	for i, it := range rs.Basket {
		pct, _ := s.quotaPercent(refs, it.Name, t)
		q := it.Quota(pct)
		left, extra := s.leftOf(it, chain.rations(i), q, t)
		end := s.genesisTime + (s.RationPeriod(it, t)+1)*int64(it.PeriodDays)*DayMillis
		out = append(out, RationLeft{Item: it.Name, Unit: it.Unit, Quota: q, Normal: it.Quantity, Left: left,
			ExtraTaken: extra, ExtraLeft: max(it.ExtraMax-extra, 0), PeriodEnd: end})
	}
	return out
}

// EmergencyRefs are the declarations in force at t, for an entry to cite.
func (s *State) EmergencyRefs(t int64) []ids.Hash {
	var out []ids.Hash
	for _, e := range s.EmergenciesInForce(t) {
		out = append(out, e.ID)
	}
	return out
}

// Redemption is a redemption as a query shows it.
type Redemption struct {
	ID ids.Hash
	RedeemRow
	Dispensed bool // countersigned by its point (as far as this replica knows)
	Refused   bool // refused by its point
	Returned  bool // its entitlement taken back by the member (on some branch)
}

func (s *State) redemption(id ids.Hash, r RedeemRow) Redemption {
	out := Redemption{ID: id, RedeemRow: r}
	out.Dispensed, out.Refused = s.answered(id)
	_, out.Returned = s.rations.returns.get(string(id[:]))
	return out
}

// Redemption returns a valid redemption by id.
func (s *State) Redemption(id ids.Hash) (Redemption, bool) {
	r, ok := s.rations.redeems.get(string(id[:]))
	if !ok {
		return Redemption{}, false
	}
	return s.redemption(id, r), true
}

// answered reports how a redemption's point answered it, as far as this
// replica knows (a query, not a rule).
func (s *State) answered(id ids.Hash) (dispensed, refused bool) {
	h, _ := s.rations.handovers.get(string(id[:]))
	for _, a := range h.Handovers {
		dispensed = dispensed || !a.Refused
		refused = refused || a.Refused
	}
	return dispensed, refused
}

// RedemptionsOf lists k's valid redemptions, newest first.
func (s *State) RedemptionsOf(k ids.PubKey) []Redemption {
	var out []Redemption
	for key, r := range s.rations.redeems.rows {
		if r.Member == k {
			out = append(out, s.redemption(ids.Hash([]byte(key)), r))
		}
	}
	slices.SortFunc(out, func(a, b Redemption) int {
		return cmp.Or(cmp.Compare(b.Time, a.Time), cmp.Compare(b.Seq, a.Seq), cmpHash(a.ID, b.ID))
	})
	return out
}

// CounterRefusal is why a point that knows the emergencies known must not
// countersign redemption id (nil: it may, as far as emergencies go).
func (s *State) CounterRefusal(id ids.Hash, known []ids.Hash) error {
	r, ok := s.rations.redeems.get(string(id[:]))
	if !ok || s.Rations() == nil {
		return errors.New("not a valid redemption")
	}
	return s.honoursKnownEmergencies(known, r)
}

// Refusal is a refusal of redemption id by its point, if one is known (the
// smallest id), for the member's ration-return to cite.
func (s *State) Refusal(id ids.Hash) (ids.Hash, bool) {
	h, _ := s.rations.handovers.get(string(id[:]))
	for _, a := range h.Handovers {
		if a.Refused {
			return a.ID, true
		}
	}
	return ids.Hash{}, false
}

// SamePeriod reports whether times a and b fall in one period of item.
func (s *State) SamePeriod(item string, a, b int64) bool {
	rs := s.Rations()
	if rs == nil {
		return false
	}
	it, _, ok := rs.Item(item)
	return ok && s.RationPeriod(it, a) == s.RationPeriod(it, b)
}
