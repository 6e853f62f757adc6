package app

import (
	"fmt"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// Redemption at the counter with no network, as offline payments do it: the
// member's device shows a redemption bundle (text, and the same text as a
// QR code) holding the redemption, the member's entries before it and what
// they cite; the point's device ingests it like any entries, so the
// redemption is verified against the member's own chain. Whenever the
// bundle reaches back to what the point already holds of that chain, an
// over-redemption along it is an invalid entry and the counter refuses it;
// a redemption made on another branch (another offline point) is a fork,
// refused at the counter if the point holds the other branch, and proven
// by the fork report once the two meet.

// RedemptionPrefix marks a redemption bundle in text form.
const RedemptionPrefix = "dacration1:"

// ExportRedemption makes the bundle for one of this device's redemptions
// (zero: the latest), depth entries of the chain up to it.
func (a *App) ExportRedemption(redeem ids.Hash, depth int) (string, error) {
	st, err := a.node()
	if err != nil {
		return "", err
	}
	if redeem.IsZero() {
		if redeem, err = a.latestRedemption(); err != nil {
			return "", err
		}
	}
	e, err := st.Entry(redeem)
	if err != nil || e.Kind != core.KindRationRedeem {
		return "", &UserError{Msg: fmt.Sprintf("%s is not a redemption on this device", redeem.Short())}
	}
	return bundleText(st, e, depth, RedemptionPrefix)
}

func (a *App) latestRedemption() (ids.Hash, error) {
	me, err := a.Whoami()
	if err != nil {
		return ids.Hash{}, err
	}
	st, err := a.node()
	if err != nil {
		return ids.Hash{}, err
	}
	var id ids.Hash
	st.View(func(s *core.State) {
		if rs := s.RedemptionsOf(me); len(rs) > 0 {
			id = rs[0].ID
		}
	})
	if id.IsZero() {
		return id, &UserError{Msg: "you have redeemed nothing yet"}
	}
	return id, nil
}

// CounterCheck says what a point's device makes of a redemption bundle.
type CounterCheck struct {
	Ingested
	Redemption core.Redemption // the redemption the bundle carried, if valid here
	Found      bool            // a valid redemption was in the bundle
	Waiting    bool            // older history of the member is missing: cannot verify
	Problem    string          // why the point must not hand it over ("" if it may)
}

// ImportRedemption ingests a member's redemption bundle at the point and
// says whether the point may countersign it (Dispense does, re-checking).
func (a *App) ImportRedemption(text string) (CounterCheck, error) {
	b, err := readBundle(text, RedemptionPrefix, "redemption")
	if err != nil {
		return CounterCheck{}, err
	}
	st, err := a.node()
	if err != nil {
		return CounterCheck{}, err
	}
	if b.Node != st.Node() {
		return CounterCheck{}, &UserError{Msg: fmt.Sprintf("the bundle is for node %s, this device holds node %s", b.Node.Short(), st.Node().Short())}
	}
	res, err := a.ingestCarried(b.Entries)
	if err != nil {
		return CounterCheck{}, err
	}
	me, err := a.Whoami()
	if err != nil {
		return CounterCheck{}, err
	}
	out := CounterCheck{Ingested: res, Waiting: res.Pending > 0}
	st.View(func(s *core.State) { a.judge(s, me, b.Entries, &out) })
	return out, nil
}

// judge finds the bundle's last redemption and applies the counter's rules
// to what is now stored (never to what the bundle merely claims).
func (a *App) judge(s *core.State, me ids.PubKey, raws [][]byte, out *CounterCheck) {
	var last *entry.Signed
	for _, r := range raws {
		if e, err := entry.Decode(r); err == nil && e.Kind == core.KindRationRedeem {
			last = e
		}
	}
	switch {
	case last == nil:
		out.Problem = "the bundle holds no redemption"
		return
	case out.Waiting:
		out.Problem = "older history of the member is missing, so the redemption cannot be verified: ask for a bundle with a larger depth, or sync"
		return
	}
	r, err := counterCheck(s, me, last.ID, a.now())
	_, out.Found = s.Redemption(last.ID)
	out.Redemption = r
	if err != nil {
		out.Problem = Message(err)
	}
}
