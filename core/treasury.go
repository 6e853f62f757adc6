package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
	"dac/core/money"
)

// The treasury is a k-of-n account held by the stewards of the charter. It
// has a chain of its own: each act (a treasury-propose by a steward) names
// the act before it and cites that act's k signatures (the proposal and
// treasury-cosign entries), so "the previous act took effect" is in every
// act's causal past, and the treasury's balance is carried from act to act
// like an author's account: settled daily (demurrage, no dividend), plus
// the cap-overflow deposits it claims, minus what it pays. An act takes
// effect once k distinct stewards have signed it; one that pays a steward
// needs k signers other than that steward. Payees receive a treasury
// payment like any payment, citing the act and its signatures.

// TreasuryPropose is one act of the treasury.
type TreasuryPropose struct {
	TSeq  uint64       `cbor:"1,keyasint"`           // place in the treasury chain, from 1
	TPrev ids.Hash     `cbor:"2,keyasint"`           // the previous act (zero for the first)
	Pay   *TreasuryPay `cbor:"3,keyasint,omitempty"` // a payment, or
	Claim []ids.Hash   `cbor:"4,keyasint,omitempty"` // receives whose cap overflow the treasury takes in
	Work  []ids.Hash   `cbor:"5,keyasint,omitempty"` // with Pay: the work attests it pays for
	Item  *BudgetItem  `cbor:"6,keyasint,omitempty"` // with Pay: the budget item it carries out (treasury_budget.go)
}

// TreasuryPay is a payment by the treasury.
type TreasuryPay struct {
	To     ids.PubKey `cbor:"1,keyasint"`
	Amount int64      `cbor:"2,keyasint"`
	Memo   string     `cbor:"3,keyasint,omitempty"`
}

// TreasuryCosign is a steward signing an act.
type TreasuryCosign struct {
	Act ids.Hash `cbor:"1,keyasint"`
}

// Kind names and limits.
const (
	KindTreasuryPropose = "treasury-propose"
	KindTreasuryCosign  = "treasury-cosign"
	MaxClaims           = 32
)

// TreasuryProposeKind and TreasuryCosignKind define the treasury kinds.
func TreasuryProposeKind() Kind {
	return Define(KindTreasuryPropose, validatePropose, applyPropose)
}

// TreasuryCosignKind: see TreasuryProposeKind.
func TreasuryCosignKind() Kind { return Define(KindTreasuryCosign, validateCosign, applyCosign) }

// ActRow (key: act id) is the treasury after an act.
type ActRow struct {
	Proposer  ids.PubKey   `cbor:"1,keyasint"`
	TSeq      uint64       `cbor:"2,keyasint"`
	TPrev     ids.Hash     `cbor:"3,keyasint"`
	Pay       *TreasuryPay `cbor:"4,keyasint,omitempty"`
	Period    int64        `cbor:"5,keyasint"`
	Time      int64        `cbor:"6,keyasint"`
	Balance   int64        `cbor:"7,keyasint"` // after the act, as of Period
	Claimed   int64        `cbor:"8,keyasint"` // deposits taken in, in total along the chain (as credited)
	Demurred  int64        `cbor:"9,keyasint"` // demurrage on the treasury and its deposits, in total
	Paid      int64        `cbor:"10,keyasint"`
	WorkLogs  []ids.Hash   `cbor:"11,keyasint,omitempty"` // the work logs this act paid
	WorkMonth int64        `cbor:"12,keyasint,omitempty"`
	Item      *BudgetItem  `cbor:"13,keyasint,omitempty"` // the budget item this act paid towards
}

// CosignRow (key: cosign entry id) is one steward's signature of an act.
type CosignRow struct {
	Act    ids.Hash   `cbor:"1,keyasint"`
	Signer ids.PubKey `cbor:"2,keyasint"`
}

// DepositRow (key: receive entry id) is cap overflow waiting for the treasury.
type DepositRow struct {
	Amount int64      `cbor:"1,keyasint"`
	Period int64      `cbor:"2,keyasint"`
	Author ids.PubKey `cbor:"3,keyasint"` // the receive's author and position, for the audit
	Seq    uint64     `cbor:"4,keyasint"`
}

// ClaimRow (key: receive entry id) lists the acts that took a deposit in:
// one, unless the treasury chain itself forked.
type ClaimRow struct {
	Acts []ids.Hash `cbor:"1,keyasint"`
}

func (s *State) treasury() *charter.Treasury {
	if s.charter == nil {
		return nil
	}
	return s.charter.Treasury
}

func (s *State) isSteward(k ids.PubKey) bool {
	t := s.treasury()
	return t != nil && slices.Contains(t.Stewards, k)
}

