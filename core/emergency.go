package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Emergency powers (DESIGN §2 "Emergency powers"). An emergency is declared
// either by the steward council (a treasury steward's emergency-declare,
// binding at once, void unless a vote ratifies it within the charter's
// ratify hours) or by vote (a propose of kind emergency carrying the terms,
// in force from its close if it passes). Its measures cut ration quotas
// (never below the rights floor), may refuse extras beyond the basket and
// pause travel; it lasts at most the charter's maximum and expires by
// itself. A renewal is a new emergency proposal whose threshold rises with
// each renewal (emergency_gov.go).
//
// What binds what. Every declaration, ratification and renewal is a LINK,
// a row of the emergencies table keyed by its entry id, made from the entry
// and the link it cites: its window [Start, End) and its measures. Core
// validation reads only links an entry CITES, and a cited link restricts
// only the citer: a redemption citing it has a smaller quota (and no
// extras), a point citing it refuses to countersign what it forbids. A
// link binds a citing entry dated t when t is in its window; a council
// declaration only until its ratify deadline (a ratification link carries
// it on). Whether a vote PASSED depends on ballots outside any entry's
// causal past, so core validation never asks: the global view
// (EmergencyCases: the tallies as of now) decides which links are in force,
// and honest devices and points cite exactly those (EmergencyRefs). The
// point's countersignature is where this is enforced; a link cited outside
// its window binds nothing, so no one can use an emergency past its expiry.

// EmergencyDeclare is a steward's declaration.
type EmergencyDeclare struct {
	Hours    int                   `cbor:"1,keyasint"`
	Measures []charter.ItemPercent `cbor:"2,keyasint,omitempty"` // empty: the charter's standing plan
	Reason   string                `cbor:"3,keyasint,omitempty"`
	NoExtras bool                  `cbor:"4,keyasint,omitempty"` // curtail consumption: no extras beyond the basket
	NoTravel bool                  `cbor:"5,keyasint,omitempty"` // pause travel (for the travel feature to honour)
}

// KindEmergencyDeclare names the kind.
const KindEmergencyDeclare = "emergency-declare"

// EmergencyDeclareKind defines the kind.
func EmergencyDeclareKind() Kind {
	return Define(KindEmergencyDeclare, validateEmergency, applyEmergency)
}

// Link origins.
const (
	OriginCouncil = "council" // an emergency-declare by a steward
	OriginVote    = "vote"    // an emergency proposal declaring afresh
	OriginRatify  = "ratify"  // an emergency proposal ratifying a council declaration
	OriginRenew   = "renew"   // an emergency proposal renewing a link
)

// EmergencyRow (key: the declaring entry's id) is one link of an emergency.
type EmergencyRow struct {
	Steward  ids.PubKey            `cbor:"1,keyasint" json:"author"` // who declared or proposed it
	Start    int64                 `cbor:"2,keyasint" json:"start"`  // ms
	End      int64                 `cbor:"3,keyasint" json:"end"`    // ms, exclusive
	Measures []charter.ItemPercent `cbor:"4,keyasint" json:"measures"`
	Reason   string                `cbor:"5,keyasint,omitempty" json:"reason,omitempty"`
	NoExtras bool                  `cbor:"6,keyasint,omitempty" json:"no_extras,omitempty"`
	NoTravel bool                  `cbor:"7,keyasint,omitempty" json:"no_travel,omitempty"`
	Origin   string                `cbor:"8,keyasint" json:"origin"`
	Parent   ids.Hash              `cbor:"9,keyasint,omitempty" json:"parent"` // ratified or renewed link (zero: a root)
	Renewal  int                   `cbor:"10,keyasint,omitempty" json:"renewal,omitempty"`
	RatifyBy int64                 `cbor:"11,keyasint,omitempty" json:"ratify_by,omitempty"` // council: binds alone until then
}

const hourMillis = 3600 * 1000

func (s *State) emergencyRules() *charter.EmergencyRules {
	if rs := s.Rations(); rs != nil {
		return rs.Emergency
	}
	return nil
}

var errNoEmergencies = errors.New("this node's charter sets no emergency rules")

