package app

import (
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// TreasuryView is the treasury as this device knows it.
type TreasuryView struct {
	Tip      ids.Hash // the latest act in effect (zero before the first)
	TSeq     uint64
	Balance  int64 // µ, settled to today
	Deposits int   // cap overflows waiting to be taken in
	Waiting  map[ids.Hash]core.ActRow
	Stewards []ids.PubKey
	K        int
}

// Treasury reports the treasury.
func (a *App) Treasury() (TreasuryView, error) {
	st, err := a.node()
	if err != nil {
		return TreasuryView{}, err
	}
	var v TreasuryView
	err = ErrNoTreasury
	st.View(func(s *core.State) {
		t := s.Charter().Treasury
		if t == nil {
			return
		}
		err = nil
		v.Stewards, v.K = t.Stewards, t.Threshold
		if id, row, ok := s.TreasuryTip(); ok {
			v.Tip, v.TSeq = id, row.TSeq
			v.Balance = s.TreasuryBalanceAt(row, s.Period(a.now()))
		}
		v.Deposits = len(s.OpenDeposits())
		v.Waiting = s.WaitingActs()
	})
	return v, err
}

// ErrNoTreasury means the charter names no stewards.
var ErrNoTreasury = &UserError{Msg: "this node's charter has no treasury"}

// TreasuryPay proposes a treasury payment (by a steward).
func (a *App) TreasuryPay(to ids.PubKey, amount int64, memo string) (*entry.Signed, error) {
	return a.propose(func(s *core.State) (core.TreasuryPropose, []ids.Hash) {
		return core.TreasuryPropose{Pay: &core.TreasuryPay{To: to, Amount: amount, Memo: memo}}, nil
	})
}

// TreasuryClaim proposes taking in the cap overflows waiting (by a steward).
func (a *App) TreasuryClaim() (*entry.Signed, error) {
	return a.propose(func(s *core.State) (core.TreasuryPropose, []ids.Hash) {
		d := s.OpenDeposits()
		return core.TreasuryPropose{Claim: d}, d
	})
}

func (a *App) propose(act func(s *core.State) (core.TreasuryPropose, []ids.Hash)) (*entry.Signed, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var body core.TreasuryPropose
	var refs []ids.Hash
	st.View(func(s *core.State) {
		var claims []ids.Hash
		body, claims = act(s)
		body.TSeq = 1
		if id, row, ok := s.TreasuryTip(); ok {
			body.TSeq, body.TPrev = row.TSeq+1, id
			refs = append([]ids.Hash{id}, s.Cosigns(id)...) // the proof of the previous act first
		}
		refs = append(refs, claims...)
	})
	if (body.Pay == nil || body.Pay.Amount == 0) && len(body.Claim) == 0 {
		return nil, &UserError{Msg: "there is no cap overflow waiting for the treasury"}
	}
	return a.post(core.KindTreasuryPropose, body, func(*core.State, ids.PubKey) []ids.Hash { return capRefs(refs) })
}

// TreasuryCosign signs an act (by a steward).
func (a *App) TreasuryCosign(act ids.Hash) (*entry.Signed, error) {
	return a.post(core.KindTreasuryCosign, core.TreasuryCosign{Act: act}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{act}
	})
}

// TreasuryPayWork proposes paying member for their attested, unpaid work
// (by a steward): the oldest month's, within its ceiling.
func (a *App) TreasuryPayWork(member ids.PubKey) (*entry.Signed, error) {
	var due bool
	p, err := a.propose(func(s *core.State) (core.TreasuryPropose, []ids.Hash) {
		now := a.now()
		work, amount, ok := s.WorkDueKeeping(member, now, owedToBudgets(s, now))
		due = ok
		return core.TreasuryPropose{Pay: &core.TreasuryPay{To: member, Amount: amount, Memo: "contribution"}, Work: work}, work
	})
	if !due {
		return nil, &UserError{Msg: "no attested work is due to " + member.Short()}
	}
	return p, err
}

// LogWork records work done today in a role of the charter.
func (a *App) LogWork(role string, minutes uint32, note string) (*entry.Signed, error) {
	return a.post(core.KindWorkLog, core.WorkLog{Role: role, Minutes: minutes, Note: note}, membershipRefs)
}

// AttestWork attests a work log (by a coordinator of its role).
func (a *App) AttestWork(log ids.Hash) (*entry.Signed, error) {
	return a.post(core.KindWorkAttest, core.WorkAttest{Log: log}, func(*core.State, ids.PubKey) []ids.Hash {
		return []ids.Hash{log}
	})
}
