package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/ids"
)

// HousingRound closes an allocation round (an office holder). It cites the
// previous round (none for round 1) and names exactly what it covers: the
// free dwellings (new ones cited by their registration), the applications
// it opens (cited, with their attributes and salt, checked against each
// commitment; applications still waiting from earlier rounds are carried
// over), and the holders' acts it folds into the map (relinquishes, swap
// acceptances, leaves; cited), applied in the order given, each only if the
// right it names is still current, so stale acts are skipped, never harmful.
type HousingRound struct {
	N         uint64     `cbor:"1,keyasint"`
	Prev      ids.Hash   `cbor:"2,keyasint"`
	Dwellings []ids.Hash `cbor:"3,keyasint,omitempty"` // sorted, distinct
	Open      []Opening  `cbor:"4,keyasint,omitempty"`
	Changes   []ids.Hash `cbor:"5,keyasint,omitempty"`
}

// Opening opens one application's attributes.
type Opening struct {
	App   ids.Hash `cbor:"1,keyasint"`
	Attrs Attrs    `cbor:"2,keyasint"`
	Salt  []byte   `cbor:"3,keyasint"`
}

// MaxCovered bounds the dwellings one round covers.
const MaxCovered = 256

func validateRound(s *State, c *Context, r *HousingRound) error {
	_, err := s.roundOutcome(c, r)
	return err
}

func applyRound(s *State, c *Context, r *HousingRound) {
	row, _ := s.roundOutcome(c, r)
	s.housing.rounds.put(string(c.E.ID[:]), *row)
	for _, a := range row.Allocs {
		w := waitingOf(row.Pool, a.App)
		s.housing.rights.put(Right{Dwelling: a.Dwelling, Since: c.E.ID}.key(), RightRow{Holder: a.Applicant, Epoch: w.Epoch, Time: c.E.Time})
	}
}

func waitingOf(pool []Waiting, app ids.Hash) Waiting {
	for _, w := range pool {
		if w.App == app {
			return w
		}
	}
	return Waiting{}
}

// roundOutcome checks a round and computes its row.
func (s *State) roundOutcome(c *Context, r *HousingRound) (*RoundRow, error) {
	if _, err := s.housingOffice(c); err != nil {
		return nil, err
	}
	prev, err := s.prevRound(c, r)
	if err != nil {
		return nil, err
	}
	row := &RoundRow{N: r.N, Prev: r.Prev, Time: c.E.Time, Closer: c.E.Author, Served: slices.Clone(prev.Served)}
	homes := map[ids.Hash]Home{}
	for _, h := range prev.Homes {
		homes[h.Dwelling] = h
	}
	left, err := s.foldChanges(c, r.Changes, homes, row)
	if err != nil {
		return nil, err
	}
	free, err := s.coverDwellings(c, r.Dwellings, homes)
	if err != nil {
		return nil, err
	}
	if row.Pool, err = s.roundPool(c, r.Open, prev, homes, left); err != nil {
		return nil, err
	}
	s.allocate(c, row, homes, free)
	return row, nil
}

func (s *State) prevRound(c *Context, r *HousingRound) (RoundRow, error) {
	if r.N == 1 {
		if !r.Prev.IsZero() {
			return RoundRow{}, errors.New("round 1 follows no round")
		}
		return RoundRow{}, nil
	}
	p, ok := s.housing.rounds.get(string(r.Prev[:]))
	switch {
	case r.N == 0:
		return p, errors.New("rounds are numbered from 1")
	case !ok || !slices.Contains(c.E.Refs, r.Prev):
		return p, errors.New("a round must cite the valid round before it")
	case p.N != r.N-1:
		return p, fmt.Errorf("round %d cannot follow round %d", r.N, p.N)
	case c.E.Time < p.Time:
		return p, errors.New("a round is dated before the round it follows")
	}
	return p, nil
}

type memberEpoch struct {
	who   ids.PubKey
	epoch uint32
}

