package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Emergencies decided by vote: a propose of kind emergency carries
// EmergencyTerms. Declaring afresh (no Ratifies, no Renews): in force from
// the close for Hours, if it passes. Ratifying (Ratifies: a council
// declaration, referenced): the vote must close by the declaration's ratify
// deadline and adopts it as it stands. Renewing (Renews: a vote's link —
// a fresh declaration, a ratification or a renewal —, referenced): the vote
// must close before that link ends; the renewal runs from that end for
// Hours; it is renewal n = the renewed link's n + 1 and its threshold is the
// emergency rule's plus n × the charter's step, capped below 100 %
// (EmergencyRules.RenewThreshold), which the tally applies. Of several
// passed renewals of one link, the earliest opened (ties: smaller id)
// counts; the others are superseded, so parallel renewals cannot dodge the
// rising threshold.

// EmergencyTerms are what an emergency proposal decides.
type EmergencyTerms struct {
	Hours    int                   `cbor:"1,keyasint,omitempty" json:"hours,omitempty"`
	Measures []charter.ItemPercent `cbor:"2,keyasint,omitempty" json:"measures,omitempty"` // empty: the standing plan
	NoExtras bool                  `cbor:"3,keyasint,omitempty" json:"no_extras,omitempty"`
	NoTravel bool                  `cbor:"4,keyasint,omitempty" json:"no_travel,omitempty"`
	Ratifies *ids.Hash             `cbor:"5,keyasint,omitempty" json:"ratifies,omitempty"`
	Renews   *ids.Hash             `cbor:"6,keyasint,omitempty" json:"renews,omitempty"`
	Renewal  int                   `cbor:"7,keyasint,omitempty" json:"renewal,omitempty"` // which renewal this is (1, 2, …)
}

// checkEmergencyTerms checks a proposal's emergency terms (validateProposal).
func (s *State) checkEmergencyTerms(c *Context, p *Propose) error {
	t := p.Emergency
	if p.Kind != charter.ProposalEmergency {
		if t != nil {
			return errors.New("only emergency proposals carry emergency terms")
		}
		return nil
	}
	switch {
	case t == nil:
		return errors.New("an emergency proposal carries its terms: the duration and the measures")
	case s.emergencyRules() == nil:
		return errNoEmergencies
	case p.Method != MethodYesNo:
		return errors.New("an emergency is voted yes or no")
	case t.Ratifies != nil && t.Renews != nil:
		return errors.New("a proposal ratifies or renews an emergency, not both")
	}
	rule, _ := s.governance().RuleFor(p.Kind)
	closes := c.E.Time + int64(rule.WindowHours)*hourMillis
	switch {
	case t.Ratifies != nil:
		return s.checkRatify(c, t, closes)
	case t.Renews != nil:
		return s.checkRenew(c, t, closes)
	case t.Renewal != 0:
		return errors.New("only a renewal has a renewal number")
	}
	return s.checkEmergencyMeasures(t.Hours, t.Measures)
}

func (s *State) checkRatify(c *Context, t *EmergencyTerms, closes int64) error {
	d, ok := s.Emergency(*t.Ratifies)
	switch {
	case !ok || !slices.Contains(c.E.Refs, *t.Ratifies):
		return errors.New("a ratification must reference the declaration it ratifies")
	case d.Origin != OriginCouncil:
		return errors.New("only a steward council's declaration is ratified")
	case t.Hours != 0 || len(t.Measures) > 0 || t.NoExtras || t.NoTravel || t.Renewal != 0:
		return errors.New("a ratification adopts the declaration as it stands: it has no terms of its own")
	case closes > d.RatifyBy:
		return fmt.Errorf("too late to ratify: the vote would close %s after the declaration's ratify deadline", hoursText(closes-d.RatifyBy))
	}
	return nil
}

func (s *State) checkRenew(c *Context, t *EmergencyTerms, closes int64) error {
	x, ok := s.Emergency(*t.Renews)
	switch {
	case !ok || !slices.Contains(c.E.Refs, *t.Renews):
		return errors.New("a renewal must reference the emergency it renews")
	case x.Origin == OriginCouncil:
		return errors.New("a council declaration is ratified, not renewed: renew its ratification")
	case t.Renewal != x.Renewal+1:
		return fmt.Errorf("this is renewal %d of the emergency, not %d", x.Renewal+1, t.Renewal)
	case closes > x.End:
		return fmt.Errorf("too late to renew: the vote would close %s after the emergency ends", hoursText(closes-x.End))
	}
	return s.checkEmergencyMeasures(t.Hours, t.Measures)
}

func hoursText(ms int64) string { return fmt.Sprintf("%.1f h", float64(ms)/hourMillis) }

// applyEmergencyProposal adds the link an emergency proposal makes.
func (s *State) applyEmergencyProposal(c *Context, p *Propose) {
	t := p.Emergency
	if t == nil {
		return
	}
	rule, _ := s.governance().RuleFor(p.Kind)
	closes := c.E.Time + int64(rule.WindowHours)*hourMillis
	row := EmergencyRow{Steward: c.E.Author, Start: closes, End: closes + int64(t.Hours)*hourMillis,
		Measures: s.planOr(t.Measures), Reason: p.Title, NoExtras: t.NoExtras, NoTravel: t.NoTravel, Origin: OriginVote}
	switch {
	case t.Ratifies != nil:
		d, _ := s.Emergency(*t.Ratifies)
		row = EmergencyRow{Steward: c.E.Author, Start: d.Start, End: d.End, Measures: d.Measures, Reason: p.Title,
			NoExtras: d.NoExtras, NoTravel: d.NoTravel, Origin: OriginRatify, Parent: *t.Ratifies}
	case t.Renews != nil:
		x, _ := s.Emergency(*t.Renews)
		row.Origin, row.Parent, row.Renewal = OriginRenew, *t.Renews, t.Renewal
		row.Start, row.End = x.End, x.End+int64(t.Hours)*hourMillis
	}
	s.rations.emergencies.put(string(c.E.ID[:]), row)
}

// emergencyThreshold is a proposal's threshold: the rule's, raised for the
// n-th renewal of an emergency.
func (s *State) emergencyThreshold(p *ProposalRow, base int) int {
	er := s.emergencyRules()
	if p.Emergency == nil || p.Emergency.Renewal == 0 || er == nil {
		return base
	}
	return er.RenewThreshold(base, p.Emergency.Renewal)
}

// NextRenewalThreshold is the threshold (%) the next renewal of c, opened
// at t, would need (0 if the charter has no emergency rule): the rule in
// force then (an adopted amendment may have changed it), raised.
func (s *State) NextRenewalThreshold(c EmergencyCase, t int64) int {
	g, er := s.governance(), s.emergencyRules()
	if g == nil || er == nil {
		return 0
	}
	at, _ := s.amendmentPass(t)
	rule, ok := at(t).Governance.RuleFor(charter.ProposalEmergency)
	if !ok {
		return 0
	}
	n := 1
	if len(c.Chain) > 0 {
		n = c.Chain[len(c.Chain)-1].Renewal + 1
	}
	return er.RenewThreshold(rule.ThresholdPct, n)
}
