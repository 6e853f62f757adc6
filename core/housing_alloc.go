package core

import (
	"cmp"
	"math/bits"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// The allocation algorithm, which every replica runs on a round's inputs:
//
//  1. Need is a hard rule: a dwelling fits a household if it has at least
//     the rooms the household needs (⌈size / persons_per_room⌉) and at most
//     spare_rooms more, every accessibility feature the household requires,
//     and lies in one of its acceptable districts (none named: any).
//  2. Households are served one at a time in queue order: the earlier
//     application first (waiting time), then, for applications made in the
//     same millisecond, the smaller SHA-256("dac/housing/tiebreak/v1" ‖
//     round id ‖ applicant key) — a draw no one can steer, since the round
//     id is known only once the round is signed, and every replica computes
//     the same.
//  3. Each takes, of the covered dwellings still free that fit it, the one
//     that wastes least: fewest accessibility features it does not need
//     (those stay for households who need them), then fewest rooms, then
//     smallest area, then the smaller dwelling id.
//
// A household nothing fits stays waiting, keeping its place by date.

// FreeDwelling is a dwelling a round covers.
type FreeDwelling struct {
	ID  ids.Hash
	Row DwellingRow
}

// AllocVerdict is what the algorithm decided for one household, and why.
type AllocVerdict struct {
	Rank     int      // 1-based place in the queue
	Waiting  Waiting  // the application
	Dwelling ids.Hash // zero if none
	Fitting  int      // covered dwellings that fit this household
	Ahead    int      // of those, how many went to households ahead in the queue
}

// Fits reports whether dwelling d fits a household with needs a.
func Fits(h *charter.Housing, a Attrs, d DwellingRow) bool {
	need := h.RoomsFor(int(a.Size))
	return int(d.Rooms) >= need && int(d.Rooms) <= need+h.SpareRooms &&
		d.Features&a.Access == a.Access &&
		(a.Districts == 0 || a.Districts&(1<<d.District) != 0)
}

// Tiebreak is the draw between applications of the same millisecond.
func Tiebreak(round ids.Hash, who ids.PubKey) ids.Hash {
	return ids.Sum("dac/housing/tiebreak/v1", round[:], who[:])
}

// AllocQueue orders a round's pool: earlier application first, then the draw.
func AllocQueue(round ids.Hash, pool []Waiting) []Waiting {
	q := slices.Clone(pool)
	slices.SortFunc(q, func(a, b Waiting) int {
		if a.Time != b.Time {
			return cmp.Compare(a.Time, b.Time)
		}
		return cmpHash(Tiebreak(round, a.Applicant), Tiebreak(round, b.Applicant))
	})
	return q
}

// lessWaste orders fitting dwellings for a household with needs a.
func lessWaste(a Attrs, x, y FreeDwelling) int {
	wx, wy := bits.OnesCount32(x.Row.Features&^a.Access), bits.OnesCount32(y.Row.Features&^a.Access)
	switch {
	case wx != wy:
		return wx - wy
	case x.Row.Rooms != y.Row.Rooms:
		return int(x.Row.Rooms) - int(y.Row.Rooms)
	case x.Row.Area != y.Row.Area:
		return cmp.Compare(int64(x.Row.Area), int64(y.Row.Area))
	}
	return cmpHash(x.ID, y.ID)
}

// Allocate runs the algorithm and returns one verdict per household, in
// queue order.
func Allocate(h *charter.Housing, round ids.Hash, pool []Waiting, free []FreeDwelling) []AllocVerdict {
	takenBy := map[ids.Hash]int{} // dwelling → rank of the household that took it
	out := make([]AllocVerdict, 0, len(pool))
	for i, w := range AllocQueue(round, pool) {
		v := AllocVerdict{Rank: i + 1, Waiting: w}
		best := -1
		for j, d := range free {
			if !Fits(h, w.Attrs, d.Row) {
				continue
			}
			v.Fitting++
			if _, taken := takenBy[d.ID]; taken {
				v.Ahead++
				continue
			}
			if best < 0 || lessWaste(w.Attrs, d, free[best]) < 0 {
				best = j
			}
		}
		if best >= 0 {
			v.Dwelling = free[best].ID
			takenBy[v.Dwelling] = v.Rank
		}
		out = append(out, v)
	}
	return out
}
