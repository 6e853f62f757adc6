package core

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// The jury of a complaint. Its randomness is the commit–reveal draw of the
// charter's jury office (sanctions.jury_office, a sortition office;
// gov_office.go) for the first term whose reveal window opens AFTER the
// complaint was written: term k = ⌊(t − genesis + 1 day) / term⌋ + 1. The
// complaint, its accused and the pool are fixed before any secret of that
// term is revealed, and each secret was committed before its reveal, so no
// party can choose the randomness after seeing it: as long as one revealer
// is honest, the seed is unpredictable when the complaint is filed (the
// office draw's one bit of influence — not revealing — remains).
//
//	seed  = SHA-256("dac/jury/v1" 0x00 office-draw-seed complaint-id)
//	lot   = SHA-256(seed ‖ member key)
//	pool  = members in good standing at the complaint's date (MembersAt),
//	        minus the plaintiff and the accused
//	jury  = the sanctions.jury smallest lots (all the pool if smaller)
//
// A term with no reveal has no seed: the complaint has no jury and lapses
// (it can be filed again). The hearing runs from the term's start for
// sanctions.hearing_days; the complaint is upheld iff more than half of
// the jury's latest verdicts dated in it say guilty (a silent juror counts
// as not guilty), and then decided at the hearing's close.

// Hearing outcomes.
const (
	HearingPending   = "pending"   // before the close
	HearingUpheld    = "upheld"    // the accused gets the next step of the ladder
	HearingDismissed = "dismissed" // not enough guilty verdicts
	HearingNoJury    = "no jury"   // the jury office's term had no reveal
)

// Hearing is a complaint's judgment with its audit.
type Hearing struct {
	Complaint ids.Hash       `json:"complaint"`
	Row       ComplaintRow   `json:"row"`
	Term      uint32         `json:"term"`
	Start     int64          `json:"start"`
	Close     int64          `json:"close"`
	Seed      ids.Hash       `json:"seed"`
	Lots      []Lot          `json:"lots"` // ascending: the first are the jury
	Jurors    []ids.PubKey   `json:"jurors"`
	Verdicts  []VerdictRow   `json:"verdicts"` // the counted ones, one per juror
	Guilty    int            `json:"guilty"`
	Outcome   string         `json:"outcome"`
	Ignored   []IgnoredEntry `json:"ignored,omitempty"`
}

// IgnoredEntry is a valid entry that does not count, and why.
type IgnoredEntry struct {
	ID  ids.Hash `json:"id"`
	Why string   `json:"why"`
}

// hearingTerm is the jury office and term that judge a complaint dated t.
func (s *State) hearingTerm(t int64) (charter.Office, uint32, bool) {
	r, g := s.sanctionRules(), s.governance()
	if r == nil || g == nil {
		return charter.Office{}, 0, false
	}
	o, ok := g.OfficeNamed(r.JuryOffice)
	if !ok || t < s.genesisTime {
		return o, 0, false
	}
	return o, uint32((t-s.genesisTime+RevealMillis)/o.TermMillis()) + 1, true
}

// hearingWindow is when a complaint's verdicts may be dated.
func (s *State) hearingWindow(cr ComplaintRow) (start, end int64) {
	o, k, ok := s.hearingTerm(cr.Time)
	if !ok {
		return 0, 0
	}
	start = s.TermStart(o, k)
	return start, start + int64(s.sanctionRules().HearingDays)*DayMillis
}

// Hearing computes a complaint's jury and outcome as of asOf.
func (s *State) Hearing(id ids.Hash, asOf int64) (Hearing, bool) {
	cr, ok := s.sanctions.complaints.get(string(id[:]))
	o, k, okT := s.hearingTerm(cr.Time)
	if !ok || !okT {
		return Hearing{}, false
	}
	h := Hearing{Complaint: id, Row: cr, Term: k}
	h.Start, h.Close = s.hearingWindow(cr)
	s.drawJury(&h, o)
	s.countVerdicts(&h)
	switch {
	case asOf < h.Start: // the jury is drawn at the term's start
		h.Outcome = HearingPending
	case len(h.Jurors) == 0:
		h.Outcome = HearingNoJury
	case asOf < h.Close:
		h.Outcome = HearingPending
	case h.Guilty*2 > len(h.Jurors):
		h.Outcome = HearingUpheld
	default:
		h.Outcome = HearingDismissed
	}
	return h, true
}

// drawJury seeds the jury from the office draw of the hearing's term.
func (s *State) drawJury(h *Hearing, o charter.Office) {
	var reveals []OfficeRow
	for _, r := range s.gov.offices.rows {
		if r.Kind == KindOfficeReveal && r.Office == o.Name && r.Term == h.Term {
			reveals = append(reveals, r)
		}
	}
	if len(reveals) == 0 {
		return
	}
	d := Draw(o, h.Term, reveals)
	h.Seed = ids.Sum("dac/jury/v1", d.Seed[:], h.Complaint[:])
	for m := range s.MembersAt(h.Row.Time) {
		if m != h.Row.Plaintiff && m != h.Row.Against {
			h.Lots = append(h.Lots, Lot{Member: m, Lot: sha256.Sum256(append(h.Seed[:], m[:]...))})
		}
	}
	slices.SortFunc(h.Lots, func(a, b Lot) int { return bytes.Compare(a.Lot[:], b.Lot[:]) })
	for _, l := range h.Lots[:min(s.sanctionRules().Jury, len(h.Lots))] {
		h.Jurors = append(h.Jurors, l.Member)
	}
}

// countVerdicts keeps each juror's latest verdict (chain order).
func (s *State) countVerdicts(h *Hearing) {
	latest := map[ids.PubKey]ids.Hash{}
	for k, v := range s.sanctions.verdicts.rows {
		id := ids.Hash([]byte(k))
		if v.Complaint != h.Complaint {
			continue
		}
		if !slices.Contains(h.Jurors, v.Juror) {
			h.Ignored = append(h.Ignored, IgnoredEntry{id, "not drawn for this jury"})
			continue
		}
		cur, ok := latest[v.Juror]
		if c, _ := s.sanctions.verdicts.get(string(cur[:])); !ok || chainLater(v.Seq, id, c.Seq, cur) {
			latest[v.Juror] = id
		}
	}
	for _, j := range h.Jurors {
		if id, ok := latest[j]; ok {
			v, _ := s.sanctions.verdicts.get(string(id[:]))
			h.Verdicts = append(h.Verdicts, v)
			h.Guilty += btoi(v.Guilty)
		}
	}
	slices.SortFunc(h.Ignored, func(a, b IgnoredEntry) int { return cmpHash(a.ID, b.ID) })
}

// Complaints lists every complaint id, by date then id.
func (s *State) Complaints() []ids.Hash {
	var out []ids.Hash
	for k := range s.sanctions.complaints.rows {
		out = append(out, ids.Hash([]byte(k)))
	}
	slices.SortFunc(out, func(a, b ids.Hash) int {
		ra, _ := s.sanctions.complaints.get(string(a[:]))
		rb, _ := s.sanctions.complaints.get(string(b[:]))
		return cmp.Or(cmp.Compare(ra.Time, rb.Time), cmpHash(a, b))
	})
	return out
}
