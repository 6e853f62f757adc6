package core

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Offices by sortition. Term k of an office starts at S = genesis + k ×
// term (k ≥ 1) and lasts one term. Its draw is commit–reveal:
//
//  1. a willing member writes `office-volunteer` (office, term, commit =
//     SHA-256("dac/sortition/commit" 0x00 secret)), dated before S − 1 day;
//  2. in the last day before S they write `office-reveal` (the volunteer
//     entry, the secret), which must match the commitment;
//  3. the seed is SHA-256("dac/sortition/v1" 0x00 office 0x00 term secrets…)
//     over every revealed secret in ascending order; each revealer's lot is
//     SHA-256(seed ‖ key) and the seats go to the smallest lots;
//  4. a winner takes the seat with `office-take`, dated within the term,
//     citing the reveals; it is valid only if the author wins the draw over
//     the reveals it cites. Who holds the office (OfficeDraw) is the draw
//     over EVERY reveal of the term, so citing fewer rivals gains nothing.
//
// Every secret is committed before any is revealed, so no one can choose
// the randomness after seeing it; a volunteer's only choice is to reveal or
// not, and not revealing takes them out of the draw (one bit of influence,
// for the benefit of someone else). One volunteer entry per member, office
// and term (in their own chain): several commitments would let one choose
// among several lots.
//
// Term limits and separation of powers read the author's own chain: a take
// (and a volunteer entry, so that no one is drawn who could not serve) is
// invalid if the author took the same office in each of MaxTerms
// consecutive terms ending within CooldownTerms terms before this one, or
// took an office of another branch whose term overlaps this one. A fork
// that hides earlier takes is a fork proof, and sanctionable.

// Kind names.
const (
	KindOfficeVolunteer = "office-volunteer"
	KindOfficeReveal    = "office-reveal"
	KindOfficeTake      = "office-take"
)

// RevealMillis is the reveal window before a term starts. MaxReveals is
// what one take can cite beside its author's admission (entry.MaxRefs): a
// term with more revealers than that cannot be filled (a known limit).
const (
	RevealMillis = DayMillis
	MaxReveals   = entry.MaxRefs - 1
)

// OfficeVolunteer commits a member to the draw for a term of an office.
type OfficeVolunteer struct {
	Office string   `cbor:"1,keyasint"`
	Term   uint32   `cbor:"2,keyasint"`
	Commit ids.Hash `cbor:"3,keyasint"`
}

// OfficeReveal opens a volunteer's commitment.
type OfficeReveal struct {
	Volunteer ids.Hash `cbor:"1,keyasint"`
	Secret    ids.Hash `cbor:"2,keyasint"`
}

// OfficeTake takes a seat won in the draw over the cited reveals.
type OfficeTake struct {
	Office   string     `cbor:"1,keyasint"`
	Term     uint32     `cbor:"2,keyasint"`
	Reveals  []ids.Hash `cbor:"3,keyasint,omitempty"`
	Election *ids.Hash  `cbor:"4,keyasint,omitempty"` // an elected office: the election (see gov_election.go)
}

// OfficeRow (key: entry id) is a volunteer (Commit set), reveal (Secret
// set) or take (neither) entry, by Member in their chain at Seq.
type OfficeRow struct {
	Kind   string     `cbor:"1,keyasint" json:"kind"`
	Member ids.PubKey `cbor:"2,keyasint" json:"member"`
	Office string     `cbor:"3,keyasint" json:"office"`
	Term   uint32     `cbor:"4,keyasint" json:"term"`
	Seq    uint64     `cbor:"5,keyasint" json:"seq"`
	Commit ids.Hash   `cbor:"6,keyasint" json:"commit"`
	Secret ids.Hash   `cbor:"7,keyasint" json:"secret"`
	Take   *ids.Hash  `cbor:"8,keyasint,omitempty" json:"take,omitempty"` // a confirmation (gov_powers.go): the take
}

// OfficeVolunteerKind, OfficeRevealKind and OfficeTakeKind define the office kinds.
func OfficeVolunteerKind() Kind {
	return Define(KindOfficeVolunteer, validateVolunteer, applyVolunteer)
}

// OfficeRevealKind: see OfficeVolunteerKind.
func OfficeRevealKind() Kind { return Define(KindOfficeReveal, validateReveal, applyReveal) }

// OfficeTakeKind: see OfficeVolunteerKind.
func OfficeTakeKind() Kind { return Define(KindOfficeTake, validateTake, applyTake) }

