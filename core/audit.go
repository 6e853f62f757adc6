package core

import (
	"dac/core/ids"
	"dac/core/money"
)

// MoneyReport is the audit of the node's money as of one day.
type MoneyReport struct {
	Period        int64 // day index audited
	Members       int   // members in good standing
	Accounts      int   // open accounts counted (members and former members)
	Supply        int64 // the node's money: held by members + the treasury + payments in flight
	HeldByMembers int64
	Treasury      int64 // cap overflow received (treasury payments and its demurrage: to come)
	InFlight      int64 // payments not yet received, decayed to the audit day
	HeldByFormer  int64 // held by people who left (their money is theirs; not per member)
	PerMember     int64 // Supply / Members
	Target        int64 // B*, the steady state per member
	Endowed       int64
	Issued        int64
	Demurred      int64 // by accounts, and by payments while in flight
	CapOverflow   int64 // = Treasury today
	ForkCreated   int64 // credited by second receives of one payment on other branches of forked accounts (not in Supply)
	AccountsAddUp bool  // every account: balance = endowed + issued − demurred + received − paid − overflow
	Conserved     bool  // Supply + HeldByFormer == Endowed + Issued − Demurred, exactly
	DeviationPPM  int64 // (PerMember − Target) / Target in parts per million
}

// AccountOf is a person's account as of period p: from their latest chain
// state (chain, if they have written since their first admission) or from
// their admission, with pending dividend and demurrage applied.
func (s *State) AccountOf(k ids.PubKey, chain *ChainState, p int64) (Account, bool) {
	var a Account
	switch {
	case chain != nil && chain.Acct.Open:
		a = chain.Acct
		if r, ok := s.MemberOf(k); ok && r.Active && !a.Member && r.Epoch == chain.Leaves && r.Epoch > 0 {
			a = s.AccountAt(a, s.Period(r.Since)) // re-admitted, not yet cited: earning since then
			a.Member = true
		}
	default:
		var ok bool
		if a, ok = s.Unwritten(k); !ok {
			return Account{}, false
		}
	}
	return s.AccountAt(a, p), true
}

// Audit adds up every account as of period p. chains holds the latest chain
// state of every author that has written (the store's heads).
func (s *State) Audit(chains map[ids.PubKey]ChainState, p int64) MoneyReport {
	rep := MoneyReport{Period: p, AccountsAddUp: true}
	if r := s.Money(); r != nil {
		rep.Target = r.SteadyState()
		s.auditPayments(&rep, r, p)
	}
	for _, m := range s.Members() {
		var chain *ChainState
		if c, ok := chains[m.Key]; ok {
			chain = &c
		}
		a, ok := s.AccountOf(m.Key, chain, p)
		if !ok {
			continue
		}
		rep.add(a, m.Active)
	}
	rep.finish()
	return rep
}

func (rep *MoneyReport) add(a Account, member bool) {
	rep.Accounts++
	rep.Endowed += a.Endowed
	rep.Issued += a.Issued
	rep.Demurred += a.Demurred
	rep.AccountsAddUp = rep.AccountsAddUp && a.AddsUp()
	if member {
		rep.Members++
		rep.HeldByMembers += a.Balance
	} else {
		rep.HeldByFormer += a.Balance
	}
}

// auditPayments counts the treasury, the money in flight (decayed to day p)
// and what payments lost in flight.
func (s *State) auditPayments(rep *MoneyReport, r *money.Rules, p int64) {
	for k, pay := range s.pays.rows {
		row, _ := s.receipts.get(k)
		if len(row.Receipts) == 0 {
			now, _, _ := r.Settle(pay.Amount, int(min(max(p-pay.Period, 0), money.MaxSettling)), false)
			rep.InFlight += now
			rep.Demurred += pay.Amount - now
			continue
		}
		rep.Demurred += pay.Amount - row.Receipts[0].Credited
		for i, rc := range row.Receipts {
			rep.Treasury += rc.Excess
			if i > 0 {
				rep.ForkCreated += rc.Credited
			}
		}
	}
	rep.CapOverflow = rep.Treasury
}

func (rep *MoneyReport) finish() {
	rep.Supply = rep.HeldByMembers + rep.Treasury + rep.InFlight
	// A forked account counts with its head branch only, so a second claim
	// of one payment on another branch is reported (ForkCreated), not summed.
	rep.Conserved = rep.Supply+rep.HeldByFormer == rep.Endowed+rep.Issued-rep.Demurred
	if rep.Members > 0 {
		rep.PerMember = rep.Supply / int64(rep.Members)
	}
	if rep.Target > 0 {
		rep.DeviationPPM = (rep.PerMember - rep.Target) * 1_000_000 / rep.Target
	}
}
