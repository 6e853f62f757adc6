package core

import (
	"dac/core/ids"
	"dac/core/money"
)

// Account is an author's money as of a point in their own chain. Every valid
// entry of the author settles it to the entry's day (the period: whole days
// since the genesis), so a balance is a pure function of the chain and what
// it references (DESIGN §2, Money).
//
// Opening: an account opens at the author's first entry that proves their
// first membership — a founder's at the genesis day, anyone else's at the day
// of their first admission (cited by the entry) — and is endowed with the
// steady state B* then (see core/money). It earns the dividend while the
// author is a member: from admission until a leave in their chain, and again
// from the day of a re-admission that a later entry cites. A re-admission is
// not endowed again.
type Account struct {
	Open     bool  `cbor:"1,keyasint,omitempty"`
	Member   bool  `cbor:"2,keyasint,omitempty"`  // earns the dividend
	Balance  int64 `cbor:"3,keyasint,omitempty"`  // µ, as of Period
	Period   int64 `cbor:"4,keyasint,omitempty"`  // day index the balance is settled to
	Endowed  int64 `cbor:"5,keyasint,omitempty"`  // µ, in total
	Issued   int64 `cbor:"6,keyasint,omitempty"`  // dividends, in total
	Demurred int64 `cbor:"7,keyasint,omitempty"`  // demurrage, in total
	Paid     int64 `cbor:"8,keyasint,omitempty"`  // payments made, in total
	Received int64 `cbor:"9,keyasint,omitempty"`  // payments credited (after their days in flight)
	Overflow int64 `cbor:"10,keyasint,omitempty"` // credits above the cap, sent to the treasury

	// Sanctions the author accepted (sanction_accept.go) withhold part of
	// the dividend: first up to CutRate a day while CutLeft lasts (a reduced
	// dividend), then from what remains until Debt is recovered (a fork's
	// overspending). Withheld money is never issued.
	Debt     int64 `cbor:"11,keyasint,omitempty"` // µ still to recover
	CutLeft  int64 `cbor:"12,keyasint,omitempty"` // µ still to cut
	CutRate  int64 `cbor:"13,keyasint,omitempty"` // µ a day
	Withheld int64 `cbor:"14,keyasint,omitempty"` // µ withheld, in total
	// An accepted exclusion from cooperative benefits: until this time
	// (ms) the author's redemptions take no paid extra (the entitlement,
	// the rights floor, stays).
	ExcludedUntil int64 `cbor:"15,keyasint,omitempty"`
}

// Adds up reports whether the account's identity holds:
// balance = endowed + issued − demurred + received − paid − overflow.
func (a Account) AddsUp() bool {
	return a.Balance == a.Endowed+a.Issued-a.Demurred+a.Received-a.Paid-a.Overflow
}

// DayMillis is the length of a period.
const DayMillis = 24 * 3600 * 1000

// Period is the day index of a claimed time: whole days since the genesis.
func (s *State) Period(t int64) int64 { return (t - s.genesisTime) / DayMillis }

// Money returns the node's money rules (nil if the charter has none).
func (s *State) Money() *money.Rules {
	if s.charter == nil {
		return nil
	}
	return s.charter.Money
}

// SettleTo brings the account to period p (no-op if already there).
func (a *Account) SettleTo(r *money.Rules, p int64) {
	if !a.Open || p <= a.Period {
		return
	}
	for a.Member && (a.Debt > 0 || a.CutLeft > 0) && a.Period < p {
		a.withholdOneDay(r) // day by day while a sanction withholds
	}
	if p <= a.Period {
		return
	}
	b, t, err := r.Settle(a.Balance, int(min(p-a.Period, money.MaxSettling)), a.Member)
	if err != nil {
		return // unreachable: the span is clamped
	}
	a.Balance, a.Period = b, p
	a.Issued += t.Issued
	a.Demurred += t.Demurred
}

// withholdOneDay settles one day of a member's account under the cut and
// the recovery it still owes.
func (a *Account) withholdOneDay(r *money.Rules) {
	cut := min(a.CutLeft, a.CutRate, r.Dividend)
	recover := min(a.Debt, r.Dividend-cut)
	b, d := r.StepWithholding(a.Balance, true, cut+recover)
	a.Balance, a.Period = b, a.Period+1
	a.Issued += d.Issued
	a.Demurred += d.Demurred
	a.Withheld += d.Withheld
	a.CutLeft -= cut
	a.Debt -= recover
}

// settle brings the author's account to the entry's day in c.Next, opening
// it or restarting the dividend where the entry proves membership.
func (s *State) settle(c *Context) {
	r := s.Money()
	if r == nil {
		return
	}
	if c.Prev != nil && !c.Prev.Acct.Open && c.epoch() == 0 && !s.founders[c.E.Author] && len(c.E.Refs) == 0 {
		return // no account and nothing cited that could open one: the common case for outsiders
	}
	a := &c.Next.Acct
	if !a.Open {
		at, ok := s.firstMembership(c)
		if !ok {
			return
		}
		*a = Account{Open: true, Member: true, Balance: s.steady, Period: at, Endowed: s.steady}
	} else if !a.Member {
		if at, ok := s.readmission(c); ok {
			a.SettleTo(r, at)
			a.Member = true
		}
	}
	a.SettleTo(r, s.Period(c.E.Time))
}

// firstMembership is the day the author's first membership began, if this
// entry proves it (founders need no proof in their first epoch).
func (s *State) firstMembership(c *Context) (int64, bool) {
	if c.epoch() != 0 {
		return 0, false
	}
	if s.founders[c.E.Author] {
		return 0, true
	}
	return s.citedAdmission(c, 0)
}

// readmission is the day of the admission for the author's current epoch,
// if this entry cites it.
func (s *State) readmission(c *Context) (int64, bool) {
	return s.citedAdmission(c, c.epoch())
}

func (s *State) citedAdmission(c *Context, epoch uint32) (int64, bool) {
	for _, r := range c.E.Refs {
		if a, ok := s.admits.get(string(r[:])); ok && a.Applicant == c.E.Author && a.Epoch == epoch {
			return s.Period(a.Time), true
		}
	}
	return 0, false
}

// AccountAt is an account settled to period p without changing it: what an
// audit or a balance screen shows between the author's entries.
func (s *State) AccountAt(a Account, p int64) Account {
	if r := s.Money(); r != nil {
		a.SettleTo(r, p)
	}
	return a
}

// Unwritten is the account of a member who has written nothing since their
// first admission (or the genesis): endowed then, earning the dividend since.
// ok is false if they have no such membership now.
func (s *State) Unwritten(k ids.PubKey) (Account, bool) {
	r, ok := s.MemberOf(k)
	if !ok || !r.Active || r.Epoch != 0 || s.Money() == nil {
		return Account{}, false
	}
	at := int64(0)
	if !s.founders[k] {
		at = s.Period(r.Since)
	}
	return Account{Open: true, Member: true, Balance: s.steady, Period: at, Endowed: s.steady}, true
}

// settleGenesisAuthor opens the founding author's account at day 0 (the
// genesis has just set the charter, so this runs after its apply).
func (s *State) settleGenesisAuthor(c *Context) {
	if s.Money() != nil {
		c.Next.Acct = Account{Open: true, Member: true, Balance: s.steady, Endowed: s.steady}
	}
}
