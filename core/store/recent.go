package store

import "dac/core/ids"

// recentIDs remembers recently committed entry ids so that dependency checks
// (an entry's refs, mostly the same few admissions over and over) seldom need
// SQLite. Two generations of at most half the capacity each: when the young
// one fills, the old one is dropped. A miss only means "ask the database".
type recentIDs struct {
	young, old map[ids.Hash]struct{}
	half       int
}

func newRecentIDs(capacity int) *recentIDs {
	return &recentIDs{young: map[ids.Hash]struct{}{}, half: max(1, capacity/2)}
}

func (r *recentIDs) add(id ids.Hash) {
	if len(r.young) >= r.half {
		r.old, r.young = r.young, make(map[ids.Hash]struct{}, r.half)
	}
	r.young[id] = struct{}{}
}

func (r *recentIDs) has(id ids.Hash) bool {
	if _, ok := r.young[id]; ok {
		return true
	}
	_, ok := r.old[id]
	return ok
}

func (r *recentIDs) reset() { r.young, r.old = map[ids.Hash]struct{}{}, nil }
