package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/entry"
	"dac/core/ids"
)

// Accepting a sanction. The ladder is a global computation, but a balance
// is a pure function of its own chain: so a sanction that takes money —
// a reduced dividend, or recovering what a fork overspent — takes effect
// when the sanctioned member writes `sanction-accept` in their own chain,
// citing the case (the fork report or the complaint). From then on their
// dividend is withheld, day by day, until the cut and the debt are paid
// (account.go). Refusing is not free:
//
//   - a fork: the freeze on the forker's payments (forkreport.go) ends only
//     for payments made after an acceptance of that fork position in the
//     payer's own chain, so a forker who never accepts never pays again;
//     this is validity, enforced by every replica;
//   - a step that cuts the dividend (reduced dividend and above): until the
//     member accepts it at the level decided, vote and office are suspended
//     from sanctions.accept_days after the step's start until the step
//     ends (a global computation, like the ladder: sanction_ladder.go).
//
// An accepted exclusion from cooperative benefits (level 4) refuses the
// author's paid extras for the step's duration from the acceptance
// (rations.go); the entitlement, the rights floor, is never touched.
//
// What an acceptance withholds: a step of level ≥ reduced dividend cuts
// dividend_cut_pct of the dividend a day for the step's duration in days
// (as a sum: accepted late, the cut runs late, never lost); a fork report
// adds its debt: the larger outflow of the two competing entries its proof
// carries (a pay's amount), the money the double spend put into
// circulation at that position. The member states the level (validity
// cannot read the ladder); a lower level than decided does not count as
// accepting, and may be followed by an acceptance at a higher level (which
// adds only the difference). Accepting one's own case again at the same or
// a lower level on one branch is invalid, and accepting another's case is
// invalid; accepting a case that was never decided harms only oneself.

// KindSanctionAccept is the kind name.
const KindSanctionAccept = "sanction-accept"

// SanctionAccept accepts a case: a fork report or a complaint (cited).
type SanctionAccept struct {
	Case  ids.Hash `cbor:"1,keyasint"`
	Level int      `cbor:"2,keyasint"` // the ladder's step for the case (1 to 4)
}

// SanctionAcceptKind defines the kind.
func SanctionAcceptKind() Kind {
	return Define(KindSanctionAccept, validateSanctionAccept, applySanctionAccept)
}

// SanctionAcceptRow (key: member ‖ case key) lists the acceptances of one case by
// its member, sorted by id (one, unless the member forked). A fork's case
// key is its position, so every report of one fork is one case.
type SanctionAcceptRow struct {
	Accepts []Acceptance `cbor:"1,keyasint"`
}

// Acceptance is one sanction-accept entry.
type Acceptance struct {
	ID    ids.Hash `cbor:"1,keyasint"`
	Seq   uint64   `cbor:"2,keyasint"`
	Time  int64    `cbor:"3,keyasint"`
	Level int      `cbor:"4,keyasint"`
}

func validateSanctionAccept(s *State, c *Context, b *SanctionAccept) error {
	r := s.sanctionRules()
	if r == nil {
		return errNoSanctions
	}
	key, ok := s.acceptKey(c, b.Case)
	switch {
	case !ok:
		return errors.New("an acceptance cites (in refs) a fork report or a complaint against its author")
	case b.Level < LevelWarning || b.Level > SanctionMaxStep:
		return fmt.Errorf("the level is 1 to %d", SanctionMaxStep)
	case s.Money() == nil || !c.Next.Acct.Open:
		return fmt.Errorf("%s has no account here (cite your admission)", c.E.Author.Short())
	case s.acceptedLevel(key, c.E.Prev, c.E.Seq) >= b.Level:
		return errors.New("this case is already accepted at this level (a new acceptance must be at a higher one)")
	}
	return nil
}

// acceptKey is the case key of a cited fork report or complaint against
// the entry's author.
func (s *State) acceptKey(c *Context, id ids.Hash) (string, bool) {
	if !slices.Contains(c.E.Refs, id) {
		return "", false
	}
	if r, ok := s.reports.get(string(id[:])); ok && r.Author == c.E.Author {
		return forkCaseKey(r.Author, r.Seq), true
	}
	if cr, ok := s.sanctions.complaints.get(string(id[:])); ok && cr.Against == c.E.Author {
		return complaintCaseKey(cr.Against, id), true
	}
	return "", false
}

func forkCaseKey(m ids.PubKey, seq uint64) string { return string(m[:]) + "f" + forkKey(m, seq)[32:] }

func complaintCaseKey(m ids.PubKey, id ids.Hash) string { return string(m[:]) + "c" + string(id[:]) }

