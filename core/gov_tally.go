package core

import (
	"cmp"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// The tally: a pure function of a proposal and the set of ballots,
// delegations and membership events dated no later than its cut (the
// close; before the close, asOf gives a provisional count). Every replica
// with the same entries computes the same result, and the result carries
// its audit: every ballot counted or ignored and why, every delegation path,
// and the quorum and threshold arithmetic in words.

// Outcomes of a tally.
const (
	OutcomeOpen     = "open"      // the window has not closed at asOf
	OutcomePassed   = "passed"    // quorum met, threshold passed
	OutcomeFailed   = "failed"    // quorum met, threshold not passed (or: first reading failed)
	OutcomeNoQuorum = "no quorum" // too few took part
)

// Tally is a proposal's result with its audit.
type Tally struct {
	Proposal     ids.Hash         `json:"proposal"`
	Kind         string           `json:"kind"`
	Method       string           `json:"method"`
	Closes       int64            `json:"closes"`
	AsOf         int64            `json:"as_of"`
	Final        bool             `json:"final"` // asOf is at or after the close
	Outcome      string           `json:"outcome"`
	Eligible     int              `json:"eligible"`     // members in good standing at the cut
	Participants int              `json:"participants"` // weight of all ballots counted, abstentions included
	Decisive     int              `json:"decisive"`     // participants who did not abstain
	QuorumPct    int              `json:"quorum_pct"`
	QuorumMet    bool             `json:"quorum_met"`
	ThresholdPct int              `json:"threshold_pct"`
	Options      []OptionResult   `json:"options"`
	Winner       int              `json:"winner"` // option index, -1 if none (yes/no: 0 = yes won)
	Rounds       [][]int          `json:"rounds,omitempty"`
	Spent        int64            `json:"spent,omitempty"` // budget: cost of the funded options
	Ballots      []CountedBallot  `json:"ballots"`
	Ignored      []IgnoredBallot  `json:"ignored,omitempty"`
	Paths        []DelegationPath `json:"paths,omitempty"`
	Arithmetic   []string         `json:"arithmetic"`
}

// OptionResult is one option's count: yes/no votes, approvals, the final
// instant-runoff round's votes, or total score, each weighted.
type OptionResult struct {
	Name   string `json:"name"`
	Cost   int64  `json:"cost,omitempty"`
	Count  int    `json:"count"`
	Funded bool   `json:"funded,omitempty"`
}

// CountedBallot is a ballot that counts, with the weight it carries (1 +
// the members whose delegation paths end at it).
type CountedBallot struct {
	Ballot ids.Hash   `json:"ballot"`
	Voter  ids.PubKey `json:"voter"`
	Weight int        `json:"weight"`
	Row    BallotRow  `json:"choice"`
}

// IgnoredBallot is a valid ballot that does not count, and why.
type IgnoredBallot struct {
	Ballot ids.Hash   `json:"ballot"`
	Voter  ids.PubKey `json:"voter"`
	Why    string     `json:"why"`
}

// Proposal returns a proposal's row.
func (s *State) Proposal(id ids.Hash) (ProposalRow, bool) { return s.gov.proposals.get(string(id[:])) }

// ProposalIDs lists every proposal, by opening time then id.
func (s *State) ProposalIDs() []ids.Hash {
	out := make([]ids.Hash, 0, s.gov.proposals.size())
	for k := range s.gov.proposals.rows {
		out = append(out, ids.Hash([]byte(k)))
	}
	slices.SortFunc(out, func(a, b ids.Hash) int {
		pa, _ := s.Proposal(a)
		pb, _ := s.Proposal(b)
		return cmp.Or(cmp.Compare(pa.Opens, pb.Opens), cmpHash(a, b))
	})
	return out
}

// MembersAt is the set of members in good standing at time t: for each
// person, the latest membership event dated no later than t (the same
// lattice as the member row) says whether they are in.
func (s *State) MembersAt(t int64) map[ids.PubKey]bool {
	best := map[ids.PubKey]MemberRow{}
	offer := func(who ids.PubKey, ev MemberRow) {
		if cur, ok := best[who]; !ok || memberLess(cur, ev) {
			best[who] = ev
		}
	}
	if s.genesisTime <= t {
		for f := range s.founders {
			offer(f, MemberRow{Active: true, Since: s.genesisTime, Entry: s.node})
		}
	}
	for k, a := range s.admits.rows {
		if a.Time <= t {
			offer(a.Applicant, MemberRow{Epoch: a.Epoch, Active: true, Since: a.Time, Entry: ids.Hash([]byte(k))})
		}
	}
	for k, l := range s.leaves.rows {
		if l.Time <= t {
			offer(l.Member, MemberRow{Epoch: l.Epoch, Active: false, Since: l.Time, Entry: ids.Hash([]byte(k))})
		}
	}
	out := map[ids.PubKey]bool{}
	for who, r := range best {
		if r.Active {
			out[who] = true
		}
	}
	return out
}

// Tally counts proposal id as of asOf (unix ms). ok is false if there is no
// such proposal or no governance section.
func (s *State) Tally(id ids.Hash, asOf int64) (Tally, bool) {
	p, ok := s.Proposal(id)
	if !ok || s.governance() == nil {
		return Tally{}, false
	}
	at, _ := s.amendmentPass(p.Opens)
	return s.tally(id, asOf, at)
}

// tally counts a proposal under the rules in force when it opened, which
// at gives (charter_inforce.go).
func (s *State) tally(id ids.Hash, asOf int64, at inForce) (Tally, bool) {
	p, ok := s.Proposal(id)
	if !ok || s.governance() == nil {
		return Tally{}, false
	}
	rule, found := at(p.Opens).Governance.RuleFor(p.Kind)
	if !found {
		rule, _ = s.governance().RuleFor(p.Kind)
	}
	rule.ThresholdPct = s.emergencyThreshold(&p, rule.ThresholdPct) // rises with each renewal
	cut := min(asOf, p.Closes)
	t := Tally{Proposal: id, Kind: p.Kind, Method: p.Method, Closes: p.Closes, AsOf: asOf, Final: asOf >= p.Closes,
		QuorumPct: rule.QuorumPct, ThresholdPct: rule.ThresholdPct, Winner: -1}
	members := s.MembersAt(cut)
	suspended := s.dropSuspended(members, cut) // sanctions: no vote, no delegation (sanction_ladder.go)
	t.Eligible = len(members)
	s.countBallots(&t, id, cut, members, suspended)
	s.weigh(&t, p.Kind, cut, members)
	t.QuorumMet = t.Eligible > 0 && t.Participants*100 >= rule.QuorumPct*t.Eligible
	t.Arithmetic = append(t.Arithmetic, fmt.Sprintf("quorum: %d of %d members took part; %d×100 %s %d×%d: %s",
		t.Participants, t.Eligible, t.Participants, geq(t.QuorumMet), rule.QuorumPct, t.Eligible, met(t.QuorumMet)))
	passed := count(&t, &p)
	s.decide(&t, &p, passed, asOf, at)
	return t, true
}

// countBallots keeps each voter's latest ballot (chain order) and drops
// those of people who are not members at the cut.
func (s *State) countBallots(t *Tally, id ids.Hash, cut int64, members, suspended map[ids.PubKey]bool) {
	latest := map[ids.PubKey]CountedBallot{}
	var all []CountedBallot
	for k, b := range s.gov.ballots.rows {
		if b.Proposal != id || b.Time > cut {
			continue
		}
		cb := CountedBallot{Ballot: ids.Hash([]byte(k)), Voter: b.Voter, Weight: 1, Row: b}
		all = append(all, cb)
		if cur, ok := latest[b.Voter]; !ok || chainLater(b.Seq, cb.Ballot, cur.Row.Seq, cur.Ballot) {
			latest[b.Voter] = cb
		}
	}
	for _, cb := range all {
		switch {
		case latest[cb.Voter].Ballot != cb.Ballot:
			t.Ignored = append(t.Ignored, IgnoredBallot{cb.Ballot, cb.Voter, "replaced by a later ballot"})
		case suspended[cb.Voter]:
			t.Ignored = append(t.Ignored, IgnoredBallot{cb.Ballot, cb.Voter, "vote suspended by a sanction at the close"})
		case !members[cb.Voter]:
			t.Ignored = append(t.Ignored, IgnoredBallot{cb.Ballot, cb.Voter, "not a member in good standing at the close"})
		default:
			t.Ballots = append(t.Ballots, cb)
		}
	}
	slices.SortFunc(t.Ballots, func(a, b CountedBallot) int { return cmpKey(a.Voter, b.Voter) })
	slices.SortFunc(t.Ignored, func(a, b IgnoredBallot) int { return cmpHash(a.Ballot, b.Ballot) })
}

// weigh resolves every non-voting member's delegation path and adds their
// weight to the ballot it ends at.
func (s *State) weigh(t *Tally, kind string, cut int64, members map[ids.PubKey]bool) {
	voted := map[ids.PubKey]bool{}
	at := map[ids.PubKey]int{}
	for i, b := range t.Ballots {
		voted[b.Voter], at[b.Voter] = true, i
	}
	dels := s.Delegations(kind, cut)
	var from []ids.PubKey
	for who := range dels {
		if members[who] && !voted[who] {
			from = append(from, who)
		}
	}
	slices.SortFunc(from, cmpKey)
	for _, who := range from {
		p := resolve(who, dels, members, voted)
		t.Paths = append(t.Paths, p)
		if p.Counted {
			t.Ballots[at[p.Path[len(p.Path)-1]]].Weight++
		}
	}
	for _, b := range t.Ballots {
		t.Participants += b.Weight
		if !b.Row.Abstain {
			t.Decisive += b.Weight
		}
	}
}

// decide sets the outcome: open before the close; no quorum; a second
// reading fails if its first reading did not pass.
func (s *State) decide(t *Tally, p *ProposalRow, passed bool, asOf int64, at inForce) {
	switch {
	case !t.Final:
		t.Outcome = OutcomeOpen
	case !t.QuorumMet:
		t.Outcome = OutcomeNoQuorum
	case !passed:
		t.Outcome = OutcomeFailed
	default:
		t.Outcome = OutcomePassed
	}
	if p.First.IsZero() || t.Outcome != OutcomePassed {
		return
	}
	if first, ok := s.tally(p.First, asOf, at); !ok || first.Outcome != OutcomePassed {
		t.Outcome = OutcomeFailed
		t.Arithmetic = append(t.Arithmetic, "second reading: the first reading did not pass, so the amendment is not adopted")
		return
	}
	t.Arithmetic = append(t.Arithmetic, "second reading: the first reading passed too, so the amendment is adopted")
}

// Adopted reports whether a proposal is decided: passed and, for an
// amendment, passed in its second reading after a passed first reading.
func (t *Tally) Adopted(p *ProposalRow) bool {
	return t.Outcome == OutcomePassed && (p.Kind != charter.ProposalAmendment || !p.First.IsZero())
}

func geq(ok bool) string {
	if ok {
		return "≥"
	}
	return "<"
}

func gt(ok bool) string {
	if ok {
		return ">"
	}
	return "≤"
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}
