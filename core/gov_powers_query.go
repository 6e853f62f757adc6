package core

import (
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Seat is a take of an office and the members who confirmed it.
type Seat struct {
	Take     ids.Hash     `json:"take"`
	Member   ids.PubKey   `json:"member"`
	Confirms []ids.Hash   `json:"confirms"`     // one per member, the smallest id of each
	By       []ids.PubKey `json:"confirmed_by"` // in the order of Confirms
}

// Seats lists the takes of a term of an office, by taker, with their
// confirmations.
func (s *State) Seats(office string, term uint32) []Seat {
	var out []Seat
	for k, r := range s.gov.offices.rows {
		if r.Kind == KindOfficeTake && r.Office == office && r.Term == term {
			out = append(out, Seat{Take: ids.Hash([]byte(k)), Member: r.Member})
		}
	}
	slices.SortFunc(out, func(a, b Seat) int { return cmpHash(a.Take, b.Take) })
	for i := range out {
		out[i].Confirms, out[i].By = s.confirmsOf(out[i].Take)
	}
	return out
}

// confirmsOf lists a take's confirmations, one per member (the smallest id).
func (s *State) confirmsOf(take ids.Hash) ([]ids.Hash, []ids.PubKey) {
	best := map[ids.PubKey]ids.Hash{}
	for k, r := range s.gov.offices.rows {
		if r.Kind != KindOfficeConfirm || r.Take == nil || *r.Take != take {
			continue
		}
		if id, ok := best[r.Member]; !ok || cmpHash(ids.Hash([]byte(k)), id) < 0 {
			best[r.Member] = ids.Hash([]byte(k))
		}
	}
	var confirms []ids.Hash
	for _, id := range best {
		confirms = append(confirms, id)
	}
	slices.SortFunc(confirms, cmpHash)
	by := make([]ids.PubKey, len(confirms))
	for i, id := range confirms {
		r, _ := s.gov.offices.get(string(id[:]))
		by[i] = r.Member
	}
	return confirms, by
}

// Power is who holds a power at a time.
type Power struct {
	Power    string       `json:"power"`
	Office   string       `json:"office,omitempty"` // empty: the key the charter names holds it
	Term     uint32       `json:"term,omitempty"`
	Founding []ids.PubKey `json:"founding,omitempty"` // the keys the charter names, while they hold the power
	Holders  []ids.PubKey `json:"holders"`            // who may use it: the founding key, or the confirmed holders
	Seats    []Seat       `json:"seats,omitempty"`    // every take of the term
	Need     int          `json:"need,omitempty"`     // confirmations a seat needs
}

// Founding are the keys the charter names for a power (nil: none).
func (s *State) Founding(power string) []ids.PubKey {
	switch {
	case s.charter == nil:
		return nil
	case power == charter.PowerAdmit:
		return []ids.PubKey{s.charter.Membership.Registrar}
	}
	return nil
}

// Vacant reports whether no one may use the power.
func (p Power) Vacant() bool { return len(p.Holders) == 0 }

// PowerAt says who may use a power at t.
func (s *State) PowerAt(power string, t int64) Power {
	p, founding := Power{Power: power}, s.Founding(power)
	o, ok := s.powerOffice(power)
	if !ok || t < s.TermStart(o, 1) {
		p.Founding, p.Holders = founding, slices.Clone(founding)
		if ok {
			p.Office = o.Name
		}
		return p
	}
	p.Office, p.Term, p.Need = o.Name, s.TermAt(o, t), s.Confirmations()
	p.Seats = s.Seats(o.Name, p.Term)
	for _, st := range p.Seats {
		if len(st.Confirms) >= p.Need && !slices.Contains(p.Holders, st.Member) {
			p.Holders = append(p.Holders, st.Member)
		}
	}
	return p
}

// PowerRefs is what an act of member using a power at t must cite: nothing
// while the founding key holds it, else the member's take and k of its
// confirmations. ok false: member may not use the power at t.
func (s *State) PowerRefs(power string, member ids.PubKey, t int64) ([]ids.Hash, bool) {
	p := s.PowerAt(power, t)
	if p.Office == "" || p.Term == 0 {
		return nil, slices.Contains(p.Founding, member)
	}
	for _, st := range p.Seats {
		if st.Member == member && len(st.Confirms) >= p.Need {
			return append([]ids.Hash{st.Take}, st.Confirms[:p.Need]...), true
		}
	}
	return nil, false
}

// ConfirmSettleMillis is how long into a term devices wait before they
// confirm its seats: reveals made offline in the day before the term may
// still be on their way, and a device that confirmed too early could
// count the wrong winner. A device policy, not a validity rule.
const ConfirmSettleMillis = 6 * 3600 * 1000

// ToConfirm lists the takes member's device should confirm at t: of every
// office holding a power, in its term at t (once ConfirmSettleMillis of it
// have passed), the takes of the draw's (or the election's) winners that
// have fewer than k confirmations, that member has not confirmed and did
// not write.
func (s *State) ToConfirm(member ids.PubKey, t int64) []ids.Hash {
	g := s.governance()
	if g == nil || s.Confirmations() == 0 {
		return nil
	}
	var out []ids.Hash
	for _, o := range g.Offices {
		term := s.TermAt(o, t)
		if len(o.Powers) == 0 || term == 0 || t < s.TermStart(o, term)+ConfirmSettleMillis {
			continue
		}
		out = append(out, s.toConfirmIn(o, term, member)...)
	}
	return out
}

func (s *State) toConfirmIn(o charter.Office, term uint32, member ids.PubKey) []ids.Hash {
	d, _ := s.OfficeDraw(o.Name, term)
	var out []ids.Hash
	for _, st := range s.Seats(o.Name, term) {
		if st.Member == member || slices.Contains(st.By, member) || len(st.Confirms) >= s.Confirmations() ||
			!slices.Contains(d.Winners, st.Member) {
			continue
		}
		out = append(out, st.Take)
	}
	return out
}
