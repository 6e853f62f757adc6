package core

import (
	"cmp"
	"slices"

	"dac/core/ids"
)

// The global view of emergencies: which links are in force at a time,
// using the tallies as of that time. This is where ratification, rejection
// and renewal are decided; it is legitimate for queries, for the devices
// choosing what to cite, and for the counter's check, not for validation
// (see emergency.go).

// Emergency states as the global view sees them.
const (
	EmergencyVoting   = "voting"                // the vote declaring it has not closed
	EmergencyAwaiting = "awaiting ratification" // a council declaration in force, not ratified yet
	EmergencyActive   = "in force"
	EmergencyVoid     = "void"     // a council declaration not ratified within the hours
	EmergencyRejected = "rejected" // the vote declaring it did not pass
	EmergencyExpired  = "expired"
)

// EmergencyCase is one emergency: its root declaration and what became of
// it as of a time.
type EmergencyCase struct {
	Emergency             // the root: a council declaration or a vote declaring afresh
	State     string      `json:"state"`
	Chain     []Emergency `json:"chain"`   // the links adopted: the root, its ratification, its renewals in order
	Current   Emergency   `json:"current"` // the link whose terms apply (or applied last)
	Ends      int64       `json:"ends"`    // ms: when it expires by itself unless renewed again
	Refs      []ids.Hash  `json:"refs"`    // what an entry dated now cites (empty unless in force)
	Pending   []ids.Hash  `json:"pending"` // ratification or renewal votes still open
	Renewals  int         `json:"renewals"`
}

// InForce reports whether the case's measures bind now.
func (c EmergencyCase) InForce() bool { return len(c.Refs) > 0 }

// EmergencyCases lists every emergency as of now, by start.
func (s *State) EmergencyCases(now int64) []EmergencyCase {
	kids := s.emergencyChildren()
	var out []EmergencyCase
	for _, e := range s.Emergencies() {
		if e.Parent.IsZero() {
			out = append(out, s.emergencyCase(e, kids, now))
		}
	}
	return out
}

// EmergencyCaseOf is the case whose chain holds link id.
func (s *State) EmergencyCaseOf(id ids.Hash, now int64) (EmergencyCase, bool) {
	e, ok := s.Emergency(id)
	for ok && !e.Parent.IsZero() {
		id = e.Parent
		e, ok = s.Emergency(id)
	}
	if !ok {
		return EmergencyCase{}, false
	}
	return s.emergencyCase(Emergency{ID: id, EmergencyRow: e}, s.emergencyChildren(), now), true
}

// emergencyChildren maps each link to its ratifications and renewals, by
// the proposal's opening (the link's entry time), then id.
func (s *State) emergencyChildren() map[ids.Hash][]Emergency {
	kids := map[ids.Hash][]Emergency{}
	for _, e := range s.Emergencies() {
		if !e.Parent.IsZero() {
			kids[e.Parent] = append(kids[e.Parent], e)
		}
	}
	for _, ks := range kids {
		slices.SortFunc(ks, func(a, b Emergency) int {
			pa, _ := s.Proposal(a.ID)
			pb, _ := s.Proposal(b.ID)
			return cmp.Or(cmp.Compare(pa.Opens, pb.Opens), cmpHash(a.ID, b.ID))
		})
	}
	return kids
}

// passed reports whether proposal id's vote closed and passed as of now.
func (s *State) passed(id ids.Hash, now int64) bool {
	t, ok := s.Tally(id, now)
	return ok && t.Final && t.Outcome == OutcomePassed
}

func (s *State) emergencyCase(root Emergency, kids map[ids.Hash][]Emergency, now int64) EmergencyCase {
	c := EmergencyCase{Emergency: root, Current: root, Ends: root.End}
	if s.rootAdopted(&c, kids, now) {
		s.followRenewals(&c, kids, now)
	}
	c.Pending = s.pendingVotes(root, c.Chain, kids, now)
	return c
}

