package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Office powers. An office the charter gives a power (charter.PowerAdmit:
// the registrar's admissions) exercises it from the start of its first
// term; until then the key the charter names does. A holder proves the
// power in each act's causal past, since validity may read nothing else:
// the act cites the holder's `office-take` for the term of the act's date
// and at least k `office-confirm` entries of that take by other members
// (k = membership.vouches_required, the trust the node already puts in k
// members who vouch for an applicant; the number of founders if fewer).
//
// Why confirmations: a take alone proves too little. A drawn take wins only
// over the reveals it cites (a taker could leave out a better lot) and an
// elected take proves only that its author was a candidate (whether they
// won is a tally over ballots outside its causal past). Who really holds
// the office (OfficeDraw) is a computation over everything a replica holds.
// A member's device confirms a take only if it is among the holders in its
// own full view of that computation, once the term has begun; k members
// must so agree before the taker can act. A take with too few
// confirmations gives no power; so does a take of an office whose term has
// no confirmed holder: the power is vacant (for admissions: applicants wait)
// rather than falling back on anyone.
//
// One confirmation per member and take, by someone other than the taker,
// dated within the take's term.

// KindOfficeConfirm names the confirmation kind.
const KindOfficeConfirm = "office-confirm"

// OfficeConfirm says that its author's device counts the take among the
// office's holders for its term.
type OfficeConfirm struct {
	Take ids.Hash `cbor:"1,keyasint"`
}

// OfficeConfirmKind defines office-confirm.
func OfficeConfirmKind() Kind { return Define(KindOfficeConfirm, validateConfirm, applyConfirm) }

func validateConfirm(s *State, c *Context, v *OfficeConfirm) error {
	t, ok := s.gov.offices.get(string(v.Take[:]))
	switch {
	case !ok || t.Kind != KindOfficeTake || !slices.Contains(c.E.Refs, v.Take):
		return errors.New("a confirmation references the office take it confirms")
	case t.Member == c.E.Author:
		return errors.New("no one confirms their own seat")
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	}
	o, err := s.office(t.Office, t.Term)
	if err != nil {
		return err
	}
	if start := s.TermStart(o, t.Term); c.E.Time < start || c.E.Time >= start+o.TermMillis() {
		return fmt.Errorf("a seat of term %d is confirmed during the term", t.Term)
	}
	if len(s.ownOffices(c, func(r OfficeRow) bool {
		return r.Kind == KindOfficeConfirm && r.Take != nil && *r.Take == v.Take
	})) > 0 {
		return errors.New("this seat was confirmed already")
	}
	return nil
}

func applyConfirm(s *State, c *Context, v *OfficeConfirm) {
	t, _ := s.gov.offices.get(string(v.Take[:]))
	take := v.Take
	s.gov.offices.put(string(c.E.ID[:]), OfficeRow{Kind: KindOfficeConfirm, Member: c.E.Author, Office: t.Office,
		Term: t.Term, Seq: c.E.Seq, Take: &take})
}

// powerWords names who holds a power by the charter, and what it does.
var powerWords = map[string][2]string{
	charter.PowerAdmit: {"the registrar", "admit members"},
}

// Confirmations is how many members must confirm a take before its holder
// may use the office's powers: k, or the founders but one if fewer — a
// taker does not confirm their own seat, so a node founded by two could
// otherwise never confirm its first registrar. A node founded by one
// (0 here) keeps its charter's keys: no office takes their powers.
func (s *State) Confirmations() int {
	if s.charter == nil {
		return 0
	}
	return min(s.charter.Membership.VouchesRequired, len(s.founders)-1)
}

// powerOffice is the office that uses a power (ok false: the keys the
// charter names do, for good).
func (s *State) powerOffice(power string) (charter.Office, bool) {
	o, ok := s.governance().OfficeWithPower(power)
	return o, ok && s.Confirmations() > 0
}

// checkPower checks that the entry's author may use a power at its date:
// founding are the keys the charter names for it, which hold it until the
// first term of the office with the power (if any) begins.
func (s *State) checkPower(c *Context, power string, founding []ids.PubKey) error {
	o, ok := s.powerOffice(power)
	named := slices.Contains(founding, c.E.Author)
	switch {
	case (!ok || c.E.Time < s.TermStart(o, 1)) && named:
		return nil
	case !ok:
		return fmt.Errorf("only %s (%s) may %s", powerWords[power][0], ids.ShortKeys(founding), powerWords[power][1])
	case c.E.Time < s.TermStart(o, 1):
		return fmt.Errorf("only %s (%s) may %s until term 1 of %s begins", powerWords[power][0], ids.ShortKeys(founding), powerWords[power][1], o.Name)
	}
	term := s.TermAt(o, c.E.Time)
	take, n := s.citedSeat(c, o, term)
	switch {
	case take.IsZero():
		return fmt.Errorf("only a holder of %s for term %d may %s; the entry must reference their office take", o.Name, term, powerWords[power][1])
	case n < s.Confirmations():
		return fmt.Errorf("the seat in %s is confirmed by %d member(s) among the references; it needs %d", o.Name, n, s.Confirmations())
	}
	return nil
}

// citedSeat finds among c's refs the author's take of office o for a term
// and counts the distinct members whose cited confirmations confirm it.
func (s *State) citedSeat(c *Context, o charter.Office, term uint32) (ids.Hash, int) {
	var take ids.Hash
	for _, id := range c.E.Refs {
		if r, ok := s.gov.offices.get(string(id[:])); ok && r.Kind == KindOfficeTake &&
			r.Member == c.E.Author && r.Office == o.Name && r.Term == term {
			take = id
		}
	}
	if take.IsZero() {
		return take, 0
	}
	by := map[ids.PubKey]bool{}
	for _, id := range c.E.Refs {
		if r, ok := s.gov.offices.get(string(id[:])); ok && r.Kind == KindOfficeConfirm && r.Take != nil && *r.Take == take {
			by[r.Member] = true
		}
	}
	return take, len(by)
}