// signersIn counts the distinct stewards who signed act within this
// entry's causal past: its proposer and the cosigns among the refs. A
// payment to a steward does not count that steward.
func (s *State) signersIn(c *Context, act ids.Hash, row ActRow) int {
	signers := map[ids.PubKey]bool{row.Proposer: true}
	for _, r := range c.E.Refs {
		if cs, ok := s.cosigns.get(string(r[:])); ok && cs.Act == act {
			signers[cs.Signer] = true
		}
	}
	if row.Pay != nil {
		delete(signers, row.Pay.To)
	}
	return len(signers)
}

func (s *State) effectiveIn(c *Context, act ids.Hash) (ActRow, bool) {
	row, ok := s.acts.get(string(act[:]))
	if !ok || !slices.Contains(c.E.Refs, act) {
		return row, false
	}
	return row, s.signersIn(c, act, row) >= s.treasury().Threshold
}

var errNoTreasury = errors.New("this node has no treasury (its charter names no stewards)")

func validatePropose(s *State, c *Context, p *TreasuryPropose) error {
	switch {
	case s.treasury() == nil || s.Money() == nil:
		return errNoTreasury
	case !s.isSteward(c.E.Author):
		return fmt.Errorf("only a steward may propose a treasury act")
	case (p.Pay == nil) == (len(p.Claim) == 0):
		return errors.New("a treasury act either pays or claims deposits")
	case len(p.Claim) > MaxClaims:
		return fmt.Errorf("at most %d deposits per act", MaxClaims)
	case hasDuplicate(p.Claim):
		return errors.New("a deposit is listed twice")
	case len(p.Work) > 0 && p.Pay == nil:
		return errors.New("work is paid by a treasury payment")
	case p.Item != nil && (p.Pay == nil || len(p.Work) > 0):
		return errors.New("a budget item is paid by a treasury payment that pays no work")
	case c.Prev != nil && p.TSeq <= c.Prev.TPlace:
		return fmt.Errorf("you have already signed an act at treasury place %d or later", c.Prev.TPlace)
	}
	prev, err := s.prevAct(c, p)
	if err != nil {
		return err
	}
	if c.E.Time < prev.Time {
		return errors.New("dated before the treasury act it follows")
	}
	next, err := s.actAfter(c, p, prev)
	if err != nil {
		return err
	}
	if next.Balance < 0 {
		return fmt.Errorf("the treasury holds %d µ, the payment is %d µ", next.Balance+p.Pay.Amount, p.Pay.Amount)
	}
	if p.Item != nil {
		if err := s.payableItem(c, p); err != nil {
			return err
		}
	}
	if len(p.Work) > 0 {
		earned, err := s.workEarned(c, p)
		if err != nil {
			return err
		}
		if p.Pay.Amount != earned {
			return fmt.Errorf("the work earns %d µ this month (rates, ceiling), the act pays %d µ", earned, p.Pay.Amount)
		}
	}
	return nil
}

// prevAct is the treasury before this act: nothing for the first, else the
// previous act, which must have taken effect in this entry's causal past.
func (s *State) prevAct(c *Context, p *TreasuryPropose) (ActRow, error) {
	if p.TSeq == 1 && p.TPrev.IsZero() {
		return ActRow{}, nil
	}
	row, ok := s.effectiveIn(c, p.TPrev)
	switch {
	case !ok:
		return row, errors.New("the previous treasury act has not taken effect (cite it and k signatures)")
	case p.TSeq != row.TSeq+1:
		return row, fmt.Errorf("treasury act %d does not follow act %d", p.TSeq, row.TSeq)
	}
	return row, nil
}

// actAfter computes the treasury after this act from the one before.
func (s *State) actAfter(c *Context, p *TreasuryPropose, prev ActRow) (ActRow, error) {
	r := s.Money()
	now := s.Period(c.E.Time)
	next := prev
	next.Proposer, next.TSeq, next.TPrev, next.Pay, next.Time = c.E.Author, p.TSeq, p.TPrev, p.Pay, c.E.Time
	b, t, _ := r.Settle(prev.Balance, int(min(max(now-prev.Period, 0), money.MaxSettling)), false)
	next.Balance, next.Period, next.Demurred = b, now, prev.Demurred+t.Demurred
	for _, d := range p.Claim {
		got, lost, err := s.claim(c, p, d, now)
		if err != nil {
			return next, err
		}
		next.Balance += got
		next.Claimed += got
		next.Demurred += lost
	}
	if p.Pay != nil {
		if p.Pay.Amount <= 0 || p.Pay.Amount > money.MaxAmount || len(p.Pay.Memo) > MaxMemoLen {
			return next, errors.New("a treasury payment needs a positive amount and a memo of at most 140 bytes")
		}
		next.Balance -= p.Pay.Amount
		next.Paid += p.Pay.Amount
	}
	return next, nil
}

