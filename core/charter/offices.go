package charter

import (
	"fmt"
	"slices"
)

// Office is an office of the node, filled by sortition from willing members
// (or by election, if Elected)
// for terms of TermDays counted from the genesis (term k starts at genesis +
// k × TermDays). No one holds it for more than MaxTerms consecutive terms,
// and after such a run they wait CooldownTerms terms. Offices of different
// branches are separated: no one holds two of them in overlapping terms.
type Office struct {
	Name          string `cbor:"1,keyasint" json:"name"`
	Branch        string `cbor:"2,keyasint" json:"branch"`
	Seats         int    `cbor:"3,keyasint" json:"seats"`
	TermDays      int    `cbor:"4,keyasint" json:"term_days"`
	MaxTerms      int    `cbor:"5,keyasint" json:"max_terms"`
	CooldownTerms int    `cbor:"6,keyasint" json:"cooldown_terms"`
	// Elected offices are filled by an election proposal for each term
	// instead of by sortition.
	Elected bool `cbor:"7,keyasint,omitempty" json:"elected,omitempty"`
	// Powers are what the holders may do for the node once the office's
	// first term has begun (before that, the key the charter names does it):
	// PowerAdmit, the registrar's admissions. At most one office holds a power.
	Powers []string `cbor:"8,keyasint,omitempty" json:"powers,omitempty"`
}

// The powers an office can hold. (The treasury's is not one: its k-of-n
// signatures are safe against two competing acts only while every two
// signing majorities share a steward, which rotating groups do not; see
// docs/ARCHITECTURE.md, Office powers.)
const (
	PowerAdmit = "admit" // admit members (the registrar's power)
)

// Powers lists the known powers.
var Powers = []string{PowerAdmit}

// OfficeWithPower finds the office that holds a power (ok false: the keys
// the charter names hold it).
func (g *Governance) OfficeWithPower(power string) (Office, bool) {
	if g == nil {
		return Office{}, false
	}
	for _, o := range g.Offices {
		if slices.Contains(o.Powers, power) {
			return o, true
		}
	}
	return Office{}, false
}

// Limits of offices.
const (
	MaxOffices  = 16
	MaxSeats    = 32
	MaxTermDays = 3650
)

// OfficeNamed finds an office.
func (g *Governance) OfficeNamed(name string) (Office, bool) {
	for _, o := range g.Offices {
		if o.Name == name {
			return o, true
		}
	}
	return Office{}, false
}

// TermMillis is one term's length.
func (o Office) TermMillis() int64 { return int64(o.TermDays) * 24 * 3600 * 1000 }

func validateOffices(os []Office) error {
	if len(os) > MaxOffices {
		return fmt.Errorf("governance.offices: at most %d", MaxOffices)
	}
	var names []string
	for _, o := range os {
		switch {
		case o.Name == "" || len(o.Name) > 40 || slices.Contains(names, o.Name):
			return fmt.Errorf("governance.offices: names are 1 to 40 characters and distinct (%q)", o.Name)
		case o.Branch == "" || len(o.Branch) > 40:
			return fmt.Errorf("governance.offices[%s].branch is 1 to 40 characters", o.Name)
		case o.Seats < 1 || o.Seats > MaxSeats:
			return fmt.Errorf("governance.offices[%s].seats must be 1 to %d", o.Name, MaxSeats)
		case o.TermDays < 2 || o.TermDays > MaxTermDays:
			return fmt.Errorf("governance.offices[%s].term_days must be 2 to %d", o.Name, MaxTermDays)
		case o.MaxTerms < 1 || o.MaxTerms > 100:
			return fmt.Errorf("governance.offices[%s].max_terms must be 1 to 100", o.Name)
		case o.CooldownTerms < 1 || o.CooldownTerms > 100:
			return fmt.Errorf("governance.offices[%s].cooldown_terms must be 1 to 100", o.Name)
		}
		if err := validatePowers(o, os); err != nil {
			return err
		}
		names = append(names, o.Name)
	}
	return nil
}

// validatePowers: known powers, each held by one office at most.
func validatePowers(o Office, os []Office) error {
	seen := map[string]bool{}
	for _, p := range o.Powers {
		switch {
		case !slices.Contains(Powers, p):
			return fmt.Errorf("governance.offices[%s].powers: unknown power %q (powers: %v)", o.Name, p, Powers)
		case seen[p]:
			return fmt.Errorf("governance.offices[%s].powers: %q twice", o.Name, p)
		}
		seen[p] = true
		for _, other := range os {
			if other.Name != o.Name && slices.Contains(other.Powers, p) {
				return fmt.Errorf("governance.offices: %s and %s both hold the power %q", o.Name, other.Name, p)
			}
		}
	}
	return nil
}
