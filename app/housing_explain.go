package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// RoundInfo is a round of the chain in effect.
type RoundInfo struct {
	ID ids.Hash `json:"id"`
	core.RoundRow
}

// Rounds lists the round chain in effect, newest first.
func (a *App) Rounds() ([]RoundInfo, error) {
	var out []RoundInfo
	err := a.housing(func(s *core.State, _ *charter.Housing) {
		for _, id := range s.RoundsAlongTip() {
			r, _ := s.Round(id)
			out = append(out, RoundInfo{ID: id, RoundRow: r})
		}
	})
	return out, err
}

// AuditLine is one household in a round, and why it got what it got.
type AuditLine struct {
	Rank      int        `json:"rank"`
	Applicant ids.PubKey `json:"applicant"`
	App       ids.Hash   `json:"application"`
	Applied   int64      `json:"applied"`
	Attrs     core.Attrs `json:"needs"`
	Dwelling  ids.Hash   `json:"dwelling"` // zero: none
	Why       string     `json:"why"`
}

// RoundAudit is a round recomputed.
type RoundAudit struct {
	ID      ids.Hash    `json:"round"`
	N       uint64      `json:"n"`
	Covered int         `json:"covered"`
	Folded  int         `json:"folded"`
	Skipped int         `json:"skipped"`
	Lines   []AuditLine `json:"households"`
	Agrees  bool        `json:"agrees"` // the recomputed allocation is the one the state holds
}

// AuditRound recomputes a round's allocation from its inputs and says,
// for each household, why it got what it got.
func (a *App) AuditRound(id ids.Hash) (RoundAudit, error) {
	var ra RoundAudit
	found := false
	err := a.housing(func(s *core.State, h *charter.Housing) {
		r, ok := s.Round(id)
		vs, _ := s.Verdicts(id)
		if !ok {
			return
		}
		found = true
		ra = RoundAudit{ID: id, N: r.N, Covered: len(r.Covered), Folded: len(r.Folded), Skipped: len(r.Skipped), Agrees: true}
		for _, v := range vs {
			ra.Lines = append(ra.Lines, AuditLine{Rank: v.Rank, Applicant: v.Waiting.Applicant, App: v.Waiting.App,
				Applied: v.Waiting.Time, Attrs: v.Waiting.Attrs, Dwelling: v.Dwelling, Why: verdictWhy(s, h, v, len(r.Covered))})
			if got := allocatedIn(r, v.Waiting.App); got != v.Dwelling {
				ra.Agrees = false
			}
		}
	})
	if err == nil && !found {
		err = &UserError{Msg: "no round " + id.Short() + " on this node"}
	}
	return ra, err
}

func allocatedIn(r core.RoundRow, app ids.Hash) ids.Hash {
	for _, x := range r.Allocs {
		if x.App == app {
			return x.Dwelling
		}
	}
	return ids.Hash{}
}

func verdictWhy(s *core.State, h *charter.Housing, v core.AllocVerdict, covered int) string {
	need := DescribeNeeds(h, v.Waiting.Attrs)
	switch {
	case !v.Dwelling.IsZero():
		d, _ := s.Dwelling(v.Dwelling)
		return fmt.Sprintf("needs %s; got %s (%s), of the %d free dwelling(s) that fit the one that wastes least; %d had gone to households ahead",
			need, d.Label, describeDwelling(h, d), v.Fitting, v.Ahead)
	case v.Fitting == 0:
		return fmt.Sprintf("needs %s; none of the %d dwelling(s) in this round fits", need, covered)
	}
	return fmt.Sprintf("needs %s; the %d dwelling(s) that fit went to households that applied earlier (or, the same millisecond, won the draw)", need, v.Fitting)
}

// DescribeNeeds says what a household needs in plain words.
func DescribeNeeds(h *charter.Housing, a core.Attrs) string {
	rooms := h.RoomsFor(int(a.Size))
	s := fmt.Sprintf("%d to %d rooms", rooms, rooms+h.SpareRooms)
	if f := featureNames(h.Features, a.Access); f != "" {
		s += ", " + f
	}
	if d := featureNames(h.Districts, a.Districts); d != "" {
		s += ", in " + strings.ReplaceAll(d, ", ", " or ")
	} else {
		s += ", in any district"
	}
	return s
}

