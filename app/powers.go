package app

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"errors"
	"slices"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Office powers (core/gov_powers.go): the holder of an office with a power
// uses it by citing their take and k members' confirmations of it. Every
// member's device confirms, by itself, the takes of the running term that
// its own view counts among the office's holders, until each has k.

// Registrars says who may admit members now.
func (a *App) Registrars() (core.Power, error) {
	var p core.Power
	err := a.govView(func(s *core.State) error {
		p = s.PowerAt(charter.PowerAdmit, a.now())
		return nil
	})
	return p, err
}

// seatRefs is what an act of me using power now cites to prove it: nothing
// while the charter's keys hold it, else my seat and its confirmations
// (nil if I hold none: validation then says why).
func (a *App) seatRefs(s *core.State, power string, me ids.PubKey) []ids.Hash {
	refs, _ := s.PowerRefs(power, me, a.now())
	return refs
}

// mayAdmit says, before signing, why this member may not admit now.
func (a *App) mayAdmit() error {
	key, err := a.signer()
	if err != nil {
		return err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	p, err := a.Registrars()
	switch {
	case err != nil || slices.Contains(p.Holders, me):
		return err
	case p.Vacant():
		return UserT("no one may admit members now: no seat of {{.Office}} for term {{.Term}} has {{.Need}} confirmations yet",
			map[string]any{"Office": p.Office, "Term": p.Term, "Need": p.Need})
	}
	return UserT("only {{.Holders}} may admit members now", map[string]any{"Holders": ids.ShortKeys(p.Holders)})
}

// ConfirmSeats confirms every take this device should confirm now (see
// core.State.ToConfirm), hands the confirmations over, and returns them.
// One that validation refuses (the clock crossed a term's end meanwhile)
// does not stop the others; the first error is returned.
func (a *App) ConfirmSeats() ([]*entry.Signed, error) {
	out, err := a.confirmAll()
	if len(out) > 0 {
		_ = a.flushOutbox(context.Background())
	}
	return out, err
}

func (a *App) confirmAll() ([]*entry.Signed, error) {
	key, st, err := a.signerNode()
	if err != nil {
		return nil, err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	var takes []ids.Hash
	member := false
	st.View(func(s *core.State) {
		m, ok := s.MemberOf(me)
		member = ok && m.Active
		takes = s.ToConfirm(me, a.now())
	})
	if !member {
		return nil, nil
	}
	var out []*entry.Signed
	var first error
	for _, take := range takes {
		e, err := a.record(core.KindOfficeConfirm, core.OfficeConfirm{Take: take}, func(s *core.State, me ids.PubKey) []ids.Hash {
			return append(s.MembershipRefs(me), take)
		})
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		out = append(out, e)
	}
	return out, first
}

// confirmSeats is ConfirmSeats on the ingest path, when the identity is
// unlocked: the confirmations wait in the outbox for the next hand-over
// (handing over from inside an ingest could wait on the sync loop that is
// ingesting); a failure waits for the next ingest.
func (a *App) confirmSeats() {
	if _, err := a.signer(); err == nil {
		_, _ = a.confirmAll()
	}
}

// OfficeNotice is what the home screen says of offices to this member:
// the offices whose running term they won without taking the seat yet, and
// those with seats their device would confirm.
type OfficeNotice struct {
	ToTake    []string `json:"to_take,omitempty"`
	ToConfirm []string `json:"to_confirm,omitempty"`
}

// OfficeNotices reads this member's notices now (none without an unlocked
// identity or a governance section).
func (a *App) OfficeNotices() (OfficeNotice, error) {
	var n OfficeNotice
	key, err := a.signer()
	if err != nil {
		return n, nil
	}
	me, now := ids.PubKey(key.Public().(ed25519.PublicKey)), a.now()
	err = a.govView(func(s *core.State) error {
		due := s.ToConfirm(me, now)
		for _, o := range s.Charter().Governance.Offices {
			term := s.TermAt(o, now)
			if term == 0 {
				continue
			}
			t, _ := s.OfficeDraw(o.Name, term)
			if slices.Contains(t.Winners, me) && !slices.Contains(t.Holders, me) {
				n.ToTake = append(n.ToTake, o.Name)
			}
			if slices.ContainsFunc(t.Seats, func(st core.Seat) bool { return slices.Contains(due, st.Take) }) {
				n.ToConfirm = append(n.ToConfirm, o.Name)
			}
		}
		return nil
	})
	if errors.Is(err, ErrNoGovernance) {
		err = nil
	}
	return n, err
}
