package core

import (
	"dac/core/ids"
)

// MoneyReport is the audit of the node's money as of one day.
type MoneyReport struct {
	Period       int64 // day index audited
	Members      int   // members in good standing
	Accounts     int   // open accounts counted (members and former members)
	Supply       int64 // held by members (treasury and payments in flight: none yet)
	HeldByFormer int64 // held by people who left (their money is theirs; not per member)
	PerMember    int64 // Supply / Members
	Target       int64 // B*, the steady state per member
	Endowed      int64
	Issued       int64
	Demurred     int64
	Conserved    bool  // Supply + HeldByFormer == Endowed + Issued − Demurred, exactly
	DeviationPPM int64 // (PerMember − Target) / Target in parts per million
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
	rep := MoneyReport{Period: p}
	if r := s.Money(); r != nil {
		rep.Target = r.SteadyState()
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
	if member {
		rep.Members++
		rep.Supply += a.Balance
	} else {
		rep.HeldByFormer += a.Balance
	}
}

func (rep *MoneyReport) finish() {
	rep.Conserved = rep.Supply+rep.HeldByFormer == rep.Endowed+rep.Issued-rep.Demurred
	if rep.Members > 0 {
		rep.PerMember = rep.Supply / int64(rep.Members)
	}
	if rep.Target > 0 {
		rep.DeviationPPM = (rep.PerMember - rep.Target) * 1_000_000 / rep.Target
	}
}
