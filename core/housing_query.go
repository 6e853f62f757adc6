package core

import (
	"cmp"
	"slices"

	"dac/core/ids"
)

// HousingTip is the round in effect: the furthest along the round chain
// (ties: the smaller id). Two office holders closing the same round number
// at once make two branches; the next round cites one and settles it.
func (s *State) HousingTip() (ids.Hash, RoundRow, bool) {
	var best ids.Hash
	var row RoundRow
	found := false
	for k, r := range s.housing.rounds.rows {
		id := ids.Hash([]byte(k))
		if !found || r.N > row.N || (r.N == row.N && cmpHash(id, best) < 0) {
			best, row, found = id, r, true
		}
	}
	return best, row, found
}

// Round returns a round's row.
func (s *State) Round(id ids.Hash) (RoundRow, bool) { return s.housing.rounds.get(string(id[:])) }

// RoundsAlongTip lists the round chain in effect, newest first.
func (s *State) RoundsAlongTip() []ids.Hash {
	var out []ids.Hash
	id, _, ok := s.HousingTip()
	for ok && !id.IsZero() {
		out = append(out, id)
		r, _ := s.Round(id)
		id = r.Prev
	}
	return out
}

// DwellingInfo is a dwelling and who holds it in the round in effect.
type DwellingInfo struct {
	ID ids.Hash `json:"id"`
	DwellingRow
	Home Home `json:"home"` // zero Holder: free (or not yet in any round)
}

// Dwellings lists every registered dwelling, sorted by id.
func (s *State) Dwellings() []DwellingInfo {
	homes := map[ids.Hash]Home{}
	if _, tip, ok := s.HousingTip(); ok {
		for _, h := range tip.Homes {
			homes[h.Dwelling] = h
		}
	}
	out := make([]DwellingInfo, 0, s.housing.dwellings.size())
	for k, d := range s.housing.dwellings.rows {
		id := ids.Hash([]byte(k))
		out = append(out, DwellingInfo{ID: id, DwellingRow: d, Home: homes[id]})
	}
	slices.SortFunc(out, func(a, b DwellingInfo) int { return cmpHash(a.ID, b.ID) })
	return out
}

// Dwelling returns one dwelling's registration.
func (s *State) Dwelling(id ids.Hash) (DwellingRow, bool) {
	return s.housing.dwellings.get(string(id[:]))
}

// HomeOf is the dwelling member holds in the round in effect.
func (s *State) HomeOf(member ids.PubKey) (Home, bool) {
	_, tip, ok := s.HousingTip()
	if !ok {
		return Home{}, false
	}
	for _, h := range tip.Homes {
		if h.Holder == member {
			return h, true
		}
	}
	return Home{}, false
}

// Homes maps each holder to the dwelling they hold in the round in effect.
func (s *State) Homes() map[ids.PubKey]Home {
	_, tip, _ := s.HousingTip()
	out := make(map[ids.PubKey]Home, len(tip.Homes))
	for _, h := range tip.Homes {
		if !h.Holder.IsZero() {
			out[h.Holder] = h
		}
	}
	return out
}

// HousingApplication is an application's public part and its id.
type HousingApplication struct {
	ID ids.Hash `json:"id"`
	ApplicationRow
}

// Applications lists applications (of one applicant, or all if who is
// zero), oldest first.
func (s *State) Applications(who ids.PubKey) []HousingApplication {
	var out []HousingApplication
	for k, a := range s.housing.apps.rows {
		if who.IsZero() || a.Applicant == who {
			out = append(out, HousingApplication{ID: ids.Hash([]byte(k)), ApplicationRow: a})
		}
	}
	slices.SortFunc(out, func(a, b HousingApplication) int { return oldestFirst(a.Time, a.ID, b.Time, b.ID) })
	return out
}

// Unopened lists the applications the next round should open: one per
// household (its earliest), of members not housed and not already waiting,
// never one served before. (So a member who files many applications costs
// a round one opening, not many.)
func (s *State) Unopened() []HousingApplication {
	_, tip, _ := s.HousingTip()
	skip := map[ids.PubKey]bool{}
	for _, h := range tip.Homes {
		skip[h.Holder] = true
	}
	for _, w := range tip.Waiting {
		skip[w.Applicant] = true
	}
	var out []HousingApplication
	for _, a := range s.Applications(ids.PubKey{}) { // oldest first
		if !skip[a.Applicant] && !servedIn(tip.Served, a.ID) && s.stillMember(a.Applicant, a.Epoch) {
			out = append(out, a)
			skip[a.Applicant] = true
		}
	}
	return out
}

