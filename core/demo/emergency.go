package demo

import (
	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// emergencies: on day 5 a steward declares a two-day dry spell, no longer
// than the ratify hours, so it runs its course and has expired by the end;
// six days before the end a steward declares a four-day gas leak whose
// ratification vote fails (or, on a node too small to vote, never comes):
// void after 48 hours; three days before the end a steward declares a
// five-day drought with extras refused, and the members ratify it: in
// force, ratified, on the demo's last day.
func (w *World) emergencies(day, days int) error {
	t := w.Charter.Treasury
	if t == nil || w.State.Rations().Emergency == nil {
		return nil
	}
	switch {
	case day == 5:
		_, err := w.declare(core.EmergencyDeclare{Hours: 48, Reason: "demo: a dry spell"})
		return err
	case day == days-6 && days >= 12:
		return w.declareAndRatify(core.EmergencyDeclare{Hours: 96, NoTravel: true, Reason: "demo: a gas leak"}, 30)
	case day == days-3 && days >= 9:
		return w.declareAndRatify(core.EmergencyDeclare{Hours: 120, NoExtras: true,
			Measures: []charter.ItemPercent{{Item: "water", Percent: 70}}, Reason: "demo: a drought"}, 85)
	}
	return nil
}

func (w *World) declare(d core.EmergencyDeclare) (ids.Hash, error) {
	e, err := w.Post(w.keyOf(w.Charter.Treasury.Stewards[0]), core.KindEmergencyDeclare, d, nil)
	if err != nil {
		return ids.Hash{}, err
	}
	return e.ID, nil
}

// declareAndRatify declares d and, on a node large enough to vote, puts its
// ratification to the vote with about yesPct % yes among 60 % turnout.
func (w *World) declareAndRatify(d core.EmergencyDeclare, yesPct int) error {
	id, err := w.declare(d)
	active := w.activeKeys()
	if err != nil || w.Charter.Governance == nil || len(active) < 13 {
		return err
	}
	return w.decide(active, core.Propose{Kind: charter.ProposalEmergency, Title: "Ratify " + d.Reason,
		Method: core.MethodYesNo, Emergency: &core.EmergencyTerms{Ratifies: &id}}, yesPct, 60, id)
}
