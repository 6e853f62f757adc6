package core

import (
	"slices"

	"dac/core/entry"
	"dac/core/ids"
)

// PlanRound drafts the next round on the chain in effect: it folds the
// holders' acts not yet folded, covers every dwelling free after them
// (citing those new to the rounds) and opens the given openings, within the limit of an
// entry's refs (acts first, then up to half the rest for new dwellings,
// then openings; what does not fit waits for the next round). It returns
// the body, its refs and how many openings it took.
func (s *State) PlanRound(opens []Opening) (HousingRound, []ids.Hash, int) {
	var r HousingRound
	var refs []ids.Hash
	tipID, tip, ok := s.HousingTip()
	r.N = 1
	if ok {
		r.N, r.Prev = tip.N+1, tipID
		refs = append(refs, tipID)
	}
	budget := entry.MaxRefs - len(refs)
	acts := s.Unfolded()
	r.Changes = acts[:min(len(acts), budget)]
	refs = append(refs, r.Changes...)
	budget -= len(r.Changes)
	known := map[ids.Hash]Home{}
	for _, h := range tip.Homes {
		known[h.Dwelling] = h
	}
	for _, id := range r.Changes { // what the round will fold: it may free dwellings it can cover at once
		if _, err := s.foldChange(id, known, map[memberEpoch]bool{}); err != nil {
			panic("core: PlanRound met an act Unfolded should not list: " + err.Error()) // a programming error
		}
	}
	for d, h := range known {
		if h.Holder.IsZero() {
			r.Dwellings = append(r.Dwellings, d)
		}
	}
	slices.SortFunc(r.Dwellings, cmpHash)
	r.Dwellings = r.Dwellings[:min(len(r.Dwellings), MaxCovered)]
	newBudget := budget / 2
	if len(opens) == 0 {
		newBudget = budget
	}
	for _, d := range s.Dwellings() {
		if _, k := known[d.ID]; !k && newBudget > 0 && len(r.Dwellings) < MaxCovered {
			r.Dwellings = append(r.Dwellings, d.ID)
			refs = append(refs, d.ID)
			newBudget--
			budget--
		}
	}
	slices.SortFunc(r.Dwellings, cmpHash)
	r.Open = opens[:min(len(opens), budget)]
	for _, o := range r.Open {
		refs = append(refs, o.App)
	}
	return r, refs, len(r.Open)
}
