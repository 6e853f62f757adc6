// Package charter holds a node's constitution as data: the parameters every
// rule of the node reads. A charter is fixed in the node's genesis entry; later
// issues add sections (money, housing, rations, governance) as optional
// fields, so an older charter stays valid and a newer one carries its Version.
//
// A charter travels in two encodings: deterministic CBOR inside the signed
// genesis, and JSON (hex keys, snake_case names) in files people edit, such as
// assets/charter/sample.json.
package charter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"dac/core/ids"
	"dac/core/money"
)

// Version is the newest charter format this program understands.
const Version = 1

// Charter is a node's constitution.
type Charter struct {
	Version    int        `cbor:"version" json:"version"`
	Name       string     `cbor:"name" json:"name"`
	Membership Membership `cbor:"membership" json:"membership"`
	// Money holds the currency's parameters (daily dividend, progressive
	// demurrage, balance cap), all amounts in micro-units. Optional until
	// the money entry kinds land; a node without it has no currency yet.
	Money *money.Rules `cbor:"money,omitempty" json:"money,omitempty"`
	// Treasury names the stewards who hold the node treasury together and
	// how many of them must sign each of its acts. Optional.
	Treasury *Treasury `cbor:"treasury,omitempty" json:"treasury,omitempty"`
	// Contribution sets what the treasury pays for attested work. Optional.
	Contribution *Contribution `cbor:"contribution,omitempty" json:"contribution,omitempty"`
	// Rations sets the basket, the distribution points and the emergency
	// quotas (see rations.go). Optional.
	Rations *Rations `cbor:"rations,omitempty" json:"rations,omitempty"`
	// Governance sets quorums, thresholds and windows per proposal kind,
	// the amendment procedure and the entrenched clauses. Optional.
	Governance *Governance `cbor:"governance,omitempty" json:"governance,omitempty"`
	// Housing is the housing office and its rules (see housing.go). Optional.
	Housing *Housing `cbor:"housing,omitempty" json:"housing,omitempty"`
	// Sanctions sets the graduated sanctions' ladder and juries (sanctions.go). Optional.
	Sanctions *Sanctions `cbor:"sanctions,omitempty" json:"sanctions,omitempty"`
	// Hubs are the network addresses of the node's hubs, each a full
	// multiaddr ending in /p2p/<peer id> (several addresses of one hub
	// separated by spaces). Devices dial them whenever they are online.
	// Optional: a node may live on neighbours and bundles alone.
	Hubs []string `cbor:"hubs,omitempty" json:"hubs,omitempty"`
}

// MaxHubs bounds the hub list; MaxHubLen one hub's addresses.
const (
	MaxHubs   = 16
	MaxHubLen = 1024
)

func validateHubs(hs []string) error {
	if len(hs) > MaxHubs {
		return fmt.Errorf("hubs: at most %d, got %d", MaxHubs, len(hs))
	}
	for _, h := range hs {
		if !strings.HasPrefix(h, "/") || len(h) > MaxHubLen || !strings.Contains(h, "/p2p/") {
			return fmt.Errorf("hubs: %.60q is not an address like /ip4/10.0.0.1/tcp/4001/p2p/12D3KooW…", h)
		}
	}
	return nil
}

// Contribution is paid work: each role has an hourly rate and the
// coordinators who attest it; no member earns more than MonthlyCeiling in a
// month (working more earns more; accumulating is stopped by the cap).
type Contribution struct {
	Roles          []Role `cbor:"roles" json:"roles"`
	MonthlyCeiling int64  `cbor:"monthly_ceiling" json:"monthly_ceiling"` // µ per member and 30-day month
}

// Role is one kind of paid work.
type Role struct {
	Name         string       `cbor:"name" json:"name"`
	PerHour      int64        `cbor:"per_hour" json:"per_hour"` // µ
	Coordinators []ids.PubKey `cbor:"coordinators" json:"coordinators"`
}