// Commitment is what a volunteer entry commits to for secret.
func Commitment(secret ids.Hash) ids.Hash { return ids.Sum("dac/sortition/commit", secret[:]) }

// TermStart is when term k of o starts.
func (s *State) TermStart(o charter.Office, k uint32) int64 {
	return s.genesisTime + int64(k)*o.TermMillis()
}

// TermAt is the term of o running at t (0 before the first).
func (s *State) TermAt(o charter.Office, t int64) uint32 {
	if t < s.genesisTime || o.TermDays <= 0 {
		return 0
	}
	return uint32((t - s.genesisTime) / o.TermMillis())
}

func (s *State) office(name string, term uint32) (charter.Office, error) {
	g := s.governance()
	if g == nil {
		return charter.Office{}, errNoGovernance
	}
	o, ok := g.OfficeNamed(name)
	switch {
	case !ok:
		return o, fmt.Errorf("the charter has no office %q", name)
	case term < 1 || term > 1<<20:
		return o, errors.New("terms are numbered from 1")
	}
	return o, nil
}

func validateVolunteer(s *State, c *Context, v *OfficeVolunteer) error {
	o, err := s.office(v.Office, v.Term)
	switch {
	case err != nil:
		return err
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case c.E.Time >= s.TermStart(o, v.Term)-RevealMillis:
		return fmt.Errorf("the call for term %d of %s has closed", v.Term, o.Name)
	case v.Commit.IsZero():
		return errors.New("a volunteer commits to a secret")
	case o.Elected:
		return fmt.Errorf("%s is filled by election, not by sortition", o.Name)
	}
	if len(s.ownOffices(c, func(r OfficeRow) bool {
		return r.Kind == KindOfficeVolunteer && r.Office == v.Office && r.Term == v.Term
	})) > 0 {
		return errors.New("one volunteer entry per member, office and term")
	}
	return s.mayServe(c, o, v.Term)
}

func applyVolunteer(s *State, c *Context, v *OfficeVolunteer) {
	s.gov.offices.put(string(c.E.ID[:]), OfficeRow{Kind: KindOfficeVolunteer, Member: c.E.Author, Office: v.Office,
		Term: v.Term, Seq: c.E.Seq, Commit: v.Commit})
}

func validateReveal(s *State, c *Context, r *OfficeReveal) error {
	v, ok := s.gov.offices.get(string(r.Volunteer[:]))
	if !ok || v.Kind != KindOfficeVolunteer || !slices.Contains(c.E.Refs, r.Volunteer) {
		return errors.New("a reveal must reference a valid volunteer entry")
	}
	o, _ := s.office(v.Office, v.Term)
	start := s.TermStart(o, v.Term)
	switch {
	case v.Member != c.E.Author:
		return errors.New("only the volunteer reveals their secret")
	case Commitment(r.Secret) != v.Commit:
		return errors.New("the secret does not match the commitment")
	case c.E.Time < start-RevealMillis || c.E.Time >= start:
		return fmt.Errorf("reveals for term %d of %s are made in the day before it starts", v.Term, v.Office)
	}
	return nil
}

func applyReveal(s *State, c *Context, r *OfficeReveal) {
	v, _ := s.gov.offices.get(string(r.Volunteer[:]))
	s.gov.offices.put(string(c.E.ID[:]), OfficeRow{Kind: KindOfficeReveal, Member: c.E.Author, Office: v.Office,
		Term: v.Term, Seq: c.E.Seq, Commit: r.Volunteer, Secret: r.Secret})
}

func validateTake(s *State, c *Context, t *OfficeTake) error {
	o, err := s.office(t.Office, t.Term)
	if err != nil {
		return err
	}
	start := s.TermStart(o, t.Term)
	if c.E.Time < start || c.E.Time >= start+o.TermMillis() {
		return fmt.Errorf("a seat of term %d is taken during the term", t.Term)
	}
	if !s.memberAt(c) {
		return errNotMember(c.E.Author)
	}
	if err := s.checkSeat(c, o, t); err != nil {
		return err
	}
	if len(s.ownOffices(c, func(r OfficeRow) bool {
		return r.Kind == KindOfficeTake && r.Office == t.Office && r.Term == t.Term
	})) > 0 {
		return errors.New("this seat was taken already")
	}
	return s.mayServe(c, o, t.Term)
}

