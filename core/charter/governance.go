package charter

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Proposal kinds: what a proposal decides. Each has its own rule in the
// charter's governance section.
const (
	ProposalAmendment = "amendment" // a change to the charter (two readings, supermajority)
	ProposalBudget    = "budget"    // participatory budgeting over the treasury
	ProposalPolicy    = "policy"
	ProposalElection  = "election" // an office election
	ProposalEmergency = "emergency"
	ProposalSanction  = "sanction"
)

// ProposalKinds lists every proposal kind, in a fixed order.
var ProposalKinds = []string{ProposalAmendment, ProposalBudget, ProposalPolicy, ProposalElection, ProposalEmergency, ProposalSanction}

// Governance sets how the node decides (in the genesis its CBOR keys are
// small integers: the charter travels in every offline payment bundle, which
// must fit a QR code): per proposal kind a quorum, a
// threshold and a voting window; the amendment procedure; and the clauses
// no vote can change.
type Governance struct {
	Rules     []ProposalRule `cbor:"1,keyasint" json:"rules"`
	Amendment Amendment      `cbor:"2,keyasint" json:"amendment"`
	// Entrenched lists charter paths (dotted JSON names, e.g.
	// "money.dividend") that no amendment may touch: an amendment naming a
	// path equal to one of them, inside one, or containing one is invalid.
	Entrenched []string `cbor:"3,keyasint" json:"entrenched"`
	// Offices are filled by sortition, with term limits and separated
	// branches (offices.go). Optional.
	Offices []Office `cbor:"4,keyasint,omitempty" json:"offices,omitempty"`
}

// ProposalRule is the decision rule of one proposal kind.
//
// Quorum: at least QuorumPct % of the members in good standing at the close
// take part, directly or through a delegate (abstaining counts):
// participants × 100 ≥ QuorumPct × members. Threshold: the winning side must
// have MORE than ThresholdPct % of the decisive weight (what that means per
// method is in core/gov_tally.go): yes × 100 > ThresholdPct × (yes + no).
type ProposalRule struct {
	Kind         string `cbor:"1,keyasint" json:"kind"`
	QuorumPct    int    `cbor:"2,keyasint" json:"quorum_pct"`
	ThresholdPct int    `cbor:"3,keyasint" json:"threshold_pct"`
	WindowHours  int    `cbor:"4,keyasint" json:"window_hours"`
}

// Amendment is the constitutional procedure: two readings, the second
// dated at least ReadingGapDays after the first closed; the amendment
// rule's threshold must be a supermajority (at least MinSupermajority).
type Amendment struct {
	ReadingGapDays int `cbor:"1,keyasint" json:"reading_gap_days"`
}

// Limits of the governance section.
const (
	MinSupermajority = 60
	MaxWindowHours   = 60 * 24
	MaxReadingGap    = 365
	MaxEntrenched    = 64
	MaxPathLen       = 80
)

// SelfEntrenched must be in every entrenched list: otherwise one amendment
// could drop a clause from the list and the next amend it.
const SelfEntrenched = "governance.entrenched"

// RuleFor finds the rule of a proposal kind.
func (g *Governance) RuleFor(kind string) (ProposalRule, bool) {
	for _, r := range g.Rules {
		if r.Kind == kind {
			return r, true
		}
	}
	return ProposalRule{}, false
}

// ReadingGapMillis is the least time between the close of a first reading
// and its second reading.
func (g *Governance) ReadingGapMillis() int64 {
	return int64(g.Amendment.ReadingGapDays) * 24 * 3600 * 1000
}

// Validate checks the rules, the procedure and the entrenched list.
func (g *Governance) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range g.Rules {
		if seen[r.Kind] {
			errs = append(errs, fmt.Errorf("governance.rules: %q twice", r.Kind))
		}
		seen[r.Kind] = true
		errs = append(errs, r.validate())
	}
	if !seen[ProposalAmendment] {
		errs = append(errs, errors.New("governance.rules: the amendment rule is missing"))
	}
	if a := g.Amendment.ReadingGapDays; a < 1 || a > MaxReadingGap {
		errs = append(errs, fmt.Errorf("governance.amendment.reading_gap_days must be 1 to %d, got %d", MaxReadingGap, a))
	}
	return errors.Join(append(errs, g.validateEntrenched(), validateOffices(g.Offices))...)
}

func (r ProposalRule) validate() error {
	switch {
	case !slices.Contains(ProposalKinds, r.Kind):
		return fmt.Errorf("governance.rules: unknown kind %q (kinds: %s)", r.Kind, strings.Join(ProposalKinds, ", "))
	case r.QuorumPct < 0 || r.QuorumPct > 100:
		return fmt.Errorf("governance.rules[%s].quorum_pct must be 0 to 100, got %d", r.Kind, r.QuorumPct)
	case r.ThresholdPct < 0 || r.ThresholdPct > 99:
		return fmt.Errorf("governance.rules[%s].threshold_pct must be 0 to 99, got %d", r.Kind, r.ThresholdPct)
	case r.Kind == ProposalAmendment && r.ThresholdPct < MinSupermajority:
		return fmt.Errorf("governance.rules[amendment].threshold_pct must be a supermajority (at least %d), got %d", MinSupermajority, r.ThresholdPct)
	case r.WindowHours < 1 || r.WindowHours > MaxWindowHours:
		return fmt.Errorf("governance.rules[%s].window_hours must be 1 to %d, got %d", r.Kind, MaxWindowHours, r.WindowHours)
	}
	return nil
}

func (g *Governance) validateEntrenched() error {
	if len(g.Entrenched) > MaxEntrenched {
		return fmt.Errorf("governance.entrenched: at most %d paths", MaxEntrenched)
	}
	for _, p := range g.Entrenched {
		if err := CheckPath(strings.ReplaceAll(p, "*", "any")); err != nil || strings.HasPrefix(p, "*") {
			return fmt.Errorf("governance.entrenched: %q is not a charter path like money.dividend or rations.basket.*.floor", p)
		}
	}
	if !slices.Contains(g.Entrenched, SelfEntrenched) {
		return fmt.Errorf("governance.entrenched must contain %q itself", SelfEntrenched)
	}
	return nil
}

// CheckPath checks a charter path: dot-separated names of lowercase
// letters, digits and underscores ("money.tiers", "rations.basket").
func CheckPath(p string) error {
	if p == "" || len(p) > MaxPathLen {
		return fmt.Errorf("a charter path is 1 to %d characters, got %q", MaxPathLen, p)
	}
	for _, seg := range strings.Split(p, ".") {
		if seg == "" || strings.Trim(seg, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return fmt.Errorf("%q is not a charter path like money.dividend", p)
		}
	}
	return nil
}

// EntrenchedBy returns the entrenched clause that path touches, if any: the
// same path, a path inside it, or a path containing it (amending "money"
// as a whole would amend "money.dividend"). A "*" segment of an entrenched
// path stands for any one name or list index: "rations.basket.*.floor"
// entrenches the floor of every basket item, and so the basket as a whole.
func (g *Governance) EntrenchedBy(path string) (string, bool) {
	ps := strings.Split(path, ".")
	for _, e := range g.Entrenched {
		es := strings.Split(e, ".")
		n := min(len(ps), len(es))
		match := true
		for i := range n {
			if es[i] != "*" && es[i] != ps[i] {
				match = false
				break
			}
		}
		if match {
			return e, true
		}
	}
	return "", false
}
