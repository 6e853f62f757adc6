package app

import (
	"crypto/ed25519"
	"fmt"
	"slices"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Offices by sortition: a member volunteers for the next term (a
// commitment to a secret derived from their own key, so nothing needs to be
// stored), reveals the secret in the day before the term starts, and takes
// the seat if the draw picks them (see core/gov_office.go).

// OfficeView is an office with its running and next terms.
type OfficeView struct {
	Office  charter.Office  `json:"office"`
	Term    uint32          `json:"term"` // running now (0: none yet)
	Current core.OfficeTerm `json:"current"`
	Next    core.OfficeTerm `json:"next"`
	Need    int             `json:"need,omitempty"` // an office with powers: the confirmations a seat needs
}

// Offices lists the charter's offices as of now.
func (a *App) Offices() ([]OfficeView, error) {
	var out []OfficeView
	err := a.govView(func(s *core.State) error {
		for _, o := range s.Charter().Governance.Offices {
			v := OfficeView{Office: o, Term: s.TermAt(o, a.now())}
			if v.Term > 0 {
				v.Current, _ = s.OfficeDraw(o.Name, v.Term)
			}
			v.Next, _ = s.OfficeDraw(o.Name, v.Term+1)
			if len(o.Powers) > 0 {
				v.Need = s.Confirmations()
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// OfficeTerm is one term of an office with its draw.
func (a *App) OfficeTerm(office string, term uint32) (core.OfficeTerm, error) {
	var t core.OfficeTerm
	err := a.govView(func(s *core.State) error {
		o, err := officeNamed(s, office)
		if err != nil {
			return err
		}
		if term == 0 {
			term = s.TermAt(o, a.now())
		}
		var ok bool
		if t, ok = s.OfficeDraw(office, term); !ok {
			return UserT("{{.Office}} has no term {{.Term}}", map[string]any{"Office": office, "Term": term})
		}
		return nil
	})
	return t, err
}

func officeNamed(s *core.State, name string) (charter.Office, error) {
	o, ok := s.Charter().Governance.OfficeNamed(name)
	if !ok {
		return o, UserT("the charter has no office “{{.Office}}”", map[string]any{"Office": name})
	}
	return o, nil
}

// sortitionSecret is this member's secret for a term: derived from their
// key, so no one else can know it and the device need not keep it.
func sortitionSecret(k ed25519.PrivateKey, office string, term uint32) ids.Hash {
	return ids.Sum("dac/sortition/secret", k.Seed(), []byte(office), []byte(fmt.Sprint(term)))
}

// Volunteer puts this member in the draw for the next term of office whose
// call is still open. It returns the term.
func (a *App) Volunteer(office string) (*entry.Signed, uint32, error) {
	key, err := a.signer()
	if err != nil {
		return nil, 0, err
	}
	var term uint32
	err = a.govView(func(s *core.State) error {
		o, err := officeNamed(s, office)
		if err != nil {
			return err
		}
		term = s.TermAt(o, a.now()) + 1
		if a.now() >= s.TermStart(o, term)-core.RevealMillis {
			term++ // this term's call has closed: the one after
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	body := core.OfficeVolunteer{Office: office, Term: term, Commit: core.Commitment(sortitionSecret(key, office, term))}
	e, err := a.post(core.KindOfficeVolunteer, body, membershipRefs)
	return e, term, err
}

// Reveal opens this member's commitment for the term of office that starts next.
func (a *App) Reveal(office string) (*entry.Signed, error) {
	key, err := a.signer()
	if err != nil {
		return nil, err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	var body core.OfficeReveal
	err = a.govView(func(s *core.State) error {
		o, err := officeNamed(s, office)
		if err != nil {
			return err
		}
		term := s.TermAt(o, a.now()) + 1
		v, _, ok := s.VolunteerOf(me, office, term)
		if !ok {
			return UserT("you did not volunteer for term {{.Term}} of {{.Office}}", map[string]any{"Office": office, "Term": term})
		}
		body = core.OfficeReveal{Volunteer: v, Secret: sortitionSecret(key, office, term)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.post(core.KindOfficeReveal, body, func(*core.State, ids.PubKey) []ids.Hash { return []ids.Hash{body.Volunteer} })
}

// TakeSeat takes the seat this member won for the running term of office:
// citing every reveal (sortition) or the election that counts (elected).
func (a *App) TakeSeat(office string) (*entry.Signed, error) {
	var body core.OfficeTake
	err := a.govView(func(s *core.State) error {
		o, err := officeNamed(s, office)
		if err != nil {
			return err
		}
		term := s.TermAt(o, a.now())
		if o.Elected {
			t, _ := s.OfficeDraw(office, term)
			if t.Election.IsZero() {
				return UserT("no election for term {{.Term}} of {{.Office}} has passed", map[string]any{"Office": office, "Term": term})
			}
			if me, _ := a.Whoami(); !slices.Contains(t.Winners, me) {
				// A candidate's take is valid even if they lost, but idle: it
				// would count towards their term limits for nothing.
				return UserT("you did not win the election for term {{.Term}} of {{.Office}}", map[string]any{"Office": office, "Term": term})
			}
			body = core.OfficeTake{Office: office, Term: term, Election: &t.Election}
			return nil
		}
		body = core.OfficeTake{Office: office, Term: term, Reveals: s.RevealsOf(office, term)}
		if len(body.Reveals) == 0 {
			return UserT("no one revealed for term {{.Term}} of {{.Office}}", map[string]any{"Office": office, "Term": term})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.post(core.KindOfficeTake, body, func(s *core.State, me ids.PubKey) []ids.Hash {
		r := append(s.MembershipRefs(me), body.Reveals...)
		if body.Election != nil {
			r = append(r, *body.Election)
		}
		return capRefs(r)
	})
}