// checkSeat: an elected office's take cites its election; a drawn one's
// wins the draw over the reveals it cites.
func (s *State) checkSeat(c *Context, o charter.Office, t *OfficeTake) error {
	if o.Elected {
		return s.checkElectedTake(c, t)
	}
	if t.Election != nil {
		return errors.New("a seat of an office filled by sortition cites no election")
	}
	reveals, err := s.citedReveals(c, t)
	if err != nil {
		return err
	}
	if !slices.Contains(Draw(o, t.Term, reveals).Winners, c.E.Author) {
		return fmt.Errorf("%s did not win the draw for %s", c.E.Author.Short(), o.Name)
	}
	return nil
}

func (s *State) citedReveals(c *Context, t *OfficeTake) ([]OfficeRow, error) {
	if len(t.Reveals) == 0 || len(t.Reveals) > MaxReveals || hasDuplicate(t.Reveals) {
		return nil, fmt.Errorf("a take cites 1 to %d distinct reveals", MaxReveals)
	}
	var out []OfficeRow
	for _, id := range t.Reveals {
		r, ok := s.gov.offices.get(string(id[:]))
		if !ok || r.Kind != KindOfficeReveal || r.Office != t.Office || r.Term != t.Term || !slices.Contains(c.E.Refs, id) {
			return nil, fmt.Errorf("%s is not a reveal of this term that the take references", id.Short())
		}
		out = append(out, r)
	}
	return out, nil
}

func applyTake(s *State, c *Context, t *OfficeTake) {
	s.gov.offices.put(string(c.E.ID[:]), OfficeRow{Kind: KindOfficeTake, Member: c.E.Author, Office: t.Office,
		Term: t.Term, Seq: c.E.Seq})
}

// ownOffices lists the office rows that keep accepts earlier in this
// entry's own chain (on its branch, if the author forked). keep filters
// first: the ancestry lookup is the cost.
func (s *State) ownOffices(c *Context, keep func(OfficeRow) bool) []OfficeRow {
	var out []OfficeRow
	for k, r := range s.gov.offices.rows {
		if r.Member != c.E.Author || r.Seq >= c.E.Seq || !keep(r) {
			continue
		}
		if s.ancestor != nil {
			if id, ok := s.ancestor(c.E.Prev, r.Seq); ok && id != ids.Hash([]byte(k)) {
				continue // on another branch of a fork
			}
		}
		out = append(out, r)
	}
	return out
}

// mayServe checks term limits and separation of powers against the
// author's own takes.
func (s *State) mayServe(c *Context, o charter.Office, term uint32) error {
	g := s.governance()
	held := map[uint32]bool{}
	start, end := s.TermStart(o, term), s.TermStart(o, term+1)
	oldest := int64(term) - int64(o.CooldownTerms) - int64(o.MaxTerms) // no earlier take bears on this one
	takes := s.ownOffices(c, func(r OfficeRow) bool {
		if r.Kind != KindOfficeTake {
			return false
		}
		if r.Office == o.Name {
			return int64(r.Term) >= oldest
		}
		other, ok := g.OfficeNamed(r.Office)
		return ok && s.TermStart(other, r.Term) < end && s.TermStart(other, r.Term+1) > start
	})
	for _, r := range takes {
		if r.Office == o.Name {
			held[r.Term] = true
			continue
		}
		other, ok := g.OfficeNamed(r.Office)
		if ok && other.Branch != o.Branch && s.TermStart(other, r.Term) < end && s.TermStart(other, r.Term+1) > start {
			return fmt.Errorf("%s (%s) and %s (%s) are separated powers: no one holds both at once", o.Name, o.Branch, other.Name, other.Branch)
		}
	}
	for last := int64(term) - 1; last >= int64(term)-int64(o.CooldownTerms) && last >= 1; last-- {
		if runOf(held, uint32(last)) >= o.MaxTerms {
			return fmt.Errorf("no one holds %s for more than %d consecutive terms, then %d term(s) off", o.Name, o.MaxTerms, o.CooldownTerms)
		}
	}
	return nil
}

// runOf is the number of consecutive held terms ending at last.
func runOf(held map[uint32]bool, last uint32) int {
	n := 0
	for t := last; t >= 1 && held[t]; t-- {
		n++
	}
	return n
}

// SortitionDraw is a draw with its audit: the seed and every lot.
type SortitionDraw struct {
	Office  string       `json:"office"`
	Term    uint32       `json:"term"`
	Seed    ids.Hash     `json:"seed"`
	Lots    []Lot        `json:"lots"` // ascending: the first Seats win
	Winners []ids.PubKey `json:"winners"`
}

