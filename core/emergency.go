package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Emergency quotas (the rations half of DESIGN §2 "Emergency powers"): a
// treasury steward declares an emergency with immediate effect; its
// measures cut ration quotas to a percentage of the normal one (never
// below the charter's rights floor) for at most the charter's maximum
// duration, and it expires by itself: it is in force only for entries
// dated in [start, start+duration), start being the declaration's own time.
//
// Validation stays a pure function of the causal past: a redemption is
// bound by the declarations it references (honest devices cite every one
// they know), and the point refuses to countersign a redemption that the
// declarations it knows of forbid (see honoursKnownEmergencies). Ratification
// by vote and renewals come with governance: EmergencyInForce is the one
// place that decides whether a declaration binds an entry, so voiding an
// unratified declaration belongs there.

// EmergencyDeclare is a steward's declaration.
type EmergencyDeclare struct {
	Hours    int                   `cbor:"1,keyasint"`
	Measures []charter.ItemPercent `cbor:"2,keyasint,omitempty"` // empty: the charter's standing plan
	Reason   string                `cbor:"3,keyasint,omitempty"`
}

// KindEmergencyDeclare names the kind.
const KindEmergencyDeclare = "emergency-declare"

// EmergencyDeclareKind defines the kind.
func EmergencyDeclareKind() Kind {
	return Define(KindEmergencyDeclare, validateEmergency, applyEmergency)
}

// EmergencyRow (key: declaration id) is a declared emergency.
type EmergencyRow struct {
	Steward  ids.PubKey            `cbor:"1,keyasint"`
	Start    int64                 `cbor:"2,keyasint"` // ms, the declaration's time
	End      int64                 `cbor:"3,keyasint"` // ms, exclusive
	Measures []charter.ItemPercent `cbor:"4,keyasint"` // as in force (the plan resolved)
	Reason   string                `cbor:"5,keyasint,omitempty"`
}

const hourMillis = 3600 * 1000

func validateEmergency(s *State, c *Context, d *EmergencyDeclare) error {
	rs := s.Rations()
	switch {
	case rs == nil || rs.Emergency == nil:
		return errors.New("this node's charter sets no emergency quotas")
	case !s.isSteward(c.E.Author):
		return errors.New("only a treasury steward may declare an emergency")
	case d.Hours < 1 || d.Hours > rs.Emergency.MaxHours:
		return fmt.Errorf("an emergency lasts 1 to %d hours (the charter's maximum), not %d", rs.Emergency.MaxHours, d.Hours)
	case len(d.Reason) > MaxMemoLen:
		return fmt.Errorf("reason is %d bytes, the limit is %d", len(d.Reason), MaxMemoLen)
	}
	return rs.CheckPercents("measures", d.Measures)
}

func applyEmergency(s *State, c *Context, d *EmergencyDeclare) {
	m := d.Measures
	if len(m) == 0 {
		m = s.Rations().Emergency.Reduced
	}
	s.rations.emergencies.put(string(c.E.ID[:]), EmergencyRow{Steward: c.E.Author, Start: c.E.Time,
		End: c.E.Time + int64(d.Hours)*hourMillis, Measures: m, Reason: d.Reason})
}

// EmergencyInForce reports whether declaration id binds an entry dated t:
// declared, and t within [start, end). This is the seam for governance:
// ratification (an unratified declaration void after the charter's hours)
// and renewals will be decided here.
func (s *State) EmergencyInForce(id ids.Hash, t int64) (EmergencyRow, bool) {
	e, ok := s.rations.emergencies.get(string(id[:]))
	return e, ok && e.Start <= t && t < e.End
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

// Emergency is a declaration as a query shows it.
type Emergency struct {
	ID ids.Hash
	EmergencyRow
}

// EmergenciesInForce lists the declarations in force at t, by start.
func (s *State) EmergenciesInForce(t int64) []Emergency {
	return slices.DeleteFunc(s.Emergencies(), func(e Emergency) bool {
		_, in := s.EmergencyInForce(e.ID, t)
		return !in
	})
}

// Emergencies lists every declaration, by start.
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
