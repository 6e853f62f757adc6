package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/ids"
	"dac/core/money"
)

// Payments: a pay in the payer's chain, a receive in the payee's chain that
// references it. Money in flight between the two decays like a balance
// (credited = the amount settled over the days in flight, no dividend), so
// parking money in an unclaimed payment dodges no demurrage. A credit that
// would lift the payee above the cap sends the excess to the treasury.

// Pay moves Amount µ from the author to To.
type Pay struct {
	To     ids.PubKey `cbor:"1,keyasint"`
	Amount int64      `cbor:"2,keyasint"`
	Memo   string     `cbor:"3,keyasint,omitempty"`
}

// Receive claims the payment Pay (which the entry must also reference).
type Receive struct {
	Pay ids.Hash `cbor:"1,keyasint"`
}

// Kind names and limits.
const (
	KindPay     = "pay"
	KindReceive = "receive"
	MaxMemoLen  = 140
)

// PayKind and ReceiveKind define the payment kinds.
func PayKind() Kind { return Define(KindPay, validatePay, applyPay) }

// ReceiveKind: see PayKind.
func ReceiveKind() Kind { return Define(KindReceive, validateReceive, applyReceive) }

// PayRow (key: pay entry id) is a valid payment.
type PayRow struct {
	From   ids.PubKey `cbor:"1,keyasint"`
	To     ids.PubKey `cbor:"2,keyasint"`
	Amount int64      `cbor:"3,keyasint"`
	Period int64      `cbor:"4,keyasint"`
	Time   int64      `cbor:"5,keyasint"`
	Seq    uint64     `cbor:"6,keyasint"` // the pay's position in the payer's chain
}

// Receipt is one valid receive of a payment.
type Receipt struct {
	Author   ids.PubKey `cbor:"1,keyasint"`
	Seq      uint64     `cbor:"2,keyasint"`
	ID       ids.Hash   `cbor:"3,keyasint"`
	Credited int64      `cbor:"4,keyasint"` // the amount after its days in flight
	Excess   int64      `cbor:"5,keyasint"` // of which, above the cap, to the treasury
}

// ReceiptRow (key: pay entry id) lists the receives of a payment: one,
// unless the payee forked their chain and claimed it on two branches.
// Sorted by receive id, so that it does not depend on arrival order.
type ReceiptRow struct {
	Receipts []Receipt `cbor:"1,keyasint"`
}

var errNoMoney = errors.New("this node has no currency (its charter has no money section)")

func validatePay(s *State, c *Context, p *Pay) error {
	a := c.Next.Acct
	switch {
	case s.Money() == nil:
		return errNoMoney
	case !a.Open:
		return fmt.Errorf("%s has no account here (an entry must cite its author's admission)", c.E.Author.Short())
	case p.Amount <= 0 || p.Amount > money.MaxAmount:
		return fmt.Errorf("amount must be positive, got %d µ", p.Amount)
	case p.To == c.E.Author:
		return errors.New("a payment to yourself")
	case len(p.Memo) > MaxMemoLen:
		return fmt.Errorf("memo is %d bytes, the limit is %d", len(p.Memo), MaxMemoLen)
	case p.Amount > a.Balance:
		return fmt.Errorf("not enough money: balance %d µ, payment %d µ", a.Balance, p.Amount)
	}
	return nil
}

func applyPay(s *State, c *Context, p *Pay) {
	c.Next.Acct.Balance -= p.Amount
	c.Next.Acct.Paid += p.Amount
	s.pays.put(string(c.E.ID[:]), PayRow{From: c.E.Author, To: p.To, Amount: p.Amount,
		Period: s.Period(c.E.Time), Time: c.E.Time, Seq: c.E.Seq})
}

// payable is a payment a receive may claim: a member's pay, or a treasury
// act that pays and has taken effect in the receive's causal past.
func (s *State) payable(c *Context, id ids.Hash) (PayRow, bool) {
	if !slices.Contains(c.E.Refs, id) {
		return PayRow{}, false
	}
	if p, ok := s.pays.get(string(id[:])); ok {
		return p, true
	}
	if s.treasury() == nil {
		return PayRow{}, false
	}
	act, ok := s.effectiveIn(c, id)
	if !ok || act.Pay == nil {
		return PayRow{}, false
	}
	return PayRow{To: act.Pay.To, Amount: act.Pay.Amount, Period: act.Period, Time: act.Time}, true
}

