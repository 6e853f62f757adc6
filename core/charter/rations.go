package charter

import (
	"cmp"
	"errors"
	"fmt"

	"dac/core/ids"
)

// Rations is the basket every member is entitled to, where it is handed out,
// what more than the entitlement costs, and how far an emergency may cut it.
type Rations struct {
	// Basket lists the items (at most MaxBasket); each member is entitled
	// to Quantity of each per period of PeriodDays days.
	Basket []RationItem `cbor:"basket" json:"basket"`
	// Points are the keys of the distribution points (kiosks, shops) that
	// may countersign a hand-over. In a charter file they may be left out:
	// the founder's key then serves until the node lists its points.
	Points []ids.PubKey `cbor:"points" json:"points"`
	// Emergency bounds the reduced quotas stewards may declare. Optional:
	// without it no emergency can be declared.
	Emergency *EmergencyRules `cbor:"emergency,omitempty" json:"emergency,omitempty"`
}

// RationItem is one good of the basket.
type RationItem struct {
	Name       string `cbor:"name" json:"name"`               // e.g. "water"
	Unit       string `cbor:"unit" json:"unit"`               // e.g. "l"
	Quantity   int64  `cbor:"quantity" json:"quantity"`       // per member and period
	PeriodDays int    `cbor:"period_days" json:"period_days"` // periods count from the genesis day
	// Floor is the rights floor per period: no emergency cuts the quota
	// below it (water and food; 0 for goods that carry no right).
	Floor int64 `cbor:"floor" json:"floor"`
	// Extra prices what is taken beyond the entitlement, progressively:
	// tier i applies from its From-th extra unit of the period on, at
	// PerUnit µ; prices rise from tier to tier. Empty: no extra at all.
	Extra []PriceTier `cbor:"extra,omitempty" json:"extra,omitempty"`
	// ExtraMax caps the extra per member and period (a consumption cap,
	// not a market for necessities).
	ExtraMax int64 `cbor:"extra_max,omitempty" json:"extra_max,omitempty"`
}

// PriceTier is one step of an extra's progressive price.
type PriceTier struct {
	From    int64 `cbor:"from" json:"from"`         // extra units already taken this period
	PerUnit int64 `cbor:"per_unit" json:"per_unit"` // µ
}

// EmergencyRules bound an emergency's measures.
type EmergencyRules struct {
	MaxHours int `cbor:"max_hours" json:"max_hours"` // longest duration of one declaration
	// Reduced is the charter's standing plan: the quota of each listed item
	// in percent of the normal one while an emergency is in force (what a
	// declaration uses when it names no measures). Never below the floor.
	Reduced []ItemPercent `cbor:"reduced" json:"reduced"`
	// RatifyHours: a steward council's declaration binds at once but is
	// void unless a vote ratifies it within this many hours (0: 48).
	RatifyHours int `cbor:"ratify_hours,omitempty" json:"ratify_hours,omitempty"`
	// RenewStepPct: each renewal's vote needs this many points more than
	// the emergency rule's threshold than the one before (0: 10), capped at
	// MaxRenewThreshold.
	RenewStepPct int `cbor:"renew_step_pct,omitempty" json:"renew_step_pct,omitempty"`
}

// Emergency defaults and the cap of the rising threshold (below 100 %: a
// renewal can always pass in principle, never by less than unanimity-1).
const (
	DefaultRatifyHours  = 48
	DefaultRenewStepPct = 10
	MaxRenewThreshold   = 99
)

// Ratify is the number of hours a council declaration has to be ratified.
func (e *EmergencyRules) Ratify() int { return cmp.Or(e.RatifyHours, DefaultRatifyHours) }

// RenewThreshold is the threshold of the n-th renewal (n ≥ 1) of an
// emergency whose declaration needed base: base + n × step, capped.
func (e *EmergencyRules) RenewThreshold(base, n int) int {
	return min(base+n*cmp.Or(e.RenewStepPct, DefaultRenewStepPct), MaxRenewThreshold)
}

