package app

import (
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Accepting a sanction (core/sanction_accept.go): a step that cuts the
// dividend, or a fork case, takes effect when the member accepts it in
// their own chain. Until then a fork keeps their payments frozen, and a
// cut not accepted in time suspends their vote and office.

// ErrNothingToAccept means no decided step waits for this member's
// acceptance in that case.
var ErrNothingToAccept = &UserError{Msg: "no sanction decided against you in that case waits for your acceptance"}

// SanctionsToAccept lists the steps decided against this member that wait
// for their acceptance, with what accepting each withholds.
func (a *App) SanctionsToAccept() ([]core.Owed, error) {
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	var out []core.Owed
	err = a.sanctionView(func(s *core.State) error { out = s.ToAccept(me); return nil })
	return out, err
}

// AcceptSanction accepts the step decided in a case (a fork report or a
// complaint) at the level the ladder gave it.
func (a *App) AcceptSanction(id ids.Hash) (*entry.Signed, error) {
	owed, err := a.SanctionsToAccept()
	if err != nil {
		return nil, err
	}
	for _, o := range owed {
		if o.Step.Case == id {
			body := core.SanctionAccept{Case: id, Level: o.Step.Level}
			return a.post(core.KindSanctionAccept, body, func(s *core.State, me ids.PubKey) []ids.Hash {
				return capRefs(append([]ids.Hash{id}, s.MembershipRefs(me)...))
			})
		}
	}
	return nil, ErrNothingToAccept
}

// checkFrozen refuses a payment no one could receive: this member's chain
// has a proven fork whose freeze still binds.
func (a *App) checkFrozen(s *core.State, now int64) error {
	me, err := a.Whoami()
	if err != nil {
		return nil
	}
	f, frozen := s.FreezeOf(me, now)
	a2 := map[string]any{"Until": When(f.Until), "Case": f.Report.String()}
	switch {
	case !frozen:
		return nil
	case now < f.Until && f.Until < 1<<62 && f.MustAccept:
		return UserT("your payments are frozen until {{.Until}}: a fork of your chain (two different entries at one position, a double spend) is proven; "+
			"to pay again after that, accept the case (dac sanction accept {{.Case}}): what the double spend took is then recovered from your dividend", a2)
	case now < f.Until && f.Until < 1<<62:
		return UserT("your payments are frozen until {{.Until}}: a fork of your chain (two different entries at one position, a double spend) is proven; you have accepted the case", a2)
	case f.MustAccept:
		return UserT("your payments are frozen: a fork of your chain is proven; to pay again, accept the case (dac sanction accept {{.Case}}): what the double spend took is then recovered from your dividend", a2)
	}
	return &UserError{Msg: "your payments are frozen: a fork of your chain is proven and this node's charter ends no freeze"}
}
