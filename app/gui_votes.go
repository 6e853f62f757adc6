package app

import (
	"crypto/ed25519"
	"slices"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Queries and a use case for the GUI's votes and offices views: a ballot
// built by widgets rather than typed, and each office as this member
// stands in it, with what each action would do now and, when it cannot be
// done, why (the rules of core, asked by a dry run of the very entry the
// action would sign).

// CastBallot casts (or replaces) this member's ballot on proposal id, as
// the GUI's widgets built it: for yes/no Pick [0] or [1], approvals and
// budgets the approved options, ranked choice a ranking, score one score
// per option (see core.Ballot).
func (a *App) CastBallot(id ids.Hash, b core.Ballot) (*entry.Signed, error) {
	p, err := a.proposal(id)
	if err != nil {
		return nil, err
	}
	if !b.Abstain && len(b.Pick) == 0 && len(b.Scores) == 0 {
		return nil, &UserError{Msg: "choose at least one option (or abstain)"}
	}
	if p.Method == core.MethodApproval || p.Method == core.MethodBudget {
		b.Pick = slices.Sorted(slices.Values(b.Pick)) // the order core asks for
	}
	b.Proposal = id
	return a.post(core.KindBallot, b, func(s *core.State, me ids.PubKey) []ids.Hash {
		return append(s.MembershipRefs(me), id)
	})
}

// OfficeStanding is one office as this member stands in it now.
type OfficeStanding struct {
	Office  charter.Office  `json:"office"`
	Term    uint32          `json:"term"` // running now (0: none yet)
	Current core.OfficeTerm `json:"current"`
	Holding bool            `json:"holding"`        // this member holds a seat of the running term
	Won     bool            `json:"won"`            // drawn or elected for the running term
	Need    int             `json:"need,omitempty"` // an office with powers: confirmations a seat needs
	// ToConfirm are the running term's seats this member's device would
	// confirm now (the winners it counts, short of confirmations).
	ToConfirm []ids.PubKey `json:"to_confirm,omitempty"`

	// Volunteering: the term a volunteer entry made now is for, and until
	// when its call is open.
	CallTerm    uint32 `json:"call_term"`
	CallCloses  int64  `json:"call_closes"`
	Volunteered bool   `json:"volunteered"`
	// Revealing: the next term's reveal window.
	RevealTerm      uint32 `json:"reveal_term"`
	RevealOpens     int64  `json:"reveal_opens"`
	RevealCloses    int64  `json:"reveal_closes"`
	VolunteeredNext bool   `json:"volunteered_next"`
	Revealed        bool   `json:"revealed"`

	// Why each action cannot be done now, in plain words ("" = it can).
	VolunteerWhyNot string `json:"volunteer_why_not,omitempty"`
	RevealWhyNot    string `json:"reveal_why_not,omitempty"`
	TakeWhyNot      string `json:"take_why_not,omitempty"`

	volunteer ids.Hash   // the volunteer entry for RevealTerm
	reveals   []ids.Hash // the running term's reveals
	election  ids.Hash   // the running term's election (elected offices)
	refs      []ids.Hash // this member's admission
}

// OfficeStandings lists the charter's offices as this member stands in them now.
func (a *App) OfficeStandings() ([]OfficeStanding, error) {
	key, err := a.signer()
	if err != nil {
		return nil, err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	var out []OfficeStanding
	err = a.govView(func(s *core.State) error {
		for _, o := range s.Charter().Governance.Offices {
			out = append(out, a.standing(s, o, key, me))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out { // outside the view: a dry run takes the store's locks
		a.whyNot(&out[i], key)
	}
	return out, nil
}

// seatsToConfirm names the takers among seats whom me would confirm now.
func seatsToConfirm(s *core.State, seats []core.Seat, me ids.PubKey, now int64) []ids.PubKey {
	var out []ids.PubKey
	due := s.ToConfirm(me, now)
	for _, st := range seats {
		if slices.Contains(due, st.Take) {
			out = append(out, st.Member)
		}
	}
	return out
}

// standing reads the facts of one office from the state.
func (a *App) standing(s *core.State, o charter.Office, key ed25519.PrivateKey, me ids.PubKey) OfficeStanding {
	now := a.now()
	v := OfficeStanding{Office: o, Term: s.TermAt(o, now)}
	if v.Term > 0 {
		v.Current, _ = s.OfficeDraw(o.Name, v.Term)
	}
	v.Holding = slices.Contains(v.Current.Holders, me)
	v.Won = slices.Contains(v.Current.Winners, me)
	if len(o.Powers) > 0 {
		v.Need = s.Confirmations()
		v.ToConfirm = seatsToConfirm(s, v.Current.Seats, me, now)
	}
	v.CallTerm = v.Term + 1
	if now >= s.TermStart(o, v.CallTerm)-core.RevealMillis {
		v.CallTerm++ // as Volunteer does: this term's call has closed
	}
	v.CallCloses = s.TermStart(o, v.CallTerm) - core.RevealMillis
	_, _, v.Volunteered = s.VolunteerOf(me, o.Name, v.CallTerm)
	v.RevealTerm = v.Term + 1
	v.RevealCloses = s.TermStart(o, v.RevealTerm)
	v.RevealOpens = v.RevealCloses - core.RevealMillis
	v.volunteer, _, v.VolunteeredNext = s.VolunteerOf(me, o.Name, v.RevealTerm)
	if next, ok := s.OfficeDraw(o.Name, v.RevealTerm); ok {
		v.Revealed = slices.ContainsFunc(next.Draw.Lots, func(l core.Lot) bool { return l.Member == me })
	}
	v.reveals = s.RevealsOf(o.Name, v.Term)
	v.election = v.Current.Election
	v.refs = s.MembershipRefs(me)
	return v
}

// whyNot asks core, by a dry run of the entry each action would sign,
// whether it would be accepted now; only for the actions the facts allow
// (the GUI words the facts itself: the call closed, not your reveal day…).
func (a *App) whyNot(v *OfficeStanding, key ed25519.PrivateKey) {
	o := v.Office
	if !o.Elected && !v.Volunteered {
		body := core.OfficeVolunteer{Office: o.Name, Term: v.CallTerm, Commit: core.Commitment(sortitionSecret(key, o.Name, v.CallTerm))}
		v.VolunteerWhyNot = a.dryRun(key, core.KindOfficeVolunteer, body, v.refs)
	}
	if v.VolunteeredNext && !v.Revealed {
		body := core.OfficeReveal{Volunteer: v.volunteer, Secret: sortitionSecret(key, o.Name, v.RevealTerm)}
		v.RevealWhyNot = a.dryRun(key, core.KindOfficeReveal, body, []ids.Hash{v.volunteer})
	}
	if v.Won && !v.Holding && v.Term > 0 {
		body := core.OfficeTake{Office: o.Name, Term: v.Term, Reveals: v.reveals}
		refs := append(slices.Clone(v.refs), v.reveals...)
		if o.Elected {
			body = core.OfficeTake{Office: o.Name, Term: v.Term, Election: &v.election}
			refs = append(slices.Clone(v.refs), v.election)
		}
		v.TakeWhyNot = a.dryRun(key, core.KindOfficeTake, body, capRefs(refs))
	}
}

// dryRun signs an entry as post would and asks the state whether it would
// be accepted, storing nothing: "" if it would, else why not in plain words.
func (a *App) dryRun(key ed25519.PrivateKey, kind string, body any, refs []ids.Hash) string {
	st, err := a.node()
	if err != nil {
		return Message(err)
	}
	b, err := entry.EncodeBody(body)
	if err != nil {
		return Message(err)
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	prev, err := st.HeadChain(me)
	if err != nil {
		return Message(err)
	}
	e := entry.Entry{Author: me, Seq: 1, Time: a.now(), Node: st.Node(), Kind: kind, Refs: refs, Body: b}
	if prev != nil {
		e.Seq, e.Prev, e.Time = prev.Seq+1, prev.ID, max(e.Time, prev.Time)
	}
	signed, err := entry.Sign(e, key)
	if err != nil {
		return Message(err)
	}
	st.View(func(s *core.State) { err = s.Validate(signed, prev) })
	if err != nil {
		return plainReject(err)
	}
	return ""
}
