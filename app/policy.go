package app

import (
	"dac/core"
	"dac/core/charter"
)

// policy is the charter in force now for what devices decide themselves
// (the daily offline cap, the hubs to dial): the genesis charter with the
// adopted amendments of those fields (core/charter_inforce.go).
func (a *App) policy(s *core.State) *charter.Charter {
	c, _ := s.CharterInForce(a.now())
	return c
}

// Amendments lists the adopted amendments, with whether each is in force
// and, if not, why.
func (a *App) Amendments() ([]core.Amendment, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var out []core.Amendment
	st.View(func(s *core.State) { _, out = s.CharterInForce(a.now()) })
	return out, nil
}