// ItemPercent is one item's quota in percent of the normal quota.
type ItemPercent struct {
	Item    string `cbor:"item" json:"item"`
	Percent int    `cbor:"percent" json:"percent"`
}

// Limits of the rations section.
const (
	MaxBasket          = 8 // the chain state keeps one counter per item
	MaxPoints          = 64
	MaxRationPeriod    = 366
	MaxPriceTiers      = 8
	MaxEmergencyHours  = 90 * 24
	MaxRationQuantity  = 1 << 40
	maxRationNameBytes = 40
)

// Item finds a basket item and its index.
func (r *Rations) Item(name string) (RationItem, int, bool) {
	for i, it := range r.Basket {
		if it.Name == name {
			return it, i, true
		}
	}
	return RationItem{}, -1, false
}

// IsPoint reports whether k is a listed distribution point.
func (r *Rations) IsPoint(k ids.PubKey) bool {
	for _, p := range r.Points {
		if p == k {
			return true
		}
	}
	return false
}

// Quota is the item's quota at pct percent of the normal one, never below
// the floor (rounded down, then raised to the floor).
func (it RationItem) Quota(pct int) int64 {
	return max(it.Quantity*int64(pct)/100, it.Floor)
}

// FloorPercent is the lowest percentage an emergency may set for the item:
// the smallest pct whose quota reaches the floor.
func (it RationItem) FloorPercent() int {
	if it.Floor <= 0 || it.Quantity <= 0 {
		return 0
	}
	return int((it.Floor*100 + it.Quantity - 1) / it.Quantity)
}

// ExtraPrice is what n extra units cost after already units this period.
func (it RationItem) ExtraPrice(already, n int64) int64 {
	if len(it.Extra) == 0 {
		return 0
	}
	total := int64(0)
	for u := already; u < already+n; {
		i := len(it.Extra) - 1
		for i > 0 && it.Extra[i].From > u {
			i--
		}
		end := already + n
		if i+1 < len(it.Extra) {
			end = min(end, it.Extra[i+1].From)
		}
		total += (end - u) * it.Extra[i].PerUnit
		u = end
	}
	return total
}

// Validate checks the basket, the points and the emergency rules.
func (r *Rations) Validate() error {
	if len(r.Basket) == 0 || len(r.Basket) > MaxBasket {
		return fmt.Errorf("rations.basket: 1 to %d items, got %d", MaxBasket, len(r.Basket))
	}
	seen := map[string]bool{}
	var errs []error
	for _, it := range r.Basket {
		if seen[it.Name] {
			errs = append(errs, fmt.Errorf("rations.basket: %q twice", it.Name))
		}
		seen[it.Name] = true
		errs = append(errs, it.validate())
	}
	if len(r.Points) > MaxPoints {
		errs = append(errs, fmt.Errorf("rations.points: at most %d", MaxPoints))
	}
	for _, p := range r.Points {
		if err := p.CheckMemberKey(); err != nil {
			errs = append(errs, fmt.Errorf("rations.points: %v", err))
		}
	}
	if r.Emergency != nil {
		errs = append(errs, r.Emergency.validate(r))
	}
	return errors.Join(errs...)
}

