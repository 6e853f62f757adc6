package app

import "dac/core"

// MyRedemptions lists this identity's redemptions, newest first, at most n
// (whether each was handed over, refused or taken back).
func (a *App) MyRedemptions(n int) ([]core.Redemption, error) {
	me, err := a.Whoami()
	if err != nil {
		return nil, err
	}
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var out []core.Redemption
	st.View(func(s *core.State) { out = s.RedemptionsOf(me) })
	return out[:min(len(out), n)], nil
}