func (s *State) stillMember(who ids.PubKey, epoch uint32) bool {
	m, ok := s.MemberOf(who)
	return ok && m.Active && m.Epoch == epoch
}

// Unfolded lists the holders' acts (relinquishes, swap acceptances, leaves
// of holders and of waiting applicants) that the round chain in effect has not folded yet, oldest
// first: what the next round should fold.
func (s *State) Unfolded() []ids.Hash {
	done := map[ids.Hash]bool{}
	for _, id := range s.RoundsAlongTip() {
		r, _ := s.Round(id)
		for _, f := range append(slices.Clone(r.Folded), r.Skipped...) {
			done[f] = true
		}
	}
	type act struct {
		id   ids.Hash
		time int64
	}
	var acts []act
	add := func(k string, t int64) {
		if id := ids.Hash([]byte(k)); !done[id] {
			acts = append(acts, act{id, t})
		}
	}
	for k, r := range s.housing.releases.rows {
		add(k, r.Time)
	}
	for k, r := range s.housing.accepts.rows {
		add(k, r.Time)
	}
	_, tip, _ := s.HousingTip()
	concerned := map[memberEpoch]bool{}
	for _, h := range tip.Homes {
		concerned[memberEpoch{h.Holder, h.Epoch}] = true
	}
	for _, w := range tip.Waiting {
		concerned[memberEpoch{w.Applicant, w.Epoch}] = true
	}
	for k, l := range s.leaves.rows {
		if concerned[memberEpoch{l.Member, l.Epoch}] {
			add(k, l.Time)
		}
	}
	slices.SortFunc(acts, func(a, b act) int { return oldestFirst(a.time, a.id, b.time, b.id) })
	out := make([]ids.Hash, len(acts))
	for i, a := range acts {
		out[i] = a.id
	}
	return out
}

// Verdicts recomputes a round's allocation from its stored inputs (the
// pool and the covered dwellings), for the audit.
func (s *State) Verdicts(round ids.Hash) ([]AllocVerdict, bool) {
	r, ok := s.Round(round)
	if !ok || s.HousingRules() == nil {
		return nil, false
	}
	free := make([]FreeDwelling, 0, len(r.Covered))
	for _, d := range r.Covered {
		row, _ := s.Dwelling(d)
		free = append(free, FreeDwelling{ID: d, Row: row})
	}
	return Allocate(s.HousingRules(), round, r.Pool, free), true
}

// SwapOffer is a swap proposal and its id.
type SwapOffer struct {
	ID ids.Hash `json:"id"`
	SwapRow
}

// SwapsFor lists proposals made to member or by them, oldest first.
func (s *State) SwapsFor(member ids.PubKey) []SwapOffer {
	var out []SwapOffer
	for k, p := range s.housing.swaps.rows {
		if p.A == member || p.B == member {
			out = append(out, SwapOffer{ID: ids.Hash([]byte(k)), SwapRow: p})
		}
	}
	slices.SortFunc(out, func(a, b SwapOffer) int { return oldestFirst(a.Time, a.ID, b.Time, b.ID) })
	return out
}

// Right returns a right as given.
func (s *State) Right(r Right) (RightRow, bool) { return s.housing.rights.get(r.key()) }

// Modification is a modification request, its id and its approvals.
type Modification struct {
	ID ids.Hash `json:"id"`
	ModRow
	ApprovedBy []ids.PubKey `json:"approved_by"`
}

// Modifications lists modification requests (of one holder, or all if who
// is zero), oldest first.
func (s *State) Modifications(who ids.PubKey) []Modification {
	by := map[ids.Hash][]ids.PubKey{}
	for _, a := range s.housing.approvals.rows {
		by[a.Request] = append(by[a.Request], a.Office)
	}
	var out []Modification
	for k, m := range s.housing.mods.rows {
		id := ids.Hash([]byte(k))
		if who.IsZero() || m.Holder == who {
			ap := by[id]
			slices.SortFunc(ap, func(a, b ids.PubKey) int { return slices.Compare(a[:], b[:]) })
			out = append(out, Modification{ID: id, ModRow: m, ApprovedBy: ap})
		}
	}
	slices.SortFunc(out, func(a, b Modification) int { return oldestFirst(a.Time, a.ID, b.Time, b.ID) })
	return out
}

// oldestFirst orders oldest first, ties by the smaller id.
func oldestFirst(t1 int64, id1 ids.Hash, t2 int64, id2 ids.Hash) int {
	if c := cmp.Compare(t1, t2); c != 0 {
		return c
	}
	return cmpHash(id1, id2)
}
