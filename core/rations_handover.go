package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/ids"
)

// A point answers a redemption naming it once: it hands the goods over (a
// ration-dispense) or refuses (a ration-refuse: stale, unverifiable, a
// known fork, an emergency ignored). A member whose redemption was refused
// takes the entitlement back with a ration-return in their own chain,
// within the same period: what it took within the entitlement and the
// extra-cap room it used come back. The price of a refused extra is not
// refunded by the fold (the treasury may pay it back like any payment).

// RationRefuse is a point refusing a redemption that names it.
type RationRefuse struct {
	Redeem ids.Hash `cbor:"1,keyasint"`
}

// RationReturn takes back the entitlement of the author's own redemption
// Redeem, which a point refused (the entry references the refusal).
type RationReturn struct {
	Redeem ids.Hash `cbor:"1,keyasint"`
}

// Kind names.
const (
	KindRationRefuse = "ration-refuse"
	KindRationReturn = "ration-return"
)

// RationRefuseKind and RationReturnKind define the refusal kinds.
func RationRefuseKind() Kind { return Define(KindRationRefuse, validateRefuse, applyRefuse) }

// RationReturnKind: see RationRefuseKind.
func RationReturnKind() Kind { return Define(KindRationReturn, validateReturn, applyReturn) }

// ChainMark is one entry of a chain, named by position and id.
type ChainMark struct {
	Author ids.PubKey `cbor:"1,keyasint"`
	Seq    uint64     `cbor:"2,keyasint"`
	ID     ids.Hash   `cbor:"3,keyasint"`
}

// Handover is a point's answer to a redemption.
type Handover struct {
	ChainMark
	Time    int64 `cbor:"4,keyasint"`
	Refused bool  `cbor:"5,keyasint,omitempty"`
}

// HandoverRow (key: redeem id) lists the answers to a redemption, sorted by
// id: one, unless its point forked its chain.
type HandoverRow struct {
	Handovers []Handover `cbor:"1,keyasint"`
}

// ReturnRow (key: redeem id) lists the returns of a refused redemption,
// sorted by id: one, unless the member forked.
type ReturnRow struct {
	Returns []ChainMark `cbor:"1,keyasint"`
}

// answerable checks what every answer needs: a rations charter, a listed
// point as author, a valid cited redemption naming it, not answered
// already along the point's chain.
func (s *State) answerable(c *Context, redeem ids.Hash) (RedeemRow, error) {
	rs := s.Rations()
	if rs == nil {
		return RedeemRow{}, errNoRations
	}
	row, ok := s.rations.redeems.get(string(redeem[:]))
	switch {
	case !rs.IsPoint(c.E.Author):
		return row, fmt.Errorf("%s is not a distribution point of this node", c.E.Author.Short())
	case !ok || !slices.Contains(c.E.Refs, redeem):
		return row, errors.New("the redemption it answers is not a valid redemption it references")
	case row.Point != c.E.Author:
		return row, fmt.Errorf("the redemption names point %s, not this one", row.Point.Short())
	}
	h, _ := s.rations.handovers.get(string(redeem[:]))
	for _, a := range h.Handovers {
		if a.Author == c.E.Author && s.before(c, a.ChainMark) {
			return row, errors.New("this point already answered the redemption (handed over or refused)")
		}
	}
	return row, nil
}

// before reports whether m may be an earlier entry of c's author on c's
// branch: the careful answer to "was this done already?" (yes when the
// ancestry cannot tell). onBranch is the strict one, for "was this done on
// this branch?". Whether a fork is known depends on arrival order, so both
// ask the ancestry every time.
func (s *State) before(c *Context, m ChainMark) bool {
	id, ok, earlier := s.atSeq(c, m)
	return earlier && (!ok || id == m.ID)
}

func (s *State) onBranch(c *Context, m ChainMark) bool {
	id, ok, earlier := s.atSeq(c, m)
	return earlier && ok && id == m.ID
}

// atSeq is the entry at m's position on c's branch (ok false if the
// ancestry cannot tell; with no ancestry set, m itself: no forks to tell).
func (s *State) atSeq(c *Context, m ChainMark) (id ids.Hash, ok, earlier bool) {
	if m.Author != c.E.Author || m.Seq >= c.E.Seq {
		return ids.Hash{}, false, false
	}
	if s.ancestor == nil {
		return m.ID, true, true
	}
	id, ok = s.ancestor(c.E.Prev, m.Seq)
	return id, ok, true
}

func (s *State) answer(c *Context, redeem ids.Hash, refused bool) {
	h, _ := s.rations.handovers.get(string(redeem[:]))
	h.Handovers = append(slices.Clone(h.Handovers), Handover{ChainMark: ChainMark{Author: c.E.Author, Seq: c.E.Seq, ID: c.E.ID},
		Time: c.E.Time, Refused: refused})
	slices.SortFunc(h.Handovers, func(a, b Handover) int { return cmpHash(a.ID, b.ID) })
	s.rations.handovers.put(string(redeem[:]), h)
}

func validateRefuse(s *State, c *Context, r *RationRefuse) error {
	_, err := s.answerable(c, r.Redeem)
	return err
}

func applyRefuse(s *State, c *Context, r *RationRefuse) { s.answer(c, r.Redeem, true) }

// refusedIn reports whether one of refs is a refusal of redeem.
func (s *State) refusedIn(refs []ids.Hash, redeem ids.Hash) bool {
	h, _ := s.rations.handovers.get(string(redeem[:]))
	for _, a := range h.Handovers {
		if a.Refused && slices.Contains(refs, a.ID) {
			return true
		}
	}
	return false
}

func validateReturn(s *State, c *Context, r *RationReturn) error {
	rs := s.Rations()
	if rs == nil {
		return errNoRations
	}
	row, ok := s.rations.redeems.get(string(r.Redeem[:]))
	if !ok || row.Member != c.E.Author {
		return errors.New("not a redemption of the author's")
	}
	it, _, _ := rs.Item(row.Item)
	ret, _ := s.rations.returns.get(string(r.Redeem[:]))
	switch {
	case !s.refusedIn(c.E.Refs, r.Redeem):
		return errors.New("the redemption's refusal by its point is not referenced")
	case !s.onBranch(c, ChainMark{Author: row.Member, Seq: row.Seq, ID: r.Redeem}):
		return errors.New("the redemption is not on this branch of the author's chain")
	case s.RationPeriod(it, row.Time) != s.RationPeriod(it, c.E.Time):
		return errors.New("the period of the redemption has turned: its entitlement has renewed already")
	}
	for _, m := range ret.Returns {
		if s.before(c, m) {
			return errors.New("this redemption was returned already")
		}
	}
	return nil
}

func applyReturn(s *State, c *Context, r *RationReturn) {
	row, _ := s.rations.redeems.get(string(r.Redeem[:]))
	_, i, _ := s.Rations().Item(row.Item)
	use := c.Prev.rations(i) // the same period: validated
	use.Used -= min(row.Qty-row.Extra, use.Used)
	use.Extra -= min(row.Extra, use.Extra)
	c.Next.Rations[i] = use
	ret, _ := s.rations.returns.get(string(r.Redeem[:]))
	ret.Returns = append(slices.Clone(ret.Returns), ChainMark{Author: c.E.Author, Seq: c.E.Seq, ID: c.E.ID})
	slices.SortFunc(ret.Returns, func(a, b ChainMark) int { return cmpHash(a.ID, b.ID) })
	s.rations.returns.put(string(r.Redeem[:]), ret)
}