func describeDwelling(h *charter.Housing, d core.DwellingRow) string {
	s := fmt.Sprintf("%d rooms, %d m²", d.Rooms, d.Area)
	if f := featureNames(h.Features, d.Features); f != "" {
		s += ", " + f
	}
	if int(d.District) < len(h.Districts) {
		s += ", " + h.Districts[d.District]
	}
	return s
}

func featureNames(words []string, bitset uint32) string {
	var out []string
	for i, w := range words {
		if bitset&(1<<i) != 0 {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}

// MyHousing is this member's housing: their dwelling, or their place in
// the queue and what would improve it.
type MyHousing struct {
	Home     *core.Home        `json:"home,omitempty"`
	Dwelling *core.DwellingRow `json:"dwelling,omitempty"`
	Waiting  bool              `json:"waiting"`
	Unopened bool              `json:"unopened"` // applied; the next round opens it
	Rank     int               `json:"rank,omitempty"`
	Of       int               `json:"of,omitempty"`
	Hint     string            `json:"hint,omitempty"`
	Describe string            `json:"describe,omitempty"`
	// What Hint says, as data (the GUI words it in the member's language):
	// my needs, and how many households ahead of me the dwelling would
	// also fit.
	Needs     *core.Attrs      `json:"needs,omitempty"`
	Ahead     int              `json:"ahead,omitempty"`
	Swaps     []core.SwapOffer `json:"swaps,omitempty"`
	LastRound ids.Hash         `json:"last_round"`
}

// MyHousing reports this member's housing.
func (a *App) MyHousing() (MyHousing, error) {
	key, err := a.signer()
	if err != nil {
		return MyHousing{}, err
	}
	me := housingKey(key)
	var m MyHousing
	err = a.housing(func(s *core.State, h *charter.Housing) {
		tipID, tip, _ := s.HousingTip()
		m.LastRound, m.Swaps = tipID, s.SwapsFor(me)
		if hm, ok := s.HomeOf(me); ok {
			d, _ := s.Dwelling(hm.Dwelling)
			m.Home, m.Dwelling, m.Describe = &hm, &d, d.Label+" ("+describeDwelling(h, d)+")"
			return
		}
		m.Unopened = slices.ContainsFunc(s.Unopened(), func(x core.HousingApplication) bool { return x.Applicant == me })
		m.place(h, tip.Waiting, me)
	})
	return m, err
}

// place finds me in the waiting list and says, honestly, what would house
// me: a free dwelling that fits, once the households ahead of me that it
// would also fit are housed.
func (m *MyHousing) place(h *charter.Housing, waiting []core.Waiting, me ids.PubKey) {
	q := slices.Clone(waiting)
	slices.SortStableFunc(q, func(a, b core.Waiting) int { return cmp.Compare(a.Time, b.Time) })
	i := slices.IndexFunc(q, func(w core.Waiting) bool { return w.Applicant == me })
	if i < 0 {
		return
	}
	w := q[i]
	m.Waiting, m.Rank, m.Of = true, i+1, len(q)
	ideal := core.DwellingRow{Rooms: uint8(h.RoomsFor(int(w.Attrs.Size))), Features: w.Attrs.Access}
	ahead := 0
	for _, o := range q[:i] {
		anywhere := o.Attrs
		anywhere.Districts = 0 // districts are compared below
		if sharesDistrict(o.Attrs, w.Attrs) && core.Fits(h, anywhere, ideal) {
			ahead++
		}
	}
	m.Needs, m.Ahead = &w.Attrs, ahead
	dw := "a free dwelling with " + DescribeNeeds(h, w.Attrs)
	if ahead == 0 {
		m.Hint = dw + " would be yours at the next round that covers one"
		return
	}
	m.Hint = fmt.Sprintf("%s would be yours once the %d household(s) ahead of you that it would also fit are housed "+
		"(earlier applications come first; the same millisecond is drawn each round)", dw, ahead)
}

// sharesDistrict: two households could both take a dwelling in some district.
func sharesDistrict(a, b core.Attrs) bool {
	return a.Districts == 0 || b.Districts == 0 || a.Districts&b.Districts != 0
}
