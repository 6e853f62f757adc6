package core

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Rations (DESIGN §2 "Rations and basic services"): every member is entitled
// to the charter's basket per period. A redemption is a ration-redeem in the
// member's own chain; what is left this period is a pure function of that
// chain (ChainState.Rations), so redeeming more along one chain is an
// invalid entry and redeeming on two branches (two offline points) is a
// fork, which the fork proof exposes. The distribution point named in the
// redemption countersigns the hand-over with a ration-dispense that
// references it, or refuses it (rations_handover.go). Beyond the entitlement, extra units are priced
// progressively in the currency; the price leaves the member's account as
// a deposit for the treasury, which takes it in like cap overflow.

// RationRedeem takes Qty of Item at Point. Extra is the part beyond what is
// left of the entitlement and Price what the author pays for it: both must
// be exactly what the rules say, so the signature is the member's consent
// to the price. The entry references the emergency declarations its author
// knows of; those in force at its time reduce the quota.
type RationRedeem struct {
	Item  string     `cbor:"1,keyasint"`
	Qty   int64      `cbor:"2,keyasint"`
	Point ids.PubKey `cbor:"3,keyasint"`
	Extra int64      `cbor:"4,keyasint,omitempty"`
	Price int64      `cbor:"5,keyasint,omitempty"` // µ
}

// RationDispense is a distribution point countersigning a redemption that
// names it. It references the redemption and the emergencies the point
// knows of.
type RationDispense struct {
	Redeem ids.Hash `cbor:"1,keyasint"`
}

// Kind names and the counter window.
const (
	KindRationRedeem   = "ration-redeem"
	KindRationDispense = "ration-dispense"
	// CounterWindowMillis bounds how long before its hand-over a redemption
	// may be dated. Redemptions are made at the counter; the window stops a
	// member from backdating one by more than this to dodge an emergency
	// declared since (claimed times are only checked against the future).
	CounterWindowMillis = 30 * 60 * 1000
)

// RationRedeemKind and RationDispenseKind define the ration kinds.
func RationRedeemKind() Kind { return Define(KindRationRedeem, validateRedeem, applyRedeem) }

// RationDispenseKind: see RationRedeemKind.
func RationDispenseKind() Kind { return Define(KindRationDispense, validateDispense, applyDispense) }

// RationUse is what a chain took of one item in one period.
type RationUse struct {
	Period int64 // the item's period index: day / period_days
	Used   int64 // within the entitlement
	Extra  int64 // beyond it, paid for
}

// RationChain holds one RationUse per basket item, in basket order. It is a
// fixed array so that ChainState stays a comparable value.
type RationChain [charter.MaxBasket]RationUse

// RedeemRow (key: redeem id) is a valid redemption.
type RedeemRow struct {
	Member      ids.PubKey `cbor:"1,keyasint"`
	Item        string     `cbor:"2,keyasint"`
	Qty         int64      `cbor:"3,keyasint"`
	Extra       int64      `cbor:"4,keyasint,omitempty"`
	Price       int64      `cbor:"5,keyasint,omitempty"`
	Point       ids.PubKey `cbor:"6,keyasint"`
	Time        int64      `cbor:"7,keyasint"`
	Seq         uint64     `cbor:"8,keyasint"`
	UsedBefore  int64      `cbor:"9,keyasint,omitempty"`  // used within the entitlement this period, before it
	Emergencies []ids.Hash `cbor:"10,keyasint,omitempty"` // the declarations in force it honoured, sorted
}

type rationsState struct {
	redeems     *table[RedeemRow]
	handovers   *table[HandoverRow]
	returns     *table[ReturnRow]
	emergencies *table[EmergencyRow]
}

func (s *State) initRations() {
	s.rations = rationsState{
		redeems:     newTable[RedeemRow](s, "redeem"),
		handovers:   newTable[HandoverRow](s, "handover"),
		returns:     newTable[ReturnRow](s, "rreturn"),
		emergencies: newTable[EmergencyRow](s, "emergency"),
	}
}

// Rations is the charter's rations section (nil if none).
func (s *State) Rations() *charter.Rations {
	if s.charter == nil {
		return nil
	}
	return s.charter.Rations
}

var errNoRations = errors.New("this node's charter has no rations")

// RationPeriod is an item's period index at claimed time t.
func (s *State) RationPeriod(it charter.RationItem, t int64) int64 {
	return s.Period(t) / int64(it.PeriodDays)
}

