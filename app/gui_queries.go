package app

import (
	"dac/core"
	"dac/core/charter"
	"dac/core/demo"
	"dac/core/identity"
	"dac/core/ids"
)

// Queries the GUI needs beside the ones the CLI uses: all read-only.

// ProjectedDay is a balance some days from today if nothing else happens.
type ProjectedDay struct {
	Day     int   // days from today
	Balance int64 // µ
}

// Projection is this member's balance today and every step days after, up
// to days, under the charter's money rules (dividend and demurrage only).
func (a *App) Projection(days, step int) ([]ProjectedDay, error) {
	if step < 1 {
		step = 1
	}
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	chain, err := st.HeadChain(me)
	if err != nil {
		return nil, err
	}
	var out []ProjectedDay
	err = ErrNoMoney
	st.View(func(s *core.State) {
		if s.Money() == nil {
			return
		}
		today := s.Period(a.now())
		acct, ok := s.AccountOf(me, chain, today)
		if !ok {
			err = errNoAccount
			return
		}
		err = nil
		for d := 0; d <= days; d += step {
			out = append(out, ProjectedDay{Day: d, Balance: s.AccountAt(acct, today+int64(d)).Balance})
		}
	})
	return out, err
}

var errNoAccount = &UserError{Msg: "you have no account here: accounts open with membership"}

// Waiting counts the payments to this member not received yet.
func (a *App) Waiting() (int, error) {
	n := 0
	err := a.mine(func(s *core.State, me ids.PubKey) { n = len(s.Incoming(me)) })
	return n, err
}

// Charter is the current node's charter.
func (a *App) Charter() (charter.Charter, error) {
	st, err := a.node()
	if err != nil {
		return charter.Charter{}, err
	}
	var c charter.Charter
	err = &UserError{Msg: "this node's founding entry has not arrived yet"}
	st.View(func(s *core.State) {
		if p := a.policy(s); p != nil { // the charter in force: adopted policy amendments included
			c, err = *p, nil
		}
	})
	return c, err
}

// PassphraseStrength is a 0..4 score and a plain hint, for a strength meter.
func PassphraseStrength(p string) (score int, hint string) { return identity.PassphraseStrength(p) }

// DemoResident is the demo member whose key the GUI offers to explore the
// demo node with: the fourth founder, a member from the first day who holds
// no office, so the wallet shows an ordinary resident's money.
const DemoResident = 3

// DemoPhrase is the recovery phrase of demo member i of the demo built with
// seed: restoring it lets this device act as that member of the demo node.
func DemoPhrase(seed int64, i int) (string, error) {
	return identity.Phrase(demo.Key(seed, i).Seed())
}