func applySanctionAccept(s *State, c *Context, b *SanctionAccept) {
	r := s.sanctionRules()
	a := &c.Next.Acct
	key, _ := s.acceptKey(c, b.Case)
	before := s.acceptedLevel(key, c.E.Prev, c.E.Seq) // a higher level adds only the difference
	if b.Level >= LevelReducedDividend {
		a.CutRate = s.Money().Dividend * int64(r.DividendCutPct) / 100
		a.CutLeft += s.cutOf(b.Level) - s.cutOf(before)
	}
	if rep, ok := s.reports.get(string(b.Case[:])); ok && before == 0 {
		a.Debt += rep.Debt
	}
	if b.Level >= LevelExclusion && before < LevelExclusion {
		a.ExcludedUntil = max(a.ExcludedUntil, c.E.Time+r.StepMillis(LevelExclusion))
	}
	row, _ := s.sanctions.accepts.get(key)
	row.Accepts = append(slices.Clone(row.Accepts), Acceptance{ID: c.E.ID, Seq: c.E.Seq, Time: c.E.Time, Level: b.Level})
	slices.SortFunc(row.Accepts, func(x, y Acceptance) int { return cmpHash(x.ID, y.ID) })
	s.sanctions.accepts.put(key, row)
}

// acceptedLevel is the highest level at which the case was accepted by an
// entry below seq on the branch ending at from (an entry of the case's
// member; 0: not accepted). Like receivedBefore it asks the ancestry, so
// the answer does not depend on which branches of a forked member are
// known.
func (s *State) acceptedLevel(key string, from ids.Hash, seq uint64) int {
	row, _ := s.sanctions.accepts.get(key)
	level := 0
	for _, ac := range row.Accepts {
		if ac.Seq >= seq || ac.Level <= level {
			continue
		}
		if s.ancestor == nil {
			level = ac.Level
			continue
		}
		if id, ok := s.ancestor(from, ac.Seq); !ok || id == ac.ID {
			level = ac.Level
		}
	}
	return level
}

// firstAccepted is the date of the earliest acceptance of the case at
// minLevel or above, on any branch (ok false: none): the ladder's view.
func (s *State) firstAccepted(key string, minLevel int) (int64, bool) {
	row, _ := s.sanctions.accepts.get(key)
	t, ok := int64(0), false
	for _, ac := range row.Accepts {
		if ac.Level >= minLevel && (!ok || ac.Time < t) {
			t, ok = ac.Time, true
		}
	}
	return t, ok
}

// forkDebt is what a fork proof shows the double spend put into
// circulation: the larger of the two competing entries' outflows.
func forkDebt(p entry.ForkProof) int64 {
	out := func(raw []byte) int64 {
		e, err := entry.DecodeVerified(raw)
		if err != nil || e.Kind != KindPay {
			return 0
		}
		var pay Pay
		if entry.UnmarshalCanonical(e.Body, &pay) != nil || pay.Amount <= 0 {
			return 0
		}
		return pay.Amount
	}
	return max(out(p.A), out(p.B))
}

// Owed is a decided step its member has yet to accept, and what accepting
// it withholds from their dividend.
type Owed struct {
	Step SanctionStep `json:"step"`
	Cut  int64        `json:"cut"`  // µ cut from the dividend (a reduced dividend)
	Debt int64        `json:"debt"` // µ recovered (what a fork overspent)
}

// ToAccept lists member's steps that wait for their acceptance: fork cases
// (the freeze ends only after one) and steps that cut the dividend.
func (s *State) ToAccept(member ids.PubKey) []Owed {
	var out []Owed
	for _, st := range s.Ladder(member) {
		if st.Accepted != 0 || (!st.MustAccept && st.Kind != CaseFork) {
			continue
		}
		o := Owed{Step: st, Cut: s.cutOf(st.Level)}
		if r, ok := s.reports.get(string(st.Case[:])); ok {
			o.Debt = r.Debt
		}
		out = append(out, o)
	}
	return out
}

// cutOf is what accepting a step of level cuts from the dividend in all
// (0 below a reduced dividend).
func (s *State) cutOf(level int) int64 {
	r, m := s.sanctionRules(), s.Money()
	if r == nil || m == nil || level < LevelReducedDividend {
		return 0
	}
	return m.Dividend * int64(r.DividendCutPct) / 100 * int64(r.StepDays[level-1])
}

// Freeze says why a payment by a member at a date would be frozen: the
// fork report, until when the freeze lasts, and whether the member must
// still accept the case (then it lasts until they do).
type Freeze struct {
	Report     ids.Hash `json:"report"`
	Until      int64    `json:"until"`
	MustAccept bool     `json:"must_accept"`
}

// FreezeOf is the freeze a payment by payer dated t would meet (ok false:
// none), as far as this replica knows: its device refuses to sign a
// payment no one could receive.
func (s *State) FreezeOf(payer ids.PubKey, t int64) (Freeze, bool) {
	var f Freeze
	found := false
	for k, r := range s.reports.rows {
		if r.Author != payer {
			continue
		}
		g := Freeze{Report: ids.Hash([]byte(k)), Until: 1 << 62}
		if sr := s.sanctionRules(); sr != nil {
			g.Until = r.Time + int64(sr.FreezeDays)*DayMillis
			_, accepted := s.firstAccepted(forkCaseKey(r.Author, r.Seq), LevelWarning)
			g.MustAccept = !accepted
		}
		if (t < g.Until || g.MustAccept) && (!found || g.Until > f.Until || g.MustAccept && !f.MustAccept) {
			f, found = g, true
		}
	}
	return f, found
}