// claim takes one deposit in: it must be cited, exist, and not have been
// taken in already by an act before this one in the treasury's chain.
func (s *State) claim(c *Context, p *TreasuryPropose, d ids.Hash, now int64) (got, lost int64, err error) {
	dep, ok := s.deposits.get(string(d[:]))
	if !ok || !slices.Contains(c.E.Refs, d) {
		return 0, 0, fmt.Errorf("deposit %s is not a cited cap overflow", d.Short())
	}
	if s.claimedBefore(d, p.TPrev) {
		return 0, 0, fmt.Errorf("deposit %s was already taken in", d.Short())
	}
	v, _, _ := s.Money().Settle(dep.Amount, int(min(max(now-dep.Period, 0), money.MaxSettling)), false)
	return v, dep.Amount - v, nil
}

// claimedBefore reports whether an act on the treasury chain ending at
// from took deposit d in (a walk along the acts, all in this state).
func (s *State) claimedBefore(d, from ids.Hash) bool {
	row, ok := s.claims.get(string(d[:]))
	return ok && s.onChain(row.Acts, from)
}

// onChain reports whether one of acts lies on the treasury chain ending at
// from. The walk follows tprev and stops below the earliest of acts, so
// something no act touched costs one lookup and the rest only the distance.
func (s *State) onChain(acts []ids.Hash, from ids.Hash) bool {
	lowest := uint64(1<<64 - 1)
	for _, a := range acts {
		if r, ok := s.acts.get(string(a[:])); ok {
			lowest = min(lowest, r.TSeq)
		}
	}
	for at := from; !at.IsZero(); {
		if slices.Contains(acts, at) {
			return true
		}
		act, ok := s.acts.get(string(at[:]))
		if !ok || act.TSeq <= lowest {
			return false
		}
		at = act.TPrev
	}
	return false
}

// withAct adds an act to a row of acts, kept sorted so that the row does
// not depend on arrival order.
func withAct(row ClaimRow, act ids.Hash) ClaimRow {
	row.Acts = append(slices.Clone(row.Acts), act)
	slices.SortFunc(row.Acts, cmpHash)
	return row
}

func hasDuplicate(hs []ids.Hash) bool {
	seen := map[ids.Hash]bool{}
	for _, h := range hs {
		if seen[h] {
			return true
		}
		seen[h] = true
	}
	return false
}

func applyPropose(s *State, c *Context, p *TreasuryPropose) {
	c.Next.TPlace = p.TSeq
	prev, _ := s.prevAct(c, p)
	next, _ := s.actAfter(c, p, prev)
	next.WorkLogs, next.WorkMonth, next.Item = nil, 0, p.Item
	for _, a := range p.Work {
		at, _ := s.attests.get(string(a[:]))
		l, _ := s.workLogs.get(string(at.Log[:]))
		next.WorkLogs = append(next.WorkLogs, at.Log)
		next.WorkMonth = l.Period / MonthDays
		paid, _ := s.paidLogs.get(string(at.Log[:]))
		s.paidLogs.put(string(at.Log[:]), withAct(paid, c.E.ID))
	}
	s.acts.put(string(c.E.ID[:]), next)
	s.indexAct(c.E.ID, next)
	for _, d := range p.Claim {
		row, _ := s.claims.get(string(d[:]))
		s.claims.put(string(d[:]), withAct(row, c.E.ID))
	}
}

func validateCosign(s *State, c *Context, cs *TreasuryCosign) error {
	act, ok := s.acts.get(string(cs.Act[:]))
	switch {
	case s.treasury() == nil:
		return errNoTreasury
	case !s.isSteward(c.E.Author):
		return errors.New("only a steward may cosign a treasury act")
	case !ok || !slices.Contains(c.E.Refs, cs.Act):
		return errors.New("the act it signs is not a valid act it references")
	case act.Proposer == c.E.Author:
		return errors.New("the proposer has signed the act already")
	case c.Prev != nil && act.TSeq <= c.Prev.TPlace:
		// One signature per place: a steward who signs two competing acts
		// could let both take effect (that takes a fork of their own chain,
		// which is provable).
		return fmt.Errorf("you have already signed an act at treasury place %d or later", c.Prev.TPlace)
	}
	return nil
}