// foldChanges applies the holders' acts to the map in order.
func (s *State) foldChanges(c *Context, changes []ids.Hash, homes map[ids.Hash]Home, row *RoundRow) (map[memberEpoch]bool, error) {
	left := map[memberEpoch]bool{}
	if hasDuplicate(changes) {
		return nil, errors.New("a round folds each act once")
	}
	for _, id := range changes {
		if !slices.Contains(c.E.Refs, id) {
			return nil, fmt.Errorf("change %s is not cited", id.Short())
		}
		ok, err := s.foldChange(id, homes, left)
		if err != nil {
			return nil, err
		}
		if ok {
			row.Folded = append(row.Folded, id)
		} else {
			row.Skipped = append(row.Skipped, id)
		}
	}
	return left, nil
}

func (s *State) foldChange(id ids.Hash, homes map[ids.Hash]Home, left map[memberEpoch]bool) (bool, error) {
	k := string(id[:])
	if rel, ok := s.housing.releases.get(k); ok {
		return endTenure(homes, rel.Right, rel.Holder, rel.Epoch), nil
	}
	if acc, ok := s.housing.accepts.get(k); ok {
		p, _ := s.housing.swaps.get(string(acc.Proposal[:]))
		if !tenureCurrent(homes, p.Mine, p.A, p.AEpoch) || !tenureCurrent(homes, p.Theirs, p.B, p.BEpoch) {
			return false, nil
		}
		homes[p.Mine.Dwelling] = Home{Dwelling: p.Mine.Dwelling, Holder: p.B, Epoch: p.BEpoch, Since: id}
		homes[p.Theirs.Dwelling] = Home{Dwelling: p.Theirs.Dwelling, Holder: p.A, Epoch: p.AEpoch, Since: id}
		return true, nil
	}
	if l, ok := s.leaves.get(k); ok {
		left[memberEpoch{l.Member, l.Epoch}] = true
		for d, h := range homes {
			if h.Holder == l.Member && h.Epoch == l.Epoch {
				return endTenure(homes, Right{Dwelling: d, Since: h.Since}, h.Holder, h.Epoch), nil
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("change %s is not a relinquish, a swap acceptance or a leave", id.Short())
}

func tenureCurrent(homes map[ids.Hash]Home, r Right, holder ids.PubKey, epoch uint32) bool {
	h, ok := homes[r.Dwelling]
	return ok && h.Since == r.Since && h.Holder == holder && h.Epoch == epoch
}

func endTenure(homes map[ids.Hash]Home, r Right, holder ids.PubKey, epoch uint32) bool {
	if !tenureCurrent(homes, r, holder, epoch) {
		return false
	}
	homes[r.Dwelling] = Home{Dwelling: r.Dwelling}
	return true
}

// coverDwellings checks the covered dwellings are free (or new, cited).
func (s *State) coverDwellings(c *Context, ds []ids.Hash, homes map[ids.Hash]Home) ([]FreeDwelling, error) {
	if len(ds) > MaxCovered || !slices.IsSortedFunc(ds, cmpHash) || hasDuplicate(ds) {
		return nil, fmt.Errorf("a round covers up to %d distinct dwellings, sorted", MaxCovered)
	}
	free := make([]FreeDwelling, 0, len(ds))
	for _, d := range ds {
		row, ok := s.housing.dwellings.get(string(d[:]))
		h, known := homes[d]
		switch {
		case !ok:
			return nil, fmt.Errorf("%s is not a registered dwelling", d.Short())
		case known && !h.Holder.IsZero():
			return nil, fmt.Errorf("dwelling %s is not free: its holder has a right of use", d.Short())
		case !known && !slices.Contains(c.E.Refs, d):
			return nil, fmt.Errorf("dwelling %s is new to the rounds and must be cited", d.Short())
		}
		homes[d] = Home{Dwelling: d}
		free = append(free, FreeDwelling{ID: d, Row: row})
	}
	return free, nil
}

// roundPool is the applications the round considers: those carried over
// and those it opens, less households that are housed or left, one
// application per household (the earliest).
func (s *State) roundPool(c *Context, opens []Opening, prev RoundRow, homes map[ids.Hash]Home, left map[memberEpoch]bool) ([]Waiting, error) {
	pool := slices.Clone(prev.Waiting)
	for _, o := range opens {
		w, err := s.open(c, o, prev)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(pool, func(p Waiting) bool { return p.App == o.App }) {
			return nil, fmt.Errorf("application %s is opened twice", o.App.Short())
		}
		pool = append(pool, w)
	}
	housed := map[ids.PubKey]bool{}
	for _, h := range homes {
		housed[h.Holder] = true
	}
	first := map[ids.PubKey]Waiting{}
	for _, w := range pool {
		if housed[w.Applicant] || left[memberEpoch{w.Applicant, w.Epoch}] {
			continue
		}
		if f, ok := first[w.Applicant]; !ok || w.Time < f.Time || (w.Time == f.Time && cmpHash(w.App, f.App) < 0) {
			first[w.Applicant] = w
		}
	}
	out := make([]Waiting, 0, len(first))
	for _, w := range first {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b Waiting) int { return cmpHash(a.App, b.App) })
	return out, nil
}

func (s *State) open(c *Context, o Opening, prev RoundRow) (Waiting, error) {
	a, ok := s.housing.apps.get(string(o.App[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, o.App):
		return Waiting{}, fmt.Errorf("application %s is not a valid application it cites", o.App.Short())
	case o.Attrs.Commit(o.Salt) != a.Commit:
		return Waiting{}, fmt.Errorf("the attributes opened for %s do not match its commitment", o.App.Short())
	case o.Attrs.Size == 0:
		return Waiting{}, errors.New("a household has at least one person")
	case a.Time > c.E.Time:
		return Waiting{}, errors.New("a round is dated before an application it opens")
	case servedIn(prev.Served, o.App):
		return Waiting{}, fmt.Errorf("application %s was served in an earlier round", o.App.Short())
	}
	// Waiting counts from the application's date, but no earlier than the
	// close of the round before: an application no round could open before
	// cannot have waited longer (this bounds what backdating can gain to the
	// newcomers of one round).
	return Waiting{App: o.App, Applicant: a.Applicant, Epoch: a.Epoch, Time: max(a.Time, prev.Time), Attrs: o.Attrs}, nil
}

func servedIn(xs []ids.Hash, x ids.Hash) bool {
	_, ok := slices.BinarySearchFunc(xs, x, cmpHash)
	return ok
}

// allocate runs the algorithm and writes the map, the allocations and the
// waiting list into the row.
func (s *State) allocate(c *Context, row *RoundRow, homes map[ids.Hash]Home, free []FreeDwelling) {
	for _, f := range free {
		row.Covered = append(row.Covered, f.ID)
	}
	for _, v := range Allocate(s.HousingRules(), c.E.ID, row.Pool, free) {
		if v.Dwelling.IsZero() {
			row.Waiting = append(row.Waiting, v.Waiting)
			continue
		}
		row.Allocs = append(row.Allocs, Alloc{App: v.Waiting.App, Applicant: v.Waiting.Applicant, Dwelling: v.Dwelling})
		row.Served = append(row.Served, v.Waiting.App)
		homes[v.Dwelling] = Home{Dwelling: v.Dwelling, Holder: v.Waiting.Applicant, Epoch: v.Waiting.Epoch, Since: c.E.ID}
	}
	slices.SortFunc(row.Waiting, func(a, b Waiting) int { return cmpHash(a.App, b.App) })
	slices.SortFunc(row.Served, cmpHash)
	for _, h := range homes {
		row.Homes = append(row.Homes, h)
	}
	slices.SortFunc(row.Homes, func(a, b Home) int { return cmpHash(a.Dwelling, b.Dwelling) })
}
