package app

import (
	"time"

	"dac/core"
	"dac/core/ids"
)

// Balance is this member's money today and where it is heading.
type Balance struct {
	Key            ids.PubKey
	Member         bool  // earning the dividend
	Balance        int64 // µ, today, pending dividend and demurrage included
	TodayDividend  int64 // µ added at the turn of the day
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
			err = &UserError{Msg: "you have no account here: accounts open with membership"}
			return
		}
		b = Balance{Key: me, Member: acct.Member, Balance: acct.Balance, Target: r.SteadyState(),
			TodayDemurrage: r.Demurrage(acct.Balance)}
		if acct.Member {
			b.TodayDividend = r.Dividend
		}
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