// leftOf is what remains of an item's entitlement at t for a chain whose
// use of it is use, under quota, and the paid extra taken: a use counts
// only in the period it was taken.
func (s *State) leftOf(it charter.RationItem, use RationUse, quota int64, t int64) (left, extraTaken int64) {
	if use.Period != s.RationPeriod(it, t) {
		return quota, 0
	}
	return max(quota-use.Used, 0), use.Extra
}

func validateRedeem(s *State, c *Context, r *RationRedeem) error {
	rs := s.Rations()
	if rs == nil {
		return errNoRations
	}
	it, i, ok := rs.Item(r.Item)
	switch {
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case !ok:
		return fmt.Errorf("no item %q in the basket", r.Item)
	case !rs.IsPoint(r.Point):
		return fmt.Errorf("%s is not a distribution point of this node", r.Point.Short())
	case r.Qty <= 0 || r.Qty > charter.MaxRationQuantity:
		return fmt.Errorf("quantity must be positive, got %d", r.Qty)
	}
	pct, _ := s.quotaPercent(c.E.Refs, it.Name, c.E.Time)
	left, extraTaken := s.leftOf(it, c.Prev.rations(i), it.Quota(pct), c.E.Time)
	extra := max(r.Qty-left, 0)
	switch {
	case r.Extra != extra:
		return fmt.Errorf("%d %s %s left this period: the extra is %d, not %d", left, it.Unit, it.Name, extra, r.Extra)
	case extra > 0 && s.curtails(c.E.Refs, c.E.Time):
		return fmt.Errorf("%d %s %s left this period, and an emergency in force refuses extras beyond the basket", left, it.Unit, it.Name)
	case extra > 0 && c.E.Time < c.Next.Acct.ExcludedUntil:
		return fmt.Errorf("%d %s %s left this period, and an accepted sanction excludes you from cooperative benefits (extras) until %s", left, it.Unit, it.Name,
			time.UnixMilli(c.Next.Acct.ExcludedUntil).UTC().Format("2006-01-02 15:04 UTC"))
	case extra > 0 && extraTaken+extra > it.ExtraMax:
		return fmt.Errorf("over the consumption cap: at most %d %s extra %s per period, %d taken", it.ExtraMax, it.Unit, it.Name, extraTaken)
	}
	price := it.ExtraPrice(extraTaken, extra)
	switch {
	case r.Price != price:
		return fmt.Errorf("the extra costs %d µ, not %d µ", price, r.Price)
	case price > 0 && !c.Next.Acct.Open:
		return fmt.Errorf("%s has no account to pay the extra from", c.E.Author.Short())
	case price > c.Next.Acct.Balance:
		return fmt.Errorf("not enough money for the extra: balance %d µ, price %d µ", c.Next.Acct.Balance, price)
	}
	return nil
}

// rations is the chain's use of item i (zero before the chain's first entry).
func (c *ChainState) rations(i int) RationUse {
	if c == nil {
		return RationUse{}
	}
	return c.Rations[i]
}

func applyRedeem(s *State, c *Context, r *RationRedeem) {
	it, i, _ := s.Rations().Item(r.Item)
	_, honoured := s.quotaPercent(c.E.Refs, it.Name, c.E.Time)
	use := c.Prev.rations(i)
	if cur := s.RationPeriod(it, c.E.Time); use.Period != cur {
		use = RationUse{Period: cur}
	}
	usedBefore := use.Used
	use.Used += r.Qty - r.Extra
	use.Extra += r.Extra
	c.Next.Rations[i] = use
	if r.Price > 0 {
		c.Next.Acct.Balance -= r.Price
		c.Next.Acct.Paid += r.Price
		s.recordDeposit(c, r.Price) // the treasury takes it in like cap overflow
	}
	s.rations.redeems.put(string(c.E.ID[:]), RedeemRow{Member: c.E.Author, Item: r.Item, Qty: r.Qty, Extra: r.Extra,
		Price: r.Price, Point: r.Point, Time: c.E.Time, Seq: c.E.Seq, UsedBefore: usedBefore, Emergencies: honoured})
}

func validateDispense(s *State, c *Context, d *RationDispense) error {
	row, err := s.answerable(c, d.Redeem)
	if err != nil {
		return err
	}
	switch {
	case row.Time > c.E.Time+entry.MaxSkewMillis:
		return errors.New("the redemption is dated after the hand-over (by more than the clock skew allowed)")
	case row.Time < c.E.Time-CounterWindowMillis:
		return fmt.Errorf("the redemption was made more than %d minutes before the hand-over: redeem again at the counter", CounterWindowMillis/60_000)
	}
	return s.honoursKnownEmergencies(c.E.Refs, row)
}