// RoleNamed finds a role.
func (c *Contribution) RoleNamed(name string) (Role, bool) {
	for _, r := range c.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

// Validate checks the roles and the ceiling.
func (c *Contribution) Validate() error {
	if len(c.Roles) == 0 || len(c.Roles) > 64 {
		return fmt.Errorf("contribution.roles: 1 to 64, got %d", len(c.Roles))
	}
	seen := map[string]bool{}
	for _, r := range c.Roles {
		switch {
		case r.Name == "" || len(r.Name) > 40 || seen[r.Name]:
			return fmt.Errorf("contribution.roles: names must be 1 to 40 characters and distinct (%q)", r.Name)
		case r.PerHour <= 0 || r.PerHour > 1<<40:
			return fmt.Errorf("contribution.roles[%s].per_hour must be positive", r.Name)
		case len(r.Coordinators) == 0 || len(r.Coordinators) > 16:
			return fmt.Errorf("contribution.roles[%s]: 1 to 16 coordinators", r.Name)
		}
		seen[r.Name] = true
	}
	if c.MonthlyCeiling <= 0 || c.MonthlyCeiling > 1<<50 {
		return fmt.Errorf("contribution.monthly_ceiling must be positive")
	}
	return nil
}

// Treasury is the k-of-n stewardship of the node treasury.
type Treasury struct {
	Stewards  []ids.PubKey `cbor:"stewards" json:"stewards"`
	Threshold int          `cbor:"threshold" json:"threshold"`
}

// placeholderSteward is a valid ed25519 point (the base point's encoding)
// used only to validate a charter file whose stewards the founder fills in.
var placeholderSteward = ids.PubKey{0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66}

// MaxStewards bounds the steward council.
const MaxStewards = 16

// Validate checks the stewardship. The threshold must be a strict majority:
// then two acts competing for one place in the treasury's chain cannot both
// gather k signatures unless a steward signs both, which is provable.
func (t *Treasury) Validate() error {
	n := len(t.Stewards)
	if n == 0 || n > MaxStewards {
		return fmt.Errorf("treasury.stewards: 1 to %d, got %d", MaxStewards, n)
	}
	seen := map[ids.PubKey]bool{}
	for _, s := range t.Stewards {
		if seen[s] {
			return fmt.Errorf("treasury.stewards: %s twice", s.Short())
		}
		seen[s] = true
		if err := s.CheckMemberKey(); err != nil {
			return fmt.Errorf("treasury.stewards: %v", err)
		}
	}
	if t.Threshold <= n/2 || t.Threshold > n {
		return fmt.Errorf("treasury.threshold must be a strict majority of the %d stewards (%d to %d), got %d", n, n/2+1, n, t.Threshold)
	}
	return nil
}

// Membership sets how people join and leave.
type Membership struct {
	// Registrar is the key of the registrar office, which admits members.
	// In a charter file it may be left out: the node's founder then holds it.
	Registrar ids.PubKey `cbor:"registrar" json:"registrar"`
	// VouchesRequired is k: how many members must vouch, in person, for an
	// applicant before the registrar may admit them.
	VouchesRequired int `cbor:"vouches_required" json:"vouches_required"`
	// VouchTTLDays is how long a vouch stays usable.
	VouchTTLDays int `cbor:"vouch_ttl_days" json:"vouch_ttl_days"`
}

// Limits on membership parameters. A vouch must expire within ten years and k
// must be small enough that a node of a few dozen people can still admit.
const (
	MaxVouches  = 16
	MaxVouchTTL = 3650
	MaxNameLen  = 80
)

// VouchTTLMillis is the vouch lifetime in milliseconds.
func (m Membership) VouchTTLMillis() int64 { return int64(m.VouchTTLDays) * 24 * 3600 * 1000 }

// Validate checks a complete charter (registrar filled in).
func (c *Charter) Validate() error {
	var errs []error
	if c.Version < 1 || c.Version > Version {
		errs = append(errs, fmt.Errorf("version %d: this program understands versions 1 to %d", c.Version, Version))
	}
	if c.Name == "" || len(c.Name) > MaxNameLen {
		errs = append(errs, fmt.Errorf("name must be 1 to %d characters", MaxNameLen))
	}
	m := c.Membership
	if m.Registrar.IsZero() {
		errs = append(errs, errors.New("membership.registrar is missing"))
	}
	if m.VouchesRequired < 1 || m.VouchesRequired > MaxVouches {
		errs = append(errs, fmt.Errorf("membership.vouches_required must be 1 to %d, got %d", MaxVouches, m.VouchesRequired))
	}
	if m.VouchTTLDays < 1 || m.VouchTTLDays > MaxVouchTTL {
		errs = append(errs, fmt.Errorf("membership.vouch_ttl_days must be 1 to %d, got %d", MaxVouchTTL, m.VouchTTLDays))
	}
	errs = append(errs, validateHubs(c.Hubs))
	if c.Money != nil {
		errs = append(errs, c.Money.Validate())
	}
	if c.Contribution != nil {
		errs = append(errs, c.Contribution.Validate())
		if c.Treasury == nil {
			errs = append(errs, errors.New("contribution: paid work needs a treasury"))
		}
	}
	errs = append(errs, c.validateRations())
	errs = append(errs, c.validateSanctions())
	if c.Governance != nil {
		errs = append(errs, c.Governance.Validate())
	}
	if c.Housing != nil {
		errs = append(errs, c.Housing.Validate())
	}
	if c.Treasury != nil {
		errs = append(errs, c.Treasury.Validate())
		if c.Money == nil {
			errs = append(errs, errors.New("treasury: a treasury needs a money section"))
		}
	}
	return errors.Join(errs...)
}

// ParseJSON reads a charter file. Unknown fields are an error (a typo must not
// silently leave a rule at its zero value). A missing registrar is left zero
// for the caller to fill in; everything else is validated.
func ParseJSON(data []byte) (Charter, error) {
	var c Charter
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		return Charter{}, fmt.Errorf("charter file: %w", err)
	}
	check := c
	if check.Membership.Registrar.IsZero() {
		check.Membership.Registrar = ids.PubKey{1} // placeholder for validation only
	}
	if c.Treasury != nil && len(c.Treasury.Stewards) == 0 {
		t := *c.Treasury // the founder will be the sole steward: check the rest
		t.Stewards = []ids.PubKey{placeholderSteward}
		check.Treasury = &t
	}
	if c.Housing != nil && len(c.Housing.Office) == 0 {
		h := *c.Housing // the founder will hold the office: check the rest
		h.Office = []ids.PubKey{placeholderSteward}
		check.Housing = &h
	}
	if err := check.Validate(); err != nil {
		return Charter{}, fmt.Errorf("charter file: %w", err)
	}
	return c, nil
}
