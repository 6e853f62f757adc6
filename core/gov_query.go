package core

import (
	"slices"

	"dac/core/ids"
)

// Carried is the weight a member would carry on a topic at time t if they
// voted: themselves plus every member whose delegation path (see
// gov_delegate.go) reaches them, assuming no one on the way votes directly.
// Direct lists the members who delegate to them themselves, sorted.
type Carried struct {
	Topic  string       `json:"topic"`
	Weight int          `json:"weight"`
	Direct []ids.PubKey `json:"direct"`
	All    []ids.PubKey `json:"all"` // everyone whose vote reaches them, directly or through others
}

// DelegatedWeight computes what who carries on topic at time t.
func (s *State) DelegatedWeight(who ids.PubKey, topic string, t int64) Carried {
	members := s.MembersAt(t)
	dels := s.Delegations(topic, t)
	c := Carried{Topic: topic, Weight: 1}
	voted := map[ids.PubKey]bool{who: true}
	for from, to := range dels {
		if !members[from] || from == who {
			continue
		}
		if to == who {
			c.Direct = append(c.Direct, from)
		}
		if p := resolve(from, dels, members, voted); p.Counted {
			c.All = append(c.All, from)
			c.Weight++
		}
	}
	slices.SortFunc(c.Direct, cmpKey)
	slices.SortFunc(c.All, cmpKey)
	return c
}

// DelegationPathOf follows who's delegation on topic at t as far as it
// goes before anyone votes: to a member who does not delegate, to a
// delegate who is no member, or round a cycle (Why says which).
func (s *State) DelegationPathOf(who ids.PubKey, topic string, t int64) DelegationPath {
	return resolve(who, s.Delegations(topic, t), s.MembersAt(t), map[ids.PubKey]bool{})
}

// MyBallot returns the ballot of voter on a proposal that counts now: the
// latest in chain order.
func (s *State) MyBallot(voter ids.PubKey, proposal ids.Hash) (ids.Hash, BallotRow, bool) {
	var id ids.Hash
	var row BallotRow
	found := false
	for k, b := range s.gov.ballots.rows {
		if b.Voter != voter || b.Proposal != proposal {
			continue
		}
		bid := ids.Hash([]byte(k))
		if !found || chainLater(b.Seq, bid, row.Seq, id) {
			id, row, found = bid, b, true
		}
	}
	return id, row, found
}