func validateReceive(s *State, c *Context, r *Receive) error {
	p, ok := s.payable(c, r.Pay)
	switch {
	case s.Money() == nil:
		return errNoMoney
	case !ok:
		return errors.New("the payment it claims is not a valid payment it references (a treasury payment also cites k signatures)")
	case p.To != c.E.Author:
		return fmt.Errorf("the payment is to %s, not to its author", p.To.Short())
	case !c.Next.Acct.Open:
		return fmt.Errorf("%s has no account here (cite your admission to open it)", c.E.Author.Short())
	case c.E.Time < p.Time:
		return errors.New("dated before the payment it claims")
	case s.receivedBefore(c, r.Pay):
		return errors.New("this payment was already received")
	}
	if f, frozen := s.frozenBy(c, r.Pay, p); frozen {
		return fmt.Errorf("the payer's account is frozen: a fork of its chain at position %d is proven (forkreport.go)", f.Seq)
	}
	return nil
}

// receivedBefore reports whether an ancestor of this entry in its author's
// chain already received pay. It asks the ancestry every time: whether a
// fork is known yet depends on arrival order, so validity must not read it.
// (The walk runs only for a second claim of the same payment, which honest
// devices never make.)
func (s *State) receivedBefore(c *Context, pay ids.Hash) bool {
	row, _ := s.receipts.get(string(pay[:]))
	for _, rc := range row.Receipts {
		if rc.Author != c.E.Author || rc.Seq >= c.E.Seq {
			continue
		}
		if s.ancestor == nil {
			return true
		}
		if id, ok := s.ancestor(c.E.Prev, rc.Seq); !ok || id == rc.ID {
			return true
		}
	}
	return false
}

// Pay returns a valid payment by id.
func (s *State) Pay(id ids.Hash) (PayRow, bool) { return s.pays.get(string(id[:])) }

// PaidOn is what author paid on day period, by the valid payments known.
func (s *State) PaidOn(author ids.PubKey, period int64) int64 {
	total := int64(0)
	for _, p := range s.pays.rows {
		if p.From == author && p.Period == period {
			total += p.Amount
		}
	}
	return total
}

func applyReceive(s *State, c *Context, r *Receive) {
	rules := s.Money()
	p, _ := s.payable(c, r.Pay)
	credited, _, _ := rules.Settle(p.Amount, int(min(s.Period(c.E.Time)-p.Period, money.MaxSettling)), false)
	a := &c.Next.Acct
	kept, excess := rules.Overflow(a.Balance, credited)
	a.Balance += kept
	a.Received += credited
	a.Overflow += excess
	s.recordDeposit(c, excess)
	row, _ := s.receipts.get(string(r.Pay[:]))
	row.Receipts = append(slices.Clone(row.Receipts), Receipt{Author: c.E.Author, Seq: c.E.Seq, ID: c.E.ID, Credited: credited, Excess: excess})
	slices.SortFunc(row.Receipts, func(x, y Receipt) int { return cmpHash(x.ID, y.ID) })
	s.receipts.put(string(r.Pay[:]), row)
}

// Ancestry answers: which entry is at seq on the branch ending at from?
// The store provides it (walking prev links); it is consulted only for
// authors who forked.
type Ancestry func(from ids.Hash, seq uint64) (ids.Hash, bool)

// UseAncestry sets the ancestry lookup. Every replica must set one.
func (s *State) UseAncestry(a Ancestry) { s.ancestor = a }

// Payment is a payment as a member's history shows it.
type Payment struct {
	ID ids.Hash
	PayRow
	Received bool  // claimed by the payee (on some branch)
	Credited int64 // what the payee was credited, once received
}

// PaymentsOf lists the payments from or to k, newest first.
func (s *State) PaymentsOf(k ids.PubKey) []Payment {
	var out []Payment
	for key, p := range s.pays.rows {
		if p.From != k && p.To != k {
			continue
		}
		pm := Payment{ID: ids.Hash([]byte(key)), PayRow: p}
		if row, ok := s.receipts.get(key); ok && len(row.Receipts) > 0 {
			pm.Received, pm.Credited = true, row.Receipts[0].Credited
		}
		out = append(out, pm)
	}
	slices.SortFunc(out, func(a, b Payment) int {
		if a.Time != b.Time {
			return int(b.Time - a.Time)
		}
		return cmpHash(a.ID, b.ID)
	})
	return out
}

// Incoming lists the payments to k that k has not received yet, oldest
// first: members' payments, then treasury payments in effect.
func (s *State) Incoming(k ids.PubKey) []ids.Hash {
	var out []ids.Hash
	all := s.PaymentsOf(k)
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].To == k && !all[i].Received {
			out = append(out, all[i].ID)
		}
	}
	var acts []ids.Hash
	for id, a := range s.effectiveActs() {
		if row, _ := s.receipts.get(string(id[:])); a.Pay != nil && a.Pay.To == k && len(row.Receipts) == 0 {
			acts = append(acts, id)
		}
	}
	slices.SortFunc(acts, cmpHash)
	return append(out, acts...)
}
