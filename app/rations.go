package app

import (
	"fmt"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Rations: what a member has left this period, redeeming at a distribution
// point (the member signs), countersigning it (the point signs), and the
// emergency quotas in force. Both sides work with no network: the member's
// device hands the point a redemption bundle (see rations_offline.go).

// RationsView is this identity's rations now.
type RationsView struct {
	Items       []core.RationLeft
	Emergencies []EmergencyCaseView // in force now
	Points      []ids.PubKey        // the node's distribution points
	IsPoint     bool                // this identity is one of them
	Member      bool
	Refused     int // own redemptions refused by their point, to take back at the next redemption
}

// ErrNoRations means the node's charter has no rations section.
var ErrNoRations = &UserError{Msg: "this node's charter has no rations"}

// Rations reports what this identity has left of every item this period.
func (a *App) Rations() (RationsView, error) {
	me, err := a.Whoami()
	if err != nil {
		return RationsView{}, err
	}
	st, err := a.node()
	if err != nil {
		return RationsView{}, err
	}
	chain, err := st.HeadChain(me)
	if err != nil {
		return RationsView{}, err
	}
	var v RationsView
	err = ErrNoRations
	now := a.now()
	st.View(func(s *core.State) {
		rs := s.Rations()
		if rs == nil {
			return
		}
		err = nil
		v.Items = s.RationsLeft(chain, now, s.EmergencyRefs(now))
		v.Emergencies = inForce(s, now)
		v.Points, v.IsPoint = rs.Points, rs.IsPoint(me)
		r, ok := s.MemberOf(me)
		v.Member = ok && r.Active
		for _, r := range s.RedemptionsOf(me) {
			if r.Refused && !r.Returned && s.SamePeriod(r.Item, r.Time, now) {
				v.Refused++
			}
		}
	})
	return v, err
}

// Redeem signs a redemption of qty of item at point (zero: the node's only
// point). Taking more than is left this period costs money: the member
// must say so (payExtra), and the price is in the signed entry. The
// redemption cites every emergency this device knows in force. Refused
// redemptions of this period are taken back first.
func (a *App) Redeem(item string, qty int64, point ids.PubKey, payExtra bool) (*entry.Signed, core.RationRedeem, error) {
	st, err := a.node()
	if err != nil {
		return nil, core.RationRedeem{}, err
	}
	me, err := a.Whoami()
	if err != nil {
		return nil, core.RationRedeem{}, err
	}
	if _, err := a.takeBackRefused(); err != nil {
		return nil, core.RationRedeem{}, err
	}
	chain, err := st.HeadChain(me)
	if err != nil {
		return nil, core.RationRedeem{}, err
	}
	now := a.now()
	var body core.RationRedeem
	st.View(func(s *core.State) { body, err = a.quote(s, me, chain, item, qty, point, now) })
	if err != nil {
		return nil, body, err
	}
	if body.Extra > 0 && !payExtra {
		return nil, body, &UserError{Msg: fmt.Sprintf("only %d %s left this period: the %d extra cost %s units; ask again to pay for them",
			qty-body.Extra, item, body.Extra, plainUnits(body.Price))}
	}
	e, err := a.post(core.KindRationRedeem, body, func(s *core.State, me ids.PubKey) []ids.Hash {
		return capRefs(append(s.MembershipRefs(me), s.EmergencyRefs(now)...))
	})
	return e, body, err
}

func (a *App) quote(s *core.State, me ids.PubKey, chain *core.ChainState, item string, qty int64, point ids.PubKey, now int64) (core.RationRedeem, error) {
	rs := s.Rations()
	if rs == nil {
		return core.RationRedeem{}, ErrNoRations
	}
	if r, ok := s.MemberOf(me); !ok || !r.Active {
		return core.RationRedeem{}, &UserError{Msg: "rations are for members of this node, and you are not one"}
	}
	if point.IsZero() {
		if len(rs.Points) != 1 {
			return core.RationRedeem{}, &UserError{Msg: fmt.Sprintf("this node has %d distribution points: say which one", len(rs.Points))}
		}
		point = rs.Points[0]
	}
	if !rs.IsPoint(point) {
		return core.RationRedeem{}, &UserError{Msg: fmt.Sprintf("%s is not a distribution point of this node", point.Short())}
	}
	if _, _, ok := rs.Item(item); !ok || qty <= 0 {
		return core.RationRedeem{}, &UserError{Msg: fmt.Sprintf("the basket has %s; the quantity must be positive", itemNames(rs))}
	}
	body, err := s.RationQuote(chain, item, qty, point, now, s.EmergencyRefs(now))
	if err != nil {
		return body, Userf(err, "%v", err)
	}
	return body, nil
}

func itemNames(rs *charter.Rations) string {
	var n []string
	for _, it := range rs.Basket {
		n = append(n, it.Name)
	}
	return fmt.Sprint(n)
}

// plainUnits writes µ as units with two decimals.
func plainUnits(µ int64) string { return fmt.Sprintf("%d.%02d", µ/1_000_000, µ%1_000_000/10_000) }

// Dispense countersigns a redemption (by a distribution point): it must be
// stored and valid here, name this point, come from an account with no
// known fork, and not be countersigned yet. The dispense cites every
// emergency this device knows in force at the redemption's time, so a
// redemption that ignores one is refused.
func (a *App) Dispense(redeem ids.Hash) (*entry.Signed, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	var r core.Redemption
	st.View(func(s *core.State) { r, err = counterCheck(s, me, redeem, a.now()) })
	if err != nil {
		return nil, err
	}
	return a.post(core.KindRationDispense, core.RationDispense{Redeem: redeem}, func(s *core.State, _ ids.PubKey) []ids.Hash {
		return capRefs(append([]ids.Hash{redeem}, s.EmergencyRefs(r.Time)...))
	})
}

// counterCheck is what a point checks before it hands goods over.
func counterCheck(s *core.State, me ids.PubKey, redeem ids.Hash, now int64) (core.Redemption, error) {
	rs := s.Rations()
	if rs == nil {
		return core.Redemption{}, ErrNoRations
	}
	r, ok := s.Redemption(redeem)
	switch {
	case !rs.IsPoint(me):
		return r, &UserError{Msg: "this identity is not a distribution point of this node"}
	case !ok:
		return r, &UserError{Msg: fmt.Sprintf("%s is not a valid redemption on this device (import the member's bundle first; if it was refused, the member has nothing left)", redeem.Short())}
	case r.Point != me:
		return r, &UserError{Msg: fmt.Sprintf("the redemption is for point %s, not this one", r.Point.Short())}
	case r.Dispensed || r.Refused:
		return r, &UserError{Msg: "this redemption was already handed over or refused"}
	case r.Time < now-core.CounterWindowMillis:
		return r, &UserError{Msg: fmt.Sprintf("the redemption was made more than %d minutes ago: the member redeems again at the counter", core.CounterWindowMillis/60_000)}
	case s.Forked(r.Member):
		return r, &UserError{Msg: fmt.Sprintf("%s has a proven fork (a double redemption or payment): hand nothing over", r.Member.Short())}
	case r.Extra > 0 && s.SanctionLevel(r.Member, r.Time) >= core.LevelExclusion:
		return r, &UserError{Msg: fmt.Sprintf("%s is excluded from cooperative benefits by a sanction: refuse, and let them redeem their entitlement without extra (the rights floor is never withdrawn)", r.Member.Short())}
	}
	if err := s.CounterRefusal(redeem, s.EmergencyRefs(r.Time)); err != nil {
		return r, Userf(err, "hand nothing over: %v", err)
	}
	return r, nil
}

// Refuse records that this point does not hand over a redemption naming
// it (stale, unverifiable, a fork, an emergency ignored): the member's
// device then takes the entitlement back (within the period).
func (a *App) Refuse(redeem ids.Hash) (*entry.Signed, error) {
	return a.post(core.KindRationRefuse, core.RationRefuse{Redeem: redeem}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{redeem}
	})
}

// takeBackRefused signs a ration-return for each of this member's
// redemptions that its point refused and that was not taken back yet, in
// the redemption's period (later, the entitlement has renewed anyway).
// Redeem runs it first; it returns the redemptions taken back.
func (a *App) takeBackRefused() ([]ids.Hash, error) {
	type back struct{ redeem, refusal ids.Hash }
	var todo []back
	now := a.now()
	err := a.mine(func(s *core.State, me ids.PubKey) {
		for _, r := range s.RedemptionsOf(me) {
			refusal, ok := s.Refusal(r.ID)
			if ok && !r.Returned && s.SamePeriod(r.Item, r.Time, now) {
				todo = append(todo, back{r.ID, refusal})
			}
		}
	})
	var done []ids.Hash
	for _, b := range todo {
		_, err = a.post(core.KindRationReturn, core.RationReturn{Redeem: b.redeem}, func(*core.State, ids.PubKey) []ids.Hash {
			return []ids.Hash{b.refusal}
		})
		if err != nil {
			return done, err
		}
		done = append(done, b.redeem)
	}
	return done, err
}
