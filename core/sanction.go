package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Graduated sanctions. A case is opened in one of two ways:
//
//   - a proven fork: the `case` row a valid fork-report opens
//     (forkreport.go). Its step is decided by the case itself at the
//     report's date — no vote: the proof is the judgment;
//   - a member's `complaint` (against a member, with a reason), judged by a
//     jury drawn by sortition (sanction_jury.go): the jurors write
//     `verdict` entries, and the complaint is upheld when more than half
//     of the drawn jury found the accused guilty by the hearing's close.
//
// A decided case gives the accused the next step of the ladder
// (sanction_ladder.go); every step expires by itself. Which step a case
// gives, and whether a step is in force, are global computations over every
// known case (like the tally), so they are pure functions of the set of
// entries. Validation stays a function of each entry's causal past: a
// complaint needs its author's admission; a verdict needs the complaint it
// cites, and its date must fall within the hearing (computable from the
// complaint alone); whether its author is a juror is decided by the count.

// Kind names and limits.
const (
	KindComplaint   = "complaint"
	KindVerdict     = "verdict"
	MaxComplaintLen = 280
	SanctionMaxStep = 4
)

// Complaint accuses a member.
type Complaint struct {
	Against ids.PubKey `cbor:"1,keyasint"`
	Reason  string     `cbor:"2,keyasint"`
}

// Verdict is a juror's finding on a complaint (cited in refs). A later
// verdict by the same juror replaces an earlier one until the hearing
// closes.
type Verdict struct {
	Complaint ids.Hash `cbor:"1,keyasint"`
	Guilty    bool     `cbor:"2,keyasint,omitempty"`
}

// ComplaintRow (key: complaint id) is an open or decided complaint.
type ComplaintRow struct {
	Plaintiff ids.PubKey `cbor:"1,keyasint" json:"plaintiff"`
	Against   ids.PubKey `cbor:"2,keyasint" json:"against"`
	Reason    string     `cbor:"3,keyasint" json:"reason"`
	Time      int64      `cbor:"4,keyasint" json:"time"`
}

// VerdictRow (key: verdict id) is one juror's finding.
type VerdictRow struct {
	Complaint ids.Hash   `cbor:"1,keyasint" json:"complaint"`
	Juror     ids.PubKey `cbor:"2,keyasint" json:"juror"`
	Seq       uint64     `cbor:"3,keyasint" json:"seq"`
	Time      int64      `cbor:"4,keyasint" json:"time"`
	Guilty    bool       `cbor:"5,keyasint,omitempty" json:"guilty"`
}

// sanctionState holds the sanction tables.
type sanctionState struct {
	complaints *table[ComplaintRow]
	verdicts   *table[VerdictRow]
	accepts    *table[SanctionAcceptRow] // sanction_accept.go
}

func (s *State) initSanctions() {
	s.sanctions = sanctionState{
		complaints: newTable[ComplaintRow](s, "complaint"),
		verdicts:   newTable[VerdictRow](s, "verdict"),
		accepts:    newTable[SanctionAcceptRow](s, "accept"),
	}
}

// ComplaintKind and VerdictKind define the sanction kinds.
func ComplaintKind() Kind { return Define(KindComplaint, validateComplaint, applyComplaint) }

// VerdictKind: see ComplaintKind.
func VerdictKind() Kind { return Define(KindVerdict, validateVerdict, applyVerdict) }

var errNoSanctions = errors.New("this node's charter has no sanctions section")

func (s *State) sanctionRules() *charter.Sanctions {
	if s.charter == nil {
		return nil
	}
	return s.charter.Sanctions
}

func validateComplaint(s *State, c *Context, b *Complaint) error {
	switch {
	case s.sanctionRules() == nil:
		return errNoSanctions
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case b.Against == c.E.Author || b.Against.IsZero():
		return errors.New("a complaint is against another member")
	case len(b.Reason) == 0 || len(b.Reason) > MaxComplaintLen:
		return fmt.Errorf("a complaint gives a reason of 1 to %d bytes", MaxComplaintLen)
	}
	return nil
}

func applyComplaint(s *State, c *Context, b *Complaint) {
	s.sanctions.complaints.put(string(c.E.ID[:]), ComplaintRow{Plaintiff: c.E.Author, Against: b.Against,
		Reason: b.Reason, Time: c.E.Time})
}

func validateVerdict(s *State, c *Context, v *Verdict) error {
	if s.sanctionRules() == nil {
		return errNoSanctions
	}
	cr, ok := s.sanctions.complaints.get(string(v.Complaint[:]))
	if !ok || !slices.Contains(c.E.Refs, v.Complaint) {
		return errors.New("a verdict must reference the valid complaint it judges")
	}
	start, end := s.hearingWindow(cr)
	switch {
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case c.E.Author == cr.Plaintiff || c.E.Author == cr.Against:
		return errors.New("no one judges their own case")
	case c.E.Time < start || c.E.Time >= end:
		return errors.New("a verdict is dated within the hearing (from the jury's draw to its close)")
	}
	return nil
}

func applyVerdict(s *State, c *Context, v *Verdict) {
	s.sanctions.verdicts.put(string(c.E.ID[:]), VerdictRow{Complaint: v.Complaint, Juror: c.E.Author,
		Seq: c.E.Seq, Time: c.E.Time, Guilty: v.Guilty})
}
