package demo

import (
	"crypto/ed25519"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// sortition fills the charter's offices term by term: two days before a
// term starts four active members volunteer (from the first half of the
// members for the first office, the second half for the second, so that no
// one is drawn for two separated offices), the day before they reveal, and
// on the first day the winners take their seats (of an elected office: the
// winners of its election). Entries the rules would refuse (a third term in
// a row) are skipped, as a member's device would refuse to sign them.
func (w *World) sortition(d int, active []ed25519.PrivateKey) error {
	for i, o := range w.Charter.Governance.Offices {
		if len(o.Powers) > 0 {
			continue // powerOffices, every day from the first
		}
		term := uint32(d/o.TermDays + 1)
		start := int(term) * o.TermDays
		var err error
		switch {
		case o.Elected:
		case d == start-2:
			half := active[:len(active)/2]
			if i%2 == 1 {
				half = active[len(active)/2:]
			}
			err = w.volunteer(o, term, half)
		case d == start-1:
			err = w.reveal(o, term)
		}
		if err != nil {
			return err
		}
		if d%o.TermDays == 0 && d > 0 {
			if err := w.takeSeats(o, uint32(d/o.TermDays)); err != nil {
				return err
			}
		}
	}
	return nil
}

// powerOffices fills the offices that hold a power from the first day on,
// before the day's admissions, since the node depends on them: volunteers
// from the second half of the members (the first half serves audit, a
// separated branch), reveals, and on a term's first day the winner's take
// and k members' confirmations of it.
func (w *World) powerOffices(d int) error {
	g := w.Charter.Governance
	active := w.activeKeys()
	if g == nil || len(active) <= w.Charter.Membership.VouchesRequired {
		return nil
	}
	for _, o := range g.Offices {
		if len(o.Powers) == 0 || o.Elected {
			continue
		}
		term := uint32(d/o.TermDays + 1)
		start := int(term) * o.TermDays
		var err error
		switch {
		case d == start-2:
			err = w.volunteer(o, term, active[len(active)/2:])
		case d == start-1:
			err = w.reveal(o, term)
		}
		if err == nil && d%o.TermDays == 0 && d > 0 {
			err = w.takeAndConfirm(o, uint32(d/o.TermDays))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// takeAndConfirm: the winners take their seats, and k other members confirm each.
func (w *World) takeAndConfirm(o charter.Office, term uint32) error {
	if err := w.takeSeats(o, term); err != nil {
		return err
	}
	for _, seat := range w.State.Seats(o.Name, term) {
		for _, k := range w.pickMembers(w.Charter.Membership.VouchesRequired, seat.Member) {
			refs := append(w.State.MembershipRefs(Pub(k)), seat.Take)
			if _, err := w.tryPost(k, core.KindOfficeConfirm, core.OfficeConfirm{Take: seat.Take}, refs); err != nil {
				return err
			}
		}
	}
	return nil
}

func demoSecret(k ed25519.PrivateKey, office string, term uint32) ids.Hash {
	return ids.Sum("dac/demo/secret", k.Seed(), []byte(office), []byte{byte(term >> 8), byte(term)})
}

// tryPost signs and adds an entry if the rules accept it; it reports
// whether it did.
func (w *World) tryPost(k ed25519.PrivateKey, kind string, body any, refs []ids.Hash) (bool, error) {
	e, prev, err := w.Sign(k, kind, body, refs)
	if err != nil {
		return false, err
	}
	if w.State.Validate(e, prev) != nil {
		return false, nil
	}
	return true, w.add(e)
}

func (w *World) volunteer(o charter.Office, term uint32, pool []ed25519.PrivateKey) error {
	for n := 0; n < 4 && len(pool) > 0; n++ {
		k := pool[w.rng.IntN(len(pool))]
		body := core.OfficeVolunteer{Office: o.Name, Term: term, Commit: core.Commitment(demoSecret(k, o.Name, term))}
		if _, err := w.tryPost(k, core.KindOfficeVolunteer, body, w.State.MembershipRefs(Pub(k))); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) reveal(o charter.Office, term uint32) error {
	for _, k := range w.Keys {
		v, _, ok := w.State.VolunteerOf(Pub(k), o.Name, term)
		if !ok {
			continue
		}
		body := core.OfficeReveal{Volunteer: v, Secret: demoSecret(k, o.Name, term)}
		if _, err := w.tryPost(k, core.KindOfficeReveal, body, []ids.Hash{v}); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) takeSeats(o charter.Office, term uint32) error {
	t, ok := w.State.OfficeDraw(o.Name, term)
	body := core.OfficeTake{Office: o.Name, Term: term, Reveals: w.State.RevealsOf(o.Name, term)}
	cited := body.Reveals
	if o.Elected {
		body = core.OfficeTake{Office: o.Name, Term: term, Election: &t.Election}
		cited = []ids.Hash{t.Election}
	}
	if !ok || len(t.Winners) == 0 {
		return nil
	}
	for _, winner := range t.Winners {
		if _, err := w.tryPost(w.keyOf(winner), core.KindOfficeTake, body, append(w.State.MembershipRefs(winner), cited...)); err != nil {
			return err
		}
	}
	return nil
}
