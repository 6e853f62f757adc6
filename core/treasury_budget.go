package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Participatory budgets over the treasury. A budget proposal names a
// budget and options with their costs; its tally funds options greedily
// by approvals within the budget (gov_methods.go). The treasury carries a
// funded option out with ordinary treasury payments that name it (Item):
// in one payment or in several, to whoever does the work, never more in
// total than the option's cost along the treasury chain, and only once the
// vote has closed. Validation checks those bounds in the act's causal
// past. Whether the option was funded is the tally, a computation over
// every ballot that validation may not read; the stewards' devices offer
// funded options only, and every replica lists a payment towards an
// option the tally did not fund (BudgetItems, `dac treasury budget`), so
// that k stewards paying what the members did not choose is on the record
// for anyone to see, like any act of theirs.

// BudgetItem names one option of a budget proposal.
type BudgetItem struct {
	Proposal ids.Hash `cbor:"1,keyasint" json:"proposal"`
	Option   uint32   `cbor:"2,keyasint" json:"option"`
}

// payableItem checks a payment towards a budget item: the proposal is a
// cited budget proposal whose vote closed by the act's date, the option
// exists, and what was paid towards it along the treasury chain plus this
// payment stays within its cost.
func (s *State) payableItem(c *Context, p *TreasuryPropose) error {
	it := p.Item
	row, ok := s.gov.proposals.get(string(it.Proposal[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, it.Proposal):
		return errors.New("a budget item's proposal is cited")
	case row.Kind != charter.ProposalBudget:
		return errors.New("only a budget proposal's options are budget items")
	case c.E.Time < row.Closes:
		return errors.New("a budget item is paid once its vote has closed")
	case int(it.Option) >= len(row.Options):
		return fmt.Errorf("the budget has %d options", len(row.Options))
	}
	cost := row.Options[it.Option].Cost
	if paid := s.itemPaid(*it, p.TPrev, row.Closes); paid+p.Pay.Amount > cost {
		return fmt.Errorf("%q costs %d µ; %d µ were paid towards it already", row.Options[it.Option].Name, cost, paid)
	}
	return nil
}

// itemPaid sums the payments towards it along the treasury chain ending at
// from. The walk stops at acts dated before the vote closed: none of them
// can pay the item, and acts are never dated before the act they follow.
func (s *State) itemPaid(it BudgetItem, from ids.Hash, closed int64) int64 {
	var paid int64
	for at := from; !at.IsZero(); {
		act, ok := s.acts.get(string(at[:]))
		if !ok || act.Time < closed {
			break
		}
		if act.Item != nil && *act.Item == it && act.Pay != nil {
			paid += act.Pay.Amount
		}
		at = act.TPrev
	}
	return paid
}

// BudgetLine is one option of a closed budget proposal: funded by the
// tally or not, and what the treasury's current chain paid towards it.
type BudgetLine struct {
	Item   BudgetItem `json:"item"`
	Title  string     `json:"title"` // the proposal's
	Name   string     `json:"name"`  // the option's
	Cost   int64      `json:"cost"`
	Funded bool       `json:"funded"`
	Paid   int64      `json:"paid"`
	Closes int64      `json:"closes"`
}

// Left is what the treasury still owes a funded line (zero if unfunded).
func (l BudgetLine) Left() int64 {
	if !l.Funded {
		return 0
	}
	return max(0, l.Cost-l.Paid)
}

// Unfunded reports a line the treasury paid although the tally did not
// fund it.
func (l BudgetLine) Unfunded() bool { return !l.Funded && l.Paid > 0 }

// BudgetItems lists, for every budget proposal closed by t, its funded
// options and any option paid without being funded, oldest vote first.
// A query over the whole state (the tally and the treasury's current
// chain), not a rule.
func (s *State) BudgetItems(t int64) []BudgetLine {
	var out []BudgetLine
	_, tip, _ := s.treasuryHead()
	for _, id := range s.ProposalIDs() {
		row, _ := s.gov.proposals.get(string(id[:]))
		if row.Kind != charter.ProposalBudget || row.Closes > t {
			continue
		}
		tl, _ := s.Tally(id, t)
		passed := tl.Final && tl.Outcome == OutcomePassed
		for i, o := range row.Options {
			it := BudgetItem{Proposal: id, Option: uint32(i)}
			l := BudgetLine{Item: it, Title: row.Title, Name: o.Name, Cost: o.Cost, Closes: row.Closes,
				Funded: passed && i < len(tl.Options) && tl.Options[i].Funded, Paid: s.itemPaid(it, tip, row.Closes)}
			if l.Funded || l.Paid > 0 {
				out = append(out, l)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b BudgetLine) int { return cmp.Compare(a.Closes, b.Closes) })
	return out
}
