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
	ForkCreated   int64 // credited by receives on uncounted branches of forked payees (not in Supply)
	ForkSpent     int64 // put into Supply by payments on uncounted branches of forked payers
	Withheld      int64 // dividends withheld by accepted sanctions (cuts, fork recovery): never issued
	AccountsAddUp bool  // every account: balance = endowed + issued − demurred + received − paid − overflow
	Conserved     bool  // Supply + HeldByFormer == Endowed + Issued − Demurred + ForkSpent, exactly
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
		s.auditPayments(&rep, r, p, chains)
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
	rep.Withheld += a.Withheld
	rep.AccountsAddUp = rep.AccountsAddUp && a.AddsUp()
	if member {
		rep.Members++
		rep.HeldByMembers += a.Balance
	} else {
		rep.HeldByFormer += a.Balance
	}
}

// auditPayments counts the money in flight (decayed to day p), what
// payments lost in flight, and the treasury. A forked account counts with
// its head branch only: a payment debits the counted supply only if it is
// on the payer's head branch (for the treasury: on the treasury's head
// chain), and credits it through the receipt on the payee's head branch
// (else it is still in flight). Money a fork put into the supply without a
// counted debit is ForkSpent; credits on uncounted branches are ForkCreated.
func (s *State) auditPayments(rep *MoneyReport, r *money.Rules, p int64, chains map[ids.PubKey]ChainState) {
	tchain := s.auditTreasury(rep, r, p, chains)
	for k, pay := range s.pays.rows {
		s.auditPayment(rep, r, p, chains, ids.Hash([]byte(k)), pay, s.onHead(pay.From, pay.Seq, ids.Hash([]byte(k)), chains))
	}
	for id, act := range s.effectiveActs() {
		if act.Pay != nil {
			pay := PayRow{To: act.Pay.To, Amount: act.Pay.Amount, Period: act.Period, Time: act.Time}
			s.auditPayment(rep, r, p, chains, id, pay, tchain[id])
		}
	}
	rep.CapOverflow = rep.Treasury
}

func (s *State) auditPayment(rep *MoneyReport, r *money.Rules, p int64, chains map[ids.PubKey]ChainState, id ids.Hash, pay PayRow, debited bool) {
	row, _ := s.receipts.get(string(id[:]))
	rc, received := s.receiptOnHead(row, pay.To, chains)
	for _, other := range row.Receipts {
		if !received || other.ID != rc.ID {
			rep.ForkCreated += other.Credited
		}
	}
	value := rc.Credited // what this payment put into the counted supply
	if !received {
		value, _, _ = r.Settle(pay.Amount, int(min(max(p-pay.Period, 0), money.MaxSettling)), false)
		rep.InFlight += value
	}
	if debited {
		rep.Demurred += pay.Amount - value // lost in flight
	} else {
		rep.ForkSpent += value
	}
}

// auditTreasury adds the treasury: its head act settled to day p, plus the
// deposits (on their payees' head branches) not taken in along its chain,
// decayed to p. It returns the acts on the head chain.
func (s *State) auditTreasury(rep *MoneyReport, r *money.Rules, p int64, chains map[ids.PubKey]ChainState) map[ids.Hash]bool {
	chain := s.headChain()
	if head, _, ok := s.treasuryHead(); ok {
		b, t, _ := r.Settle(head.Balance, int(min(max(p-head.Period, 0), money.MaxSettling)), false)
		rep.Treasury += b
		rep.Demurred += head.Demurred + t.Demurred
	}
	for k, d := range s.deposits.rows {
		onHead, taken := s.onHead(d.Author, d.Seq, ids.Hash([]byte(k)), chains), s.takenIn(k, chain)
		if taken && !onHead {
			rep.ForkSpent += d.Amount // in the treasury, from a branch the audit does not count
		}
		if !onHead || taken {
			continue
		}
		v, _, _ := r.Settle(d.Amount, int(min(max(p-d.Period, 0), money.MaxSettling)), false)
		rep.Treasury += v
		rep.Demurred += d.Amount - v
	}
	return chain
}

func (s *State) takenIn(deposit string, chain map[ids.Hash]bool) bool {
	row, _ := s.claims.get(deposit)
	for _, a := range row.Acts {
		if chain[a] {
			return true
		}
	}
	return false
}

// effectiveActs are the treasury acts k stewards have signed, as far as
// this replica knows (a query, not a rule).
func (s *State) effectiveActs() map[ids.Hash]ActRow {
	if s.treasury() == nil {
		return nil
	}
	out := map[ids.Hash]ActRow{}
	for k, a := range s.acts.rows {
		if id := ids.Hash([]byte(k)); s.inEffect(id, a) {
			out[id] = a
		}
	}
	return out
}

// treasuryHead is the act in effect furthest along the treasury chain
// (ties: the smaller id), searched from the highest place down.
func (s *State) treasuryHead() (ActRow, ids.Hash, bool) {
	if s.treasury() == nil {
		return ActRow{}, ids.Hash{}, false
	}
	for seq := s.maxTSeq; seq > 0; seq-- {
		var best ActRow
		var bestID ids.Hash
		found := false
		for _, id := range s.actsAt[seq] {
			a, _ := s.acts.get(string(id[:]))
			if s.inEffect(id, a) && (!found || cmpHash(id, bestID) < 0) {
				best, bestID, found = a, id, true
			}
		}
		if found {
			return best, bestID, true
		}
	}
	return ActRow{}, ids.Hash{}, false
}

// onHead reports whether author's entry id at seq is on their head branch.
func (s *State) onHead(author ids.PubKey, seq uint64, id ids.Hash, chains map[ids.PubKey]ChainState) bool {
	head, ok := chains[author]
	switch {
	case !ok || seq > head.Seq:
		return false
	case id == head.ID || !s.Forked(author): // an audit may read the fork rows: it is a query, not a rule
		return true
	case s.ancestor != nil:
		got, ok := s.ancestor(head.ID, seq)
		return ok && got == id
	}
	return false
}

// receiptOnHead is the receipt of a payment on the payee's head branch.
func (s *State) receiptOnHead(row ReceiptRow, payee ids.PubKey, chains map[ids.PubKey]ChainState) (Receipt, bool) {
	for _, rc := range row.Receipts {
		if rc.Author == payee && s.onHead(payee, rc.Seq, rc.ID, chains) {
			return rc, true
		}
	}
	return Receipt{}, false
}

func (rep *MoneyReport) finish() {
	rep.Supply = rep.HeldByMembers + rep.Treasury + rep.InFlight
	// A forked account counts with its head branch only, so a second claim
	// of one payment on another branch is reported (ForkCreated), not summed.
	rep.Conserved = rep.Supply+rep.HeldByFormer == rep.Endowed+rep.Issued-rep.Demurred+rep.ForkSpent
	if rep.Members > 0 {
		rep.PerMember = rep.Supply / int64(rep.Members)
	}
	if rep.Target > 0 {
		rep.DeviationPPM = (rep.PerMember - rep.Target) * 1_000_000 / rep.Target
	}
}
