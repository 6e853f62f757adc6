package core

import (
	"cmp"
	"slices"

	"dac/core/ids"
)

// The ladder. Every decided case against a member is a decision at a date:
// a fork case at its report's date (the case row), an upheld complaint at
// its hearing's close. The member's decisions are taken in date order
// (ties: the smaller case id); each gives the step one above the highest
// step of the earlier decisions that is still in force at its date or
// expired less than sanctions.memory_days before it (none: a warning), up
// to exclusion. A step is in force for entries and tallies dated in
// [start, start + its charter duration): it expires by itself. Levels are
// cumulative: a step carries the effects of every step below it.
//
// The ladder is a global computation (every known case, like the tally),
// so it is a pure function of the set of entries; validity never reads it.

// Ladder levels.
const (
	LevelNone = iota
	LevelWarning
	LevelReducedDividend
	LevelSuspension
	LevelExclusion
)

// Case kinds on the ladder.
const (
	CaseFork      = "fork"
	CaseComplaint = "complaint"
)

// SanctionStep is one decided step.
type SanctionStep struct {
	Member ids.PubKey `json:"member"`
	Case   ids.Hash   `json:"case"` // the fork report or the complaint
	Kind   string     `json:"kind"` // fork or complaint
	Level  int        `json:"level"`
	Name   string     `json:"name"`
	Start  int64      `json:"start"`
	End    int64      `json:"end"`
	// A step that cuts the dividend must be accepted by the member
	// (sanction_accept.go): Accepted is when they did (at this level or
	// above; 0: not yet). Unaccepted, it suspends vote and office from
	// Start + accept_days until it ends or is accepted.
	MustAccept bool  `json:"must_accept,omitempty"`
	Accepted   int64 `json:"accepted,omitempty"`
	key        string
}

// Refused reports whether, at t, the step should have been accepted and
// was not: vote and office are suspended then.
func (st SanctionStep) Refused(t int64, grace int64) bool {
	return st.MustAccept && st.InForce(t) && t >= st.Start+grace && (st.Accepted == 0 || t < st.Accepted)
}

// InForce reports whether the step binds an entry dated t.
func (st SanctionStep) InForce(t int64) bool { return st.Start <= t && t < st.End }

// Ladder lists a member's decided steps in date order.
func (s *State) Ladder(member ids.PubKey) []SanctionStep {
	return s.ladders()[member]
}

// ladders computes every member's steps.
func (s *State) ladders() map[ids.PubKey][]SanctionStep {
	r := s.sanctionRules()
	if r == nil {
		return nil
	}
	byMember := map[ids.PubKey][]SanctionStep{}
	for _, c := range s.Cases() {
		byMember[c.Author] = append(byMember[c.Author], SanctionStep{Member: c.Author, Case: c.Report, Kind: CaseFork, Start: c.Time,
			key: forkCaseKey(c.Author, c.Seq)})
	}
	for _, id := range s.Complaints() {
		if h, _ := s.Hearing(id, 1<<62); h.Outcome == HearingUpheld {
			m := h.Row.Against
			byMember[m] = append(byMember[m], SanctionStep{Member: m, Case: id, Kind: CaseComplaint, Start: h.Close,
				key: complaintCaseKey(m, id)})
		}
	}
	memory := int64(r.MemoryDays) * DayMillis
	for m, steps := range byMember {
		slices.SortFunc(steps, func(a, b SanctionStep) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmpHash(a.Case, b.Case))
		})
		for i := range steps {
			base := LevelNone
			for _, p := range steps[:i] {
				if p.End+memory > steps[i].Start {
					base = max(base, p.Level)
				}
			}
			steps[i].Level = min(base+1, SanctionMaxStep)
			steps[i].Name = stepName(steps[i].Level)
			steps[i].End = steps[i].Start + r.StepMillis(steps[i].Level)
			s.noteAcceptance(&steps[i])
		}
		byMember[m] = steps
	}
	return byMember
}

// noteAcceptance fills in whether the step must be accepted, and when it was.
func (s *State) noteAcceptance(st *SanctionStep) {
	st.MustAccept = st.Level >= LevelReducedDividend
	if t, ok := s.firstAccepted(st.key, st.Level); ok {
		st.Accepted = max(t, 1)
	}
}

func stepName(level int) string {
	names := [...]string{"none", "warning", "reduced dividend", "suspension of vote and office", "exclusion from cooperative benefits"}
	return names[level]
}

// SanctionLevel is the highest step in force against member at t.
func (s *State) SanctionLevel(member ids.PubKey, t int64) int {
	return levelAt(s.Ladder(member), t)
}

func levelAt(steps []SanctionStep, t int64) int {
	l := LevelNone
	for _, st := range steps {
		if st.InForce(t) {
			l = max(l, st.Level)
		}
	}
	return l
}

// SuspendedAt lists the members whose vote and office are suspended at t
// (suspension or exclusion in force, or a cut not accepted in time).
func (s *State) SuspendedAt(t int64) map[ids.PubKey]bool {
	out := map[ids.PubKey]bool{}
	r := s.sanctionRules()
	for m, steps := range s.ladders() {
		if levelAt(steps, t) >= LevelSuspension || refusedAt(steps, t, r.AcceptMillis()) {
			out[m] = true
		}
	}
	return out
}

func refusedAt(steps []SanctionStep, t, grace int64) bool {
	for _, st := range steps {
		if st.Refused(t, grace) {
			return true
		}
	}
	return false
}

// dropSuspended takes the members suspended at t out of members (the
// tally's eligible set, so their ballots do not count, their delegations
// are not followed and paths through them are lost) and returns them.
func (s *State) dropSuspended(members map[ids.PubKey]bool, t int64) map[ids.PubKey]bool {
	sus := s.SuspendedAt(t)
	for m := range sus {
		delete(members, m)
	}
	return sus
}

// withoutSuspended drops the reveals of members suspended at t (a term's
// start): who holds an office (OfficeDraw) is drawn among the others. A
// suspended member's take may still be valid (validity cannot see the
// sanction), but it does not make them a holder.
func (s *State) withoutSuspended(reveals []OfficeRow, t int64) []OfficeRow {
	if len(reveals) == 0 {
		return reveals
	}
	sus := s.SuspendedAt(t)
	return slices.DeleteFunc(reveals, func(r OfficeRow) bool { return sus[r.Member] })
}

// notSuspended drops the members suspended at t (an elected term's start)
// from its winners: the seat stays empty.
func (s *State) notSuspended(ms []ids.PubKey, t int64) []ids.PubKey {
	sus := s.SuspendedAt(t)
	return slices.DeleteFunc(slices.Clone(ms), func(m ids.PubKey) bool { return sus[m] })
}
