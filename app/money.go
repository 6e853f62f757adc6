package app

import (
	"time"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Balance is this member's money today and where it is heading.
type Balance struct {
	Key            ids.PubKey
	Member         bool  // earning the dividend
	Balance        int64 // µ, today, pending dividend and demurrage included
	TodayDividend  int64 // µ added at the turn of the day
	TodayWithheld  int64 // µ of the dividend withheld tonight by an accepted sanction
	Owed           int64 // µ still to withhold by accepted sanctions
	TodayDemurrage int64 // µ removed at the turn of the day
	Target         int64 // B*: where every member's balance converges
	In30Days       int64 // µ, if nothing else happens
	In365Days      int64
}

// ErrNoMoney means the node's charter defines no currency.
var ErrNoMoney = &UserError{Msg: "this node's charter has no money section: it has no currency yet"}

// Balance reports this device's identity's account.
func (a *App) Balance() (Balance, error) {
	me, err := a.Whoami()
	if err != nil {
		return Balance{}, err
	}
	st, err := a.node()
	if err != nil {
		return Balance{}, err
	}
	chain, err := st.HeadChain(me)
	if err != nil {
		return Balance{}, err
	}
	var b Balance
	err = ErrNoMoney
	st.View(func(s *core.State) {
		r := s.Money()
		if r == nil {
			return
		}
		err = nil
		today := s.Period(a.now())
		acct, ok := s.AccountOf(me, chain, today)
		if !ok {
			err = errNoAccount
			return
		}
		b = Balance{Key: me, Member: acct.Member, Balance: acct.Balance, Target: r.SteadyState(),
			TodayDemurrage: r.Demurrage(acct.Balance)}
		if acct.Member {
			next := s.AccountAt(acct, today+1)
			b.TodayDividend = next.Issued - acct.Issued // less what a sanction withholds
			b.TodayWithheld = next.Withheld - acct.Withheld
		}
		b.Owed = acct.Debt + acct.CutLeft
		b.In30Days = s.AccountAt(acct, today+30).Balance
		b.In365Days = s.AccountAt(acct, today+365).Balance
	})
	return b, err
}

// AuditMoney adds up every account as of the day of at.
func (a *App) AuditMoney(at time.Time) (core.MoneyReport, error) {
	st, err := a.node()
	if err != nil {
		return core.MoneyReport{}, err
	}
	chains, err := st.HeadChains()
	if err != nil {
		return core.MoneyReport{}, err
	}
	var rep core.MoneyReport
	err = ErrNoMoney
	st.View(func(s *core.State) {
		if s.Money() == nil {
			return
		}
		err = nil
		rep = s.Audit(chains, s.Period(at.UnixMilli()))
	})
	return rep, err
}

// Pay sends amount µ to a member of the node.
func (a *App) Pay(to ids.PubKey, amount int64, memo string) (*entry.Signed, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var member bool
	var capErr error
	st.View(func(s *core.State) {
		r, ok := s.MemberOf(to)
		member = ok && r.Active
		capErr = a.checkOfflineCap(s, amount)
		if capErr == nil {
			capErr = a.checkFrozen(s, a.now())
		}
	})
	if !member {
		return nil, UserT("member {{.Member}} is not a member of this node", map[string]any{"Member": to.Short()})
	}
	if capErr != nil {
		return nil, capErr
	}
	if b, err := a.Balance(); err == nil && amount > b.Balance {
		return nil, UserT("not enough money: you have {{.Balance}} units, the payment is {{.Amount}}",
			map[string]any{"Balance": Units(b.Balance), "Amount": Units(amount)})
	}
	return a.post(core.KindPay, core.Pay{To: to, Amount: amount, Memo: memo}, membershipRefs)
}

// checkOfflineCap bounds what this device pays per day beyond what a hub of
// the node has seen (hubseen.go): a payment a hub holds is no longer at
// risk of an unseen double spend. With no hub, every payment of the day
// counts.
func (a *App) checkOfflineCap(s *core.State, amount int64) error {
	c := a.policy(s)
	me, err := a.Whoami()
	if c == nil || c.Money == nil || c.Money.OfflineCap == 0 || err != nil {
		return nil
	}
	r := c.Money
	today, seen := s.Period(a.now()), a.HubSeen(s.Node())
	spent := int64(0)
	for _, p := range s.PaymentsOf(me) {
		if p.From == me && p.Period == today && p.Seq > seen {
			spent += p.Amount
		}
	}
	if spent+amount > r.OfflineCap {
		return UserT("over the offline spending cap: {{.Spent}} of today's {{.Cap}} units already paid "+
			"and not yet seen by a hub; sync with a hub of the node to pay more today",
			map[string]any{"Spent": Units(spent), "Cap": Units(r.OfflineCap)})
	}
	return nil
}

// mine runs fn on the state with this device's identity.
func (a *App) mine(fn func(s *core.State, me ids.PubKey)) error {
	me, err := a.Whoami()
	if err != nil {
		return err
	}
	st, err := a.node()
	if err != nil {
		return err
	}
	st.View(func(s *core.State) { fn(s, me) })
	return nil
}

// ReceiveAll claims every payment made to this member and not yet received,
// except those from a frozen account (FrozenIncoming): a fork case is open
// against the payer. Each receive cites the fork reports it knows against
// the payer, so that core refuses it everywhere if the payer is frozen.
func (a *App) ReceiveAll() ([]*entry.Signed, error) {
	var incoming []ids.Hash
	if err := a.mine(func(s *core.State, me ids.PubKey) { incoming = receivable(s, me) }); err != nil {
		return nil, err
	}
	var done []*entry.Signed
	for _, p := range incoming {
		e, err := a.post(core.KindReceive, core.Receive{Pay: p}, func(s *core.State, me ids.PubKey) []ids.Hash {
			refs := append([]ids.Hash{p}, s.Cosigns(p)...) // a treasury payment shows its signatures
			if report, frozen := s.FreezingReport(p); frozen {
				refs = append(refs, report)
			}
			return capRefs(append(refs, s.MembershipRefs(me)...))
		})
		if err != nil {
			return done, err
		}
		done = append(done, e)
	}
	return done, nil
}

// FrozenIncoming lists the payments to this member that cannot be received
// while a fork case is open against their payer.
func (a *App) FrozenIncoming() ([]ids.Hash, error) {
	var out []ids.Hash
	err := a.mine(func(s *core.State, me ids.PubKey) {
		for _, p := range s.Incoming(me) {
			if frozenPay(s, p) {
				out = append(out, p)
			}
		}
	})
	return out, err
}

func receivable(s *core.State, me ids.PubKey) []ids.Hash {
	var out []ids.Hash
	for _, p := range s.Incoming(me) {
		if !frozenPay(s, p) {
			out = append(out, p)
		}
	}
	return out
}

func frozenPay(s *core.State, p ids.Hash) bool {
	_, frozen := s.FreezingReport(p) // a treasury payment: never
	return frozen
}

// History lists this member's payments, newest first.
func (a *App) History() ([]core.Payment, error) {
	var out []core.Payment
	err := a.mine(func(s *core.State, me ids.PubKey) { out = s.PaymentsOf(me) })
	return out, err
}