func (it RationItem) validate() error {
	where := "rations.basket[" + it.Name + "]"
	switch {
	case it.Name == "" || len(it.Name) > maxRationNameBytes || len(it.Unit) > maxRationNameBytes:
		return fmt.Errorf("rations.basket: names and units are 1 to %d bytes (%q)", maxRationNameBytes, it.Name)
	case it.Quantity <= 0 || it.Quantity > MaxRationQuantity:
		return fmt.Errorf("%s.quantity must be positive", where)
	case it.PeriodDays < 1 || it.PeriodDays > MaxRationPeriod:
		return fmt.Errorf("%s.period_days must be 1 to %d", where, MaxRationPeriod)
	case it.Floor < 0 || it.Floor > it.Quantity:
		return fmt.Errorf("%s.floor must be 0 to the quantity", where)
	case len(it.Extra) > MaxPriceTiers || it.ExtraMax < 0 || it.ExtraMax > MaxRationQuantity:
		return fmt.Errorf("%s: at most %d price tiers and a non-negative extra_max", where, MaxPriceTiers)
	case len(it.Extra) == 0 && it.ExtraMax > 0:
		return fmt.Errorf("%s: extra_max without prices", where)
	}
	for i, t := range it.Extra {
		switch {
		case i == 0 && t.From != 0:
			return fmt.Errorf("%s.extra: the first tier starts at 0", where)
		case t.PerUnit <= 0 || t.PerUnit > 1<<40:
			return fmt.Errorf("%s.extra: prices must be positive", where)
		case i > 0 && (t.From <= it.Extra[i-1].From || t.PerUnit <= it.Extra[i-1].PerUnit):
			return fmt.Errorf("%s.extra: tiers must start later and cost more than the one before", where)
		}
	}
	if n := len(it.Extra); n > 0 && it.ExtraMax > (1<<60)/it.Extra[n-1].PerUnit { // no product overflows
		return fmt.Errorf("%s: extra_max at these prices is beyond any amount", where)
	}
	return nil
}

func (e *EmergencyRules) validate(r *Rations) error {
	switch {
	case e.MaxHours < 1 || e.MaxHours > MaxEmergencyHours:
		return fmt.Errorf("rations.emergency.max_hours must be 1 to %d", MaxEmergencyHours)
	case e.RatifyHours < 0 || e.RatifyHours > e.MaxHours:
		return fmt.Errorf("rations.emergency.ratify_hours must be 1 to max_hours (%d), or 0 for %d", e.MaxHours, DefaultRatifyHours)
	case e.RenewStepPct < 0 || e.RenewStepPct > 50:
		return fmt.Errorf("rations.emergency.renew_step_pct must be 1 to 50, or 0 for %d", DefaultRenewStepPct)
	}
	return r.CheckPercents("rations.emergency.reduced", e.Reduced)
}

// CheckPercents checks emergency measures: known items, each once, each
// from the item's floor to 100 %.
func (r *Rations) CheckPercents(where string, ps []ItemPercent) error {
	if len(ps) > MaxBasket {
		return fmt.Errorf("%s: at most %d items", where, MaxBasket)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		it, _, ok := r.Item(p.Item)
		switch {
		case !ok:
			return fmt.Errorf("%s: no item %q in the basket", where, p.Item)
		case seen[p.Item]:
			return fmt.Errorf("%s: %q twice", where, p.Item)
		case p.Percent > 100:
			return fmt.Errorf("%s: %q at %d %%: an emergency only reduces quotas", where, p.Item, p.Percent)
		case p.Percent < it.FloorPercent():
			return fmt.Errorf("%s: %q at %d %% is below the rights floor (%d %s, %d %%)", where, p.Item, p.Percent, it.Floor, it.Unit, it.FloorPercent())
		}
		seen[p.Item] = true
	}
	return nil
}

// validateRations checks the section and what it needs from the others:
// extras are paid in the currency, emergencies are declared by stewards.
func (c *Charter) validateRations() error {
	r := c.Rations
	if r == nil {
		return nil
	}
	errs := []error{r.Validate()}
	for _, it := range r.Basket {
		if len(it.Extra) > 0 && c.Money == nil {
			errs = append(errs, errors.New("rations: priced extras need a money section"))
			break
		}
	}
	if r.Emergency != nil && c.Treasury == nil {
		errs = append(errs, errors.New("rations.emergency: emergencies are declared by treasury stewards (no treasury section)"))
	}
	return errors.Join(errs...)
}