// honoursKnownEmergencies is the counter's rule: a point does not hand over
// a redemption that the emergencies the point knows of (those it cites, in
// force at the redemption's time) forbid. The redemption passes if what it
// took within the entitlement still fits the quota those emergencies leave.
func (s *State) honoursKnownEmergencies(known []ids.Hash, row RedeemRow) error {
	it, _, _ := s.Rations().Item(row.Item)
	refs := append(slices.Clone(known), row.Emergencies...)
	pct, all := s.quotaPercent(refs, it.Name, row.Time)
	if id, ok := s.extrasCurtailed(known, row.Time); ok && row.Extra > 0 {
		return fmt.Errorf("emergency %s refuses extras beyond the basket: the redemption takes %d %s extra", id.Short(), row.Extra, it.Unit)
	}
	// What it took within the entitlement must fit what the quota left:
	// after a cut mid-period the member may already be over the reduced
	// quota, and then only paid extra (Qty = Extra) passes.
	if row.Qty-row.Extra <= max(it.Quota(pct)-row.UsedBefore, 0) {
		return nil
	}
	for _, e := range all {
		if !slices.Contains(row.Emergencies, e) {
			return fmt.Errorf("the redemption ignores emergency %s, which cuts %s to %d %s this period", e.Short(), it.Name, it.Quota(pct), it.Unit)
		}
	}
	return errors.New("the redemption exceeds the quota in force")
}

func applyDispense(s *State, c *Context, d *RationDispense) { s.answer(c, d.Redeem, false) }

// rationTailSize is the binary tail of a chain state that took rations:
// period, used, extra of every basket slot, big-endian.
const rationTailSize = charter.MaxBasket * 3 * 8

// appendBinary adds the tail to a chain state's binary form, only if the
// chain ever took a ration (most chains never do: no bytes for them).
func (r RationChain) appendBinary(b []byte) []byte {
	if r == (RationChain{}) {
		return b
	}
	return r.appendAll(b)
}

// appendAll adds the tail even when it is all zeros.
func (r RationChain) appendAll(b []byte) []byte {
	for _, u := range r {
		for _, v := range []int64{u.Period, u.Used, u.Extra} {
			b = binary.BigEndian.AppendUint64(b, uint64(v))
		}
	}
	return b
}

// readBinary reads appendBinary's tail (empty: no rations taken).
func (r *RationChain) readBinary(b []byte) error {
	*r = RationChain{}
	switch len(b) {
	case 0:
		return nil
	case rationTailSize:
	default:
		return errors.New("chain state: wrong size of the rations tail")
	}
	for i := range r {
		v := func(j int) int64 { return int64(binary.BigEndian.Uint64(b[(i*3+j)*8:])) }
		r[i] = RationUse{Period: v(0), Used: v(1), Extra: v(2)}
	}
	return nil
}

// RationQuote is the redemption of qty of item at point that the rules
// accept from a chain whose last entry left prev, at time t, under the
// emergencies among refs: Extra and Price filled in. It refuses what no
// redemption could do (over the consumption cap, more than the balance pays).
func (s *State) RationQuote(prev *ChainState, item string, qty int64, point ids.PubKey, t int64, refs []ids.Hash) (RationRedeem, error) {
	rs := s.Rations()
	if rs == nil {
		return RationRedeem{}, errNoRations
	}
	it, i, ok := rs.Item(item)
	if !ok {
		return RationRedeem{}, fmt.Errorf("no item %q in the basket", item)
	}
	pct, _ := s.quotaPercent(refs, item, t)
	left, extraTaken := s.leftOf(it, prev.rations(i), it.Quota(pct), t)
	r := RationRedeem{Item: item, Qty: qty, Point: point, Extra: max(qty-left, 0)}
	if r.Extra > 0 && s.curtails(refs, t) {
		return r, fmt.Errorf("%d %s %s left this period, and an emergency in force refuses extras beyond the basket", left, it.Unit, it.Name)
	}
	if r.Extra > 0 && extraTaken+r.Extra > it.ExtraMax {
		return r, fmt.Errorf("%d %s %s left this period, and at most %d %s extra (%d taken)", left, it.Unit, it.Name, it.ExtraMax, it.Unit, extraTaken)
	}
	r.Price = it.ExtraPrice(extraTaken, r.Extra)
	if r.Price > 0 && prev != nil && prev.Acct.Open && s.AccountAt(prev.Acct, s.Period(t)).Balance < r.Price {
		return r, fmt.Errorf("the extra costs %d µ, more than the balance", r.Price)
	}
	return r, nil
}