func applyCosign(s *State, c *Context, cs *TreasuryCosign) {
	act, _ := s.acts.get(string(cs.Act[:]))
	c.Next.TPlace = act.TSeq
	s.cosigns.put(string(c.E.ID[:]), CosignRow{Act: cs.Act, Signer: c.E.Author})
	s.cosignsBy[cs.Act] = append(s.cosignsBy[cs.Act], c.E.ID)
}

func (s *State) indexAct(id ids.Hash, a ActRow) {
	s.actsAt[a.TSeq] = append(s.actsAt[a.TSeq], id)
	s.maxTSeq = max(s.maxTSeq, a.TSeq)
}

// inEffect reports whether k distinct stewards (not the payee) signed act,
// as far as this replica knows: a query, not a rule.
func (s *State) inEffect(id ids.Hash, a ActRow) bool {
	signers := map[ids.PubKey]bool{a.Proposer: true}
	for _, c := range s.cosignsBy[id] {
		cs, _ := s.cosigns.get(string(c[:]))
		signers[cs.Signer] = true
	}
	if a.Pay != nil {
		delete(signers, a.Pay.To)
	}
	return len(signers) >= s.treasury().Threshold
}

// recordDeposit notes cap overflow for the treasury to take in.
func (s *State) recordDeposit(c *Context, amount int64) {
	if amount > 0 {
		s.deposits.put(string(c.E.ID[:]), DepositRow{Amount: amount, Period: s.Period(c.E.Time), Author: c.E.Author, Seq: c.E.Seq})
	}
}

// Cosigns lists what an entry cites to show an act in effect: one cosign
// per distinct signer (the smallest id), none by the payee, at most k, in a
// fixed order. Spammed or useless cosigns never crowd out the needed refs.
func (s *State) Cosigns(act ids.Hash) []ids.Hash {
	row, ok := s.acts.get(string(act[:]))
	t := s.treasury()
	if !ok || t == nil {
		return nil
	}
	by := map[ids.PubKey]ids.Hash{}
	for _, id := range s.cosignsBy[act] {
		cs, _ := s.cosigns.get(string(id[:]))
		if row.Pay != nil && cs.Signer == row.Pay.To {
			continue
		}
		if cur, ok := by[cs.Signer]; !ok || cmpHash(id, cur) < 0 {
			by[cs.Signer] = id
		}
	}
	out := make([]ids.Hash, 0, len(by))
	for _, id := range by {
		out = append(out, id)
	}
	slices.SortFunc(out, cmpHash)
	return out[:min(len(out), t.Threshold)]
}

// TreasuryTip is the treasury as it stands: the effective act furthest
// along its chain (ok false before the first).
func (s *State) TreasuryTip() (ids.Hash, ActRow, bool) {
	row, id, ok := s.treasuryHead()
	return id, row, ok
}

// WaitingActs are acts not yet in effect, for stewards to cosign.
func (s *State) WaitingActs() map[ids.Hash]ActRow {
	eff := s.effectiveActs()
	out := map[ids.Hash]ActRow{}
	for k, a := range s.acts.rows {
		if _, ok := eff[ids.Hash([]byte(k))]; !ok {
			out[ids.Hash([]byte(k))] = a
		}
	}
	return out
}

// OpenDeposits are cap overflows not taken in along the treasury's current
// chain, oldest first, at most MaxClaims.
func (s *State) OpenDeposits() []ids.Hash {
	chain := s.headChain()
	type dep struct {
		id ids.Hash
		DepositRow
	}
	var ds []dep
	for k, d := range s.deposits.rows {
		if !s.takenIn(k, chain) {
			ds = append(ds, dep{ids.Hash([]byte(k)), d})
		}
	}
	slices.SortFunc(ds, func(a, b dep) int {
		if a.Period != b.Period {
			return int(a.Period - b.Period)
		}
		return cmpHash(a.id, b.id)
	})
	out := make([]ids.Hash, 0, min(len(ds), MaxClaims))
	for i := 0; i < len(ds) && i < MaxClaims; i++ {
		out = append(out, ds[i].id)
	}
	return out
}

// TreasuryBalanceAt is an act's balance settled to period p.
func (s *State) TreasuryBalanceAt(a ActRow, p int64) int64 {
	b, _, _ := s.Money().Settle(a.Balance, int(min(max(p-a.Period, 0), money.MaxSettling)), false)
	return b
}

// headChain is the set of acts on the chain of the treasury's current head.
func (s *State) headChain() map[ids.Hash]bool {
	chain := map[ids.Hash]bool{}
	if _, id, ok := s.treasuryHead(); ok {
		for at := id; !at.IsZero(); {
			chain[at] = true
			a, _ := s.acts.get(string(at[:]))
			at = a.TPrev
		}
	}
	return chain
}
