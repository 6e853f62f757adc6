package core

import (
	"slices"

	"dac/core/ids"
)

// Member is one person in the directory.
type Member struct {
	Key ids.PubKey
	MemberRow
}

// Members lists everyone with a membership row (active or not), by key.
func (s *State) Members() []Member {
	out := make([]Member, 0, len(s.members.rows))
	for k, r := range s.members.rows {
		out = append(out, Member{Key: ids.PubKey([]byte(k)), MemberRow: r})
	}
	slices.SortFunc(out, func(a, b Member) int { return cmpKey(a.Key, b.Key) })
	return out
}

// ActiveMembers counts members in good standing.
func (s *State) ActiveMembers() int {
	n := 0
	for _, r := range s.members.rows {
		if r.Active {
			n++
		}
	}
	return n
}

// MemberOf returns a person's membership row.
func (s *State) MemberOf(k ids.PubKey) (MemberRow, bool) { return s.members.get(string(k[:])) }

// Head returns an author's highest entry.
func (s *State) Head(k ids.PubKey) (HeadRow, bool) {
	h, ok := s.heads[k]
	return h, ok
}

// MembershipRefs returns what an active member's entries must reference to
// prove membership: their admission (nothing for a founder's first epoch).
func (s *State) MembershipRefs(k ids.PubKey) []ids.Hash {
	r, ok := s.MemberOf(k)
	if !ok || !r.Active || r.Entry == s.node {
		return nil
	}
	return []ids.Hash{r.Entry}
}

// NextEpoch is the epoch an applicant would be admitted in, and the leave
// entry that a re-admission must reference (zero if none).
func (s *State) NextEpoch(k ids.PubKey) (epoch uint32, leave ids.Hash) {
	r, ok := s.MemberOf(k)
	switch {
	case !ok:
		return 0, ids.Hash{}
	case r.Active:
		return r.Epoch, ids.Hash{}
	default:
		return r.Epoch + 1, r.Entry
	}
}

// VouchesFor lists the usable vouches for an applicant's epoch as of time
// now (unix ms): the newest one of each voucher, newest first, so that the
// refs an admission cites name as many distinct vouchers as possible (a
// member vouching many times cannot crowd the others out).
func (s *State) VouchesFor(applicant ids.PubKey, epoch uint32, now int64) []ids.Hash {
	ttl := s.charter.Membership.VouchTTLMillis()
	type v struct {
		id ids.Hash
		VouchRow
	}
	newest := map[ids.PubKey]v{}
	for k, r := range s.vouches.all() {
		if r.Applicant != applicant || r.Epoch != epoch || r.Time > now || r.Time < now-ttl {
			continue
		}
		cand := v{ids.Hash([]byte(k)), r}
		if cur, ok := newest[r.Voucher]; !ok || later(cand.Time, cand.id, cur.Time, cur.id) {
			newest[r.Voucher] = cand
		}
	}
	vs := make([]v, 0, len(newest))
	for _, x := range newest {
		vs = append(vs, x)
	}
	slices.SortFunc(vs, func(a, b v) int {
		if later(a.Time, a.id, b.Time, b.id) {
			return -1
		}
		return 1
	})
	out := make([]ids.Hash, len(vs))
	for i := range vs {
		out[i] = vs[i].id
	}
	return out
}

// later orders vouches newest first, ties by the smaller id.
func later(t1 int64, id1 ids.Hash, t2 int64, id2 ids.Hash) bool {
	if t1 != t2 {
		return t1 > t2
	}
	return cmpHash(id1, id2) < 0
}