// Lot is one revealer's place in a draw.
type Lot struct {
	Member ids.PubKey `json:"member"`
	Lot    ids.Hash   `json:"lot"`
}

// Draw is the sortition over reveals (one per member: a member's other
// reveals, which only a fork could make, are ignored but for the smallest
// secret).
func Draw(o charter.Office, term uint32, reveals []OfficeRow) SortitionDraw {
	bySecret := map[ids.PubKey]ids.Hash{}
	for _, r := range reveals {
		if cur, ok := bySecret[r.Member]; !ok || cmpHash(r.Secret, cur) < 0 {
			bySecret[r.Member] = r.Secret
		}
	}
	secrets := make([]ids.Hash, 0, len(bySecret))
	for _, sec := range bySecret {
		secrets = append(secrets, sec)
	}
	slices.SortFunc(secrets, cmpHash)
	h := sha256.New()
	h.Write([]byte("dac/sortition/v1\x00" + o.Name + "\x00"))
	h.Write(be64(uint64(term)))
	for _, sec := range secrets {
		h.Write(sec[:])
	}
	d := SortitionDraw{Office: o.Name, Term: term, Seed: ids.Hash(h.Sum(nil))}
	for m := range bySecret {
		d.Lots = append(d.Lots, Lot{Member: m, Lot: sha256.Sum256(append(d.Seed[:], m[:]...))})
	}
	slices.SortFunc(d.Lots, func(a, b Lot) int { return bytes.Compare(a.Lot[:], b.Lot[:]) })
	for _, l := range d.Lots[:min(o.Seats, len(d.Lots))] {
		d.Winners = append(d.Winners, l.Member)
	}
	return d
}

// OfficeTerm is a term of an office as the whole record shows it: the draw
// over every reveal, and the winners who took their seats.
type OfficeTerm struct {
	Draw     SortitionDraw `json:"draw"`
	Election ids.Hash      `json:"election,omitempty"` // an elected office: the election that counts
	Winners  []ids.PubKey  `json:"winners"`            // drawn or elected
	Holders  []ids.PubKey  `json:"holders"`            // the winners who took their seats
	Seats    []Seat        `json:"seats,omitempty"`    // every take of the term, with its confirmations (gov_powers.go)
	Start    int64         `json:"start"`
	End      int64         `json:"end"`
}

// OfficeDraw computes term k of an office.
func (s *State) OfficeDraw(name string, term uint32) (OfficeTerm, bool) {
	o, err := s.office(name, term)
	if err != nil {
		return OfficeTerm{}, false
	}
	var reveals []OfficeRow
	took := map[ids.PubKey]bool{}
	for _, r := range s.gov.offices.rows {
		if r.Office != name || r.Term != term {
			continue
		}
		switch r.Kind {
		case KindOfficeReveal:
			reveals = append(reveals, r)
		case KindOfficeTake:
			took[r.Member] = true
		}
	}
	reveals = s.withoutSuspended(reveals, s.TermStart(o, term)) // sanctions (sanction_ladder.go)
	t := OfficeTerm{Draw: Draw(o, term, reveals), Start: s.TermStart(o, term), End: s.TermStart(o, term+1)}
	t.Winners = t.Draw.Winners
	if o.Elected {
		t.Election, t.Winners = s.electionFor(o, term)
		t.Winners = s.notSuspended(t.Winners, t.Start) // sanctions (sanction_ladder.go)
	}
	for _, w := range t.Winners {
		if took[w] {
			t.Holders = append(t.Holders, w)
		}
	}
	t.Seats = s.Seats(name, term)
	return t, true
}

// RevealsOf lists the reveal entries of a term of an office, for a take to cite.
func (s *State) RevealsOf(name string, term uint32) []ids.Hash {
	var out []ids.Hash
	for k, r := range s.gov.offices.rows {
		if r.Kind == KindOfficeReveal && r.Office == name && r.Term == term {
			out = append(out, ids.Hash([]byte(k)))
		}
	}
	slices.SortFunc(out, cmpHash)
	return out
}

// VolunteerOf finds member's volunteer entry for a term of an office.
func (s *State) VolunteerOf(member ids.PubKey, name string, term uint32) (ids.Hash, OfficeRow, bool) {
	for k, r := range s.gov.offices.rows {
		if r.Kind == KindOfficeVolunteer && r.Member == member && r.Office == name && r.Term == term {
			return ids.Hash([]byte(k)), r, true
		}
	}
	return ids.Hash{}, OfficeRow{}, false
}