// followRenewals extends an adopted chain by its passed renewals and sets
// what binds now.
func (s *State) followRenewals(c *EmergencyCase, kids map[ids.Hash][]Emergency, now int64) {
	tail := c.Chain[len(c.Chain)-1]
	for next, ok := s.firstPassed(kids[tail.ID], OriginRenew, now); ok; next, ok = s.firstPassed(kids[tail.ID], OriginRenew, now) {
		c.Chain, tail = append(c.Chain, next), next
		c.Renewals++
	}
	c.Ends, c.Current = tail.End, tail
	for _, l := range c.Chain {
		if l.Start <= now && l.Origin != OriginRatify {
			c.Current = l
		}
		if l.binds(now) {
			c.Refs = append(c.Refs, l.ID)
		}
	}
	c.State = EmergencyActive
	if now >= c.Ends {
		c.State = EmergencyExpired
	}
}

// pendingVotes are the ratification and renewal votes still open on the
// root or a link of its chain.
func (s *State) pendingVotes(root Emergency, chain []Emergency, kids map[ids.Hash][]Emergency, now int64) []ids.Hash {
	var out []ids.Hash
	for _, l := range append([]Emergency{root}, chain...) {
		for _, k := range kids[l.ID] {
			if t, ok := s.Tally(k.ID, now); ok && !t.Final && !slices.Contains(out, k.ID) {
				out = append(out, k.ID)
			}
		}
	}
	return out
}

// rootAdopted sets the chain's first links and the state of a root that
// is not (yet) adopted: a council declaration awaiting ratification or
// void, a vote open or rejected.
func (s *State) rootAdopted(c *EmergencyCase, kids map[ids.Hash][]Emergency, now int64) bool {
	root := c.Emergency
	if root.Origin == OriginCouncil {
		r, ok := s.firstPassed(kids[root.ID], OriginRatify, now)
		switch {
		case ok:
			c.Chain = []Emergency{root, r}
			return true
		case root.binds(now):
			c.State, c.Refs = EmergencyAwaiting, []ids.Hash{root.ID}
		case now < root.Start:
			c.State = EmergencyAwaiting // dated ahead of now (clock skew): binds from its own time
		case root.End <= root.RatifyBy:
			c.State = EmergencyExpired // it ran its course within the ratify hours
		default:
			c.State = EmergencyVoid
		}
		return false
	}
	if s.passed(root.ID, now) {
		c.Chain = []Emergency{root}
		return true
	}
	c.State = EmergencyRejected
	if t, ok := s.Tally(root.ID, now); ok && !t.Final {
		c.State = EmergencyVoting
	}
	return false
}

// firstPassed is the earliest opened link of origin among ks whose vote passed.
func (s *State) firstPassed(ks []Emergency, origin string, now int64) (Emergency, bool) {
	for _, k := range ks {
		if k.Origin == origin && s.passed(k.ID, now) {
			return k, true
		}
	}
	return Emergency{}, false
}

// EmergenciesInForce lists the links in force at t (global view), by start:
// exactly what an entry dated t should cite.
func (s *State) EmergenciesInForce(t int64) []Emergency {
	kids := s.emergencyChildren()
	var out []Emergency
	for _, e := range s.Emergencies() {
		if !e.Parent.IsZero() || t < e.Start || t >= s.latestEnd(e, kids) {
			continue
		}
		for _, id := range s.emergencyCase(e, kids, t).Refs {
			l, _ := s.Emergency(id)
			out = append(out, Emergency{ID: id, EmergencyRow: l})
		}
	}
	return out
}

// latestEnd bounds when anything descending from e could end.
func (s *State) latestEnd(e Emergency, kids map[ids.Hash][]Emergency) int64 {
	end := e.End
	for _, k := range kids[e.ID] {
		end = max(end, s.latestEnd(k, kids))
	}
	return end
}

// TravelPaused reports whether an emergency in force at t pauses travel
// (for the travel feature to honour), and which link says so.
func (s *State) TravelPaused(t int64) (ids.Hash, bool) {
	for _, e := range s.EmergenciesInForce(t) {
		if e.NoTravel {
			return e.ID, true
		}
	}
	return ids.Hash{}, false
}