func validateEmergency(s *State, c *Context, d *EmergencyDeclare) error {
	if s.emergencyRules() == nil {
		return errNoEmergencies
	}
	if !s.isSteward(c.E.Author) {
		return errors.New("only a treasury steward may declare an emergency")
	}
	if len(d.Reason) > MaxMemoLen {
		return fmt.Errorf("reason is %d bytes, the limit is %d", len(d.Reason), MaxMemoLen)
	}
	return s.checkEmergencyMeasures(d.Hours, d.Measures)
}

// checkEmergencyMeasures checks a duration and quota cuts against the charter.
func (s *State) checkEmergencyMeasures(hours int, m []charter.ItemPercent) error {
	er := s.emergencyRules()
	if hours < 1 || hours > er.MaxHours {
		return fmt.Errorf("an emergency lasts 1 to %d hours (the charter's maximum), not %d", er.MaxHours, hours)
	}
	return s.Rations().CheckPercents("measures", m)
}

func applyEmergency(s *State, c *Context, d *EmergencyDeclare) {
	er := s.emergencyRules()
	s.rations.emergencies.put(string(c.E.ID[:]), EmergencyRow{Steward: c.E.Author, Start: c.E.Time,
		End: c.E.Time + int64(d.Hours)*hourMillis, Measures: s.planOr(d.Measures), Reason: d.Reason,
		NoExtras: d.NoExtras, NoTravel: d.NoTravel, Origin: OriginCouncil,
		RatifyBy: c.E.Time + int64(er.Ratify())*hourMillis})
}

// planOr is m, or the charter's standing plan if m is empty.
func (s *State) planOr(m []charter.ItemPercent) []charter.ItemPercent {
	if len(m) == 0 {
		return s.emergencyRules().Reduced
	}
	return m
}

// Emergency returns a link by id.
func (s *State) Emergency(id ids.Hash) (EmergencyRow, bool) {
	return s.rations.emergencies.get(string(id[:]))
}

// EmergencyInForce reports whether link id binds an entry that cites it,
// dated t: t within [start, end), and for a council declaration before its
// ratify deadline (past it, only a ratification link binds). Whether the
// votes behind a link passed is the global view's question (EmergencyCases).
func (s *State) EmergencyInForce(id ids.Hash, t int64) (EmergencyRow, bool) {
	e, ok := s.Emergency(id)
	return e, ok && e.binds(t)
}

func (e EmergencyRow) binds(t int64) bool {
	end := e.End
	if e.Origin == OriginCouncil {
		end = min(end, e.RatifyBy)
	}
	return e.Start <= t && t < end
}

// Percent is the measure for item (100 if the emergency leaves it alone).
func (e EmergencyRow) Percent(item string) int {
	for _, m := range e.Measures {
		if m.Item == item {
			return m.Percent
		}
	}
	return 100
}

// quotaPercent is the item's quota in percent at time t under the
// emergencies among refs that are in force then: the most restrictive
// wins. It also returns those emergencies, sorted and distinct.
func (s *State) quotaPercent(refs []ids.Hash, item string, t int64) (int, []ids.Hash) {
	pct := 100
	var in []ids.Hash
	for _, r := range refs {
		if e, ok := s.EmergencyInForce(r, t); ok {
			pct = min(pct, e.Percent(item))
			in = append(in, r)
		}
	}
	slices.SortFunc(in, cmpHash)
	return pct, slices.Compact(in)
}

// extrasCurtailed returns a link among refs in force at t that refuses
// extras beyond the basket, if any.
func (s *State) extrasCurtailed(refs []ids.Hash, t int64) (ids.Hash, bool) {
	for _, r := range refs {
		if e, ok := s.EmergencyInForce(r, t); ok && e.NoExtras {
			return r, true
		}
	}
	return ids.Hash{}, false
}

func (s *State) curtails(refs []ids.Hash, t int64) bool {
	_, ok := s.extrasCurtailed(refs, t)
	return ok
}

// Emergency is a link as a query shows it.
type Emergency struct {
	ID ids.Hash `json:"id"`
	EmergencyRow
}

// Emergencies lists every link, by start.
func (s *State) Emergencies() []Emergency {
	var out []Emergency
	for k, e := range s.rations.emergencies.rows {
		out = append(out, Emergency{ID: ids.Hash([]byte(k)), EmergencyRow: e})
	}
	slices.SortFunc(out, func(a, b Emergency) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmpHash(a.ID, b.ID))
	})
	return out
}
