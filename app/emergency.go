package app

import (
	"fmt"
	"slices"
	"strings"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Emergencies: declaring one by the steward council (immediate, to be
// ratified) or by vote, ratifying, renewing, and what is in force now
// (core/emergency.go says what binds what). The app cites the links the
// global view puts in force, and the counter refuses what they forbid.

// EmergencyOrder is what a declaration or a renewal orders.
type EmergencyOrder struct {
	Hours    int
	Measures []charter.ItemPercent // empty: the charter's standing plan (a renewal: the current measures)
	NoExtras bool                  // refuse extras beyond the basket
	NoTravel bool                  // pause travel
	Reason   string
}

// EmergencyCaseView is an emergency as status and the banner show it.
type EmergencyCaseView struct {
	core.EmergencyCase
	LeftMillis       int64 // in force or awaiting ratification: until it expires by itself (0 once over)
	RatifyLeftMillis int64 // awaiting ratification: until it is void unless ratified
	NextThreshold    int   // the threshold (%) its next renewal would need
}

// ErrNoEmergencies means the charter sets no emergency rules.
var ErrNoEmergencies = &UserError{Msg: "this node's charter sets no emergency rules"}

// DeclareEmergency declares an emergency as a treasury steward: in force at
// once for o.Hours, void unless a vote ratifies it within the charter's
// ratify hours.
func (a *App) DeclareEmergency(o EmergencyOrder) (*entry.Signed, error) {
	return a.post(core.KindEmergencyDeclare, core.EmergencyDeclare{Hours: o.Hours, Measures: o.Measures, Reason: o.Reason,
		NoExtras: o.NoExtras, NoTravel: o.NoTravel}, func(*core.State, ids.PubKey) []ids.Hash { return nil })
}

// ProposeEmergency opens a vote declaring an emergency: if it passes, it is
// in force from the close for o.Hours.
func (a *App) ProposeEmergency(o EmergencyOrder) (*entry.Signed, error) {
	title := o.Reason
	if title == "" {
		title = fmt.Sprintf("Declare an emergency for %d hours", o.Hours)
	}
	return a.proposeEmergency(title, core.EmergencyTerms{Hours: o.Hours, Measures: o.Measures, NoExtras: o.NoExtras, NoTravel: o.NoTravel}, nil)
}

// RatifyEmergency opens the vote ratifying council declaration id.
func (a *App) RatifyEmergency(id ids.Hash) (*entry.Signed, error) {
	c, err := a.emergencyCase(id)
	if err != nil {
		return nil, err
	}
	if c.Origin != core.OriginCouncil || c.ID != id {
		return nil, &UserError{Msg: "only a steward council's declaration is ratified; this emergency was declared by vote"}
	}
	if c.State != core.EmergencyAwaiting {
		return nil, UserT("this declaration is {{.State}}: there is nothing to ratify", map[string]any{"State": c.State})
	}
	return a.proposeEmergency("Ratify the emergency: "+orDefault(c.Reason, id.Short()), core.EmergencyTerms{Ratifies: &id}, &id)
}

// RenewEmergency opens the vote renewing emergency id (any of its links)
// from where it ends, for o.Hours, with o's measures (none given: the
// current ones). It returns the threshold the vote needs.
func (a *App) RenewEmergency(id ids.Hash, o EmergencyOrder) (*entry.Signed, int, error) {
	c, err := a.emergencyCase(id)
	if err != nil {
		return nil, 0, err
	}
	switch {
	case c.State == core.EmergencyAwaiting:
		return nil, 0, &UserError{Msg: "a steward council's declaration is ratified before it is renewed: put its ratification to the vote"}
	case c.State != core.EmergencyActive:
		return nil, 0, UserT("this emergency is {{.State}}: declare a new one instead", map[string]any{"State": c.State})
	case len(c.Pending) > 0:
		return nil, 0, UserT("a vote on this emergency is open already ({{.Vote}}): vote on it rather than opening another",
			map[string]any{"Vote": c.Pending[0].Short()})
	}
	tail := c.Chain[len(c.Chain)-1]
	t := core.EmergencyTerms{Hours: o.Hours, Measures: o.Measures, NoExtras: o.NoExtras || tail.NoExtras,
		NoTravel: o.NoTravel || tail.NoTravel, Renews: &tail.ID, Renewal: tail.Renewal + 1}
	if len(t.Measures) == 0 {
		t.Measures = tail.Measures
	}
	title := fmt.Sprintf("Renew the emergency (renewal %d): %s", t.Renewal, orDefault(o.Reason, c.Reason))
	e, err := a.proposeEmergency(title, t, &tail.ID)
	return e, c.NextThreshold, err
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (a *App) proposeEmergency(title string, t core.EmergencyTerms, parent *ids.Hash) (*entry.Signed, error) {
	if err := a.needGovernance(); err != nil {
		return nil, err
	}
	p := core.Propose{Kind: charter.ProposalEmergency, Title: title, Method: core.MethodYesNo, Emergency: &t}
	return a.post(core.KindPropose, p, func(s *core.State, me ids.PubKey) []ids.Hash {
		r := s.MembershipRefs(me)
		if parent != nil {
			r = append(r, *parent)
		}
		return r
	})
}

// emergencyCase is the emergency holding link id, now.
func (a *App) emergencyCase(id ids.Hash) (EmergencyCaseView, error) {
	var v EmergencyCaseView
	err := a.emergencyView(func(s *core.State, now int64) error {
		c, ok := s.EmergencyCaseOf(id, now)
		if !ok {
			return &UserError{Msg: "there is no such emergency on this node (yet: it may not have synced)"}
		}
		v = caseView(s, c, now)
		return nil
	})
	return v, err
}

// EmergencyStatus lists every emergency, newest first: its state, measures,
// the time it has left and, awaiting ratification, the time left to ratify.
func (a *App) EmergencyStatus() ([]EmergencyCaseView, error) {
	var out []EmergencyCaseView
	err := a.emergencyView(func(s *core.State, now int64) error {
		for _, c := range s.EmergencyCases(now) {
			out = append(out, caseView(s, c, now))
		}
		return nil
	})
	slices.Reverse(out)
	return out, err
}

// EmergencyBanner is what the home screen's banner shows: the emergencies
// in force now (awaiting ratification included), with their time left.
func (a *App) EmergencyBanner() ([]EmergencyCaseView, error) {
	var out []EmergencyCaseView
	err := a.emergencyView(func(s *core.State, now int64) error {
		out = inForce(s, now)
		return nil
	})
	if err == ErrNoEmergencies {
		return nil, nil // no banner on a node without emergencies
	}
	return out, err
}

// FindEmergency resolves a full or shortened (at least 4 hex digits) id of
// an emergency or one of its links.
func (a *App) FindEmergency(prefix string) (ids.Hash, error) {
	if id, err := ids.ParseHash(prefix); err == nil {
		return id, nil
	}
	var found []ids.Hash
	err := a.emergencyView(func(s *core.State, _ int64) error {
		for _, e := range s.Emergencies() {
			if strings.HasPrefix(e.ID.String(), strings.ToLower(prefix)) {
				found = append(found, e.ID)
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return ids.Hash{}, err
	case len(prefix) < 4 || len(found) == 0:
		return ids.Hash{}, &UserError{Msg: fmt.Sprintf("no emergency starts with %q ('dac emergency status' lists them)", prefix)}
	case len(found) > 1:
		return ids.Hash{}, &UserError{Msg: fmt.Sprintf("%d emergencies start with %q: give more of the id", len(found), prefix)}
	}
	return found[0], nil
}

func inForce(s *core.State, now int64) []EmergencyCaseView {
	var out []EmergencyCaseView
	for _, c := range s.EmergencyCases(now) {
		if c.InForce() {
			out = append(out, caseView(s, c, now))
		}
	}
	return out
}

func caseView(s *core.State, c core.EmergencyCase, now int64) EmergencyCaseView {
	v := EmergencyCaseView{EmergencyCase: c}
	if c.InForce() {
		v.LeftMillis = max(c.Ends-now, 0)
	}
	if c.State == core.EmergencyAwaiting {
		v.RatifyLeftMillis = max(c.RatifyBy-now, 0)
	}
	v.NextThreshold = s.NextRenewalThreshold(c, now)
	return v
}

// emergencyView runs fn on the state of a node whose charter sets emergency rules.
func (a *App) emergencyView(fn func(s *core.State, now int64) error) error {
	st, err := a.node()
	if err != nil {
		return err
	}
	err = ErrNoEmergencies
	now := a.now()
	st.View(func(s *core.State) {
		if rs := s.Rations(); rs == nil || rs.Emergency == nil {
			return
		}
		err = fn(s, now)
	})
	return err
}
