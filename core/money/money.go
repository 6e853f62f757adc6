// Package money is the arithmetic of DAC's currency, pure and exact: the
// daily dividend, progressive demurrage, the rounding rule and the steady
// state. Amounts are integer micro-units (1 unit = 1,000,000 µ); rates are
// integer parts per billion per day. No floats anywhere: every replica must
// compute every balance to the micro-unit.
//
// The rule for one day, applied to an account for each whole day (period)
// that passes:
//
//	balance' = balance − demurrage(balance) + (dividend if a member that day)
//
// demurrage(b) = ⌊ Σ_tiers (the part of b inside the tier) × rate / 10^9 ⌋
//
// Rounding is down (floor) once per account and day, on the sum of the tiers:
// demurrage never removes more than the rates say, and nothing else is
// rounded, so money is created only by dividends (and endowments) and
// destroyed only by demurrage, and both are counted exactly.
//
// Steady state: a member who keeps their dividend converges to the balance
// B* where demurrage(B*) = D, i.e. B* ≈ D/d for the base rate d. Supply per
// member therefore stays at B* when every newcomer is endowed with B*
// (see SteadyState), whatever the population does.
package money

import (
	"errors"
	"fmt"
	"math/bits"
)

// Unit is one unit of currency in micro-units.
const Unit int64 = 1_000_000

// Billion is the denominator of rates: parts per billion per day.
const Billion = 1_000_000_000

// Tier is a demurrage rate that applies to the part of a balance above From.
// The first tier starts at 0 (the base rate d); later tiers charge more on
// what lies above their threshold (progressive demurrage against hoarding).
type Tier struct {
	From    int64  `cbor:"1,keyasint" json:"from"`     // µ
	RatePPB uint32 `cbor:"2,keyasint" json:"rate_ppb"` // per day
}

// Rules are the money parameters of a node's charter.
type Rules struct {
	Dividend int64  `cbor:"1,keyasint" json:"dividend"` // µ per member per day (D)
	Tiers    []Tier `cbor:"2,keyasint" json:"tiers"`    // ascending From, first From = 0
	Cap      int64  `cbor:"3,keyasint" json:"cap"`      // no balance above this (µ); the excess goes to the treasury
	// OfflineCap bounds what a device pays per day while offline (µ; 0: no
	// bound): a double spend made offline can cost at most this much before
	// the fork proof catches it.
	OfflineCap int64 `cbor:"4,keyasint,omitempty" json:"offline_cap,omitempty"`
}

// Limits that keep the arithmetic and the rules sane.
const (
	MaxAmount   int64 = 1 << 60 // ~1.15e12 units: far above any cap
	MaxTiers          = 8
	MaxRatePPB        = 100_000_000 // 10 % a day
	MaxSettling       = 100 * 366   // days settled in one step
)

// Validate checks the rules.
func (r Rules) Validate() error {
	var errs []error
	if r.Dividend <= 0 || r.Dividend > MaxAmount {
		errs = append(errs, fmt.Errorf("money.dividend must be positive, got %d", r.Dividend))
	}
	if len(r.Tiers) == 0 || len(r.Tiers) > MaxTiers {
		errs = append(errs, fmt.Errorf("money.tiers: 1 to %d tiers, got %d", MaxTiers, len(r.Tiers)))
	}
	for i, t := range r.Tiers {
		switch {
		case i == 0 && t.From != 0:
			errs = append(errs, errors.New("money.tiers: the first tier starts at 0"))
		case i > 0 && t.From <= r.Tiers[i-1].From:
			errs = append(errs, fmt.Errorf("money.tiers[%d]: thresholds must rise", i))
		case i > 0 && t.RatePPB < r.Tiers[i-1].RatePPB:
			errs = append(errs, fmt.Errorf("money.tiers[%d]: rates must not fall (demurrage is progressive)", i))
		case t.RatePPB == 0 || t.RatePPB > MaxRatePPB:
			errs = append(errs, fmt.Errorf("money.tiers[%d]: rate must be 1 to %d ppb a day", i, MaxRatePPB))
		}
	}
	if r.OfflineCap < 0 || r.OfflineCap > MaxAmount {
		errs = append(errs, fmt.Errorf("money.offline_cap must be 0 (none) to %d, got %d", MaxAmount, r.OfflineCap))
	}
	if r.Cap <= 0 || r.Cap > MaxAmount {
		errs = append(errs, fmt.Errorf("money.cap must be positive and at most %d, got %d", MaxAmount, r.Cap))
	}
	if len(errs) == 0 && r.Demurrage(MaxAmount) < r.Dividend {
		errs = append(errs, fmt.Errorf("money: the demurrage never catches up with a dividend of %d: balances would grow without bound", r.Dividend))
	}
	if len(errs) == 0 && r.Cap < r.SteadyState() {
		errs = append(errs, fmt.Errorf("money.cap %d is below the steady state %d: members could not even hold their share", r.Cap, r.SteadyState()))
	}
	return errors.Join(errs...)
}

// Demurrage is what one day removes from balance b (b >= 0).
func (r Rules) Demurrage(b int64) int64 {
	if b <= 0 {
		return 0
	}
	var hi, lo uint64 // Σ part × rate, in 128 bits: parts reach 2^60, rates 2^27
	for i, t := range r.Tiers {
		if b <= t.From {
			break
		}
		top := b
		if i+1 < len(r.Tiers) && r.Tiers[i+1].From < b {
			top = r.Tiers[i+1].From
		}
		ph, pl := bits.Mul64(uint64(top-t.From), uint64(t.RatePPB))
		var c uint64
		lo, c = bits.Add64(lo, pl, 0)
		hi += ph + c
	}
	if hi >= Billion { // only with rates beyond MaxRatePPB: everything goes
		return b
	}
	q, _ := bits.Div64(hi, lo, Billion)
	return min(int64(q), b)
}

// Day is one day's settlement of an account.
type Day struct {
	Demurred int64
	Issued   int64
	Withheld int64 // of the dividend, by a sanction (never issued)
}

// Step applies one day to balance b: demurrage first, then the dividend if
// the account's owner was a member in good standing that day.
func (r Rules) Step(b int64, member bool) (int64, Day) { return r.StepWithholding(b, member, 0) }

// StepWithholding is Step with up to withhold µ of the day's dividend
// withheld (a sanction's cut or the recovery of a fork's overspending): the
// withheld part is never issued, so it is neither created nor destroyed.
func (r Rules) StepWithholding(b int64, member bool, withhold int64) (int64, Day) {
	d := Day{Demurred: r.Demurrage(b)}
	b -= d.Demurred
	if member {
		d.Withheld = min(max(withhold, 0), r.Dividend)
		d.Issued = r.Dividend - d.Withheld
		b += d.Issued
	}
	return b, d
}

// Totals add up what settling did.
type Totals struct {
	Demurred int64
	Issued   int64
}

// Settle applies days whole days to b. It is exact and deterministic; the
// loop is bounded by MaxSettling (a hundred years) per call.
func (r Rules) Settle(b int64, days int, member bool) (int64, Totals, error) {
	if days < 0 || days > MaxSettling {
		return b, Totals{}, fmt.Errorf("cannot settle %d days at once (0 to %d)", days, MaxSettling)
	}
	var t Totals
	for range days {
		var d Day
		b, d = r.Step(b, member)
		t.Demurred += d.Demurred
		t.Issued += d.Issued
	}
	return b, t, nil
}

// SteadyState is B*: the balance a member converges to, the smallest b at
// which a day's demurrage is at least the dividend (so b stops growing). It
// is the endowment of every newcomer and the audit's target per member.
func (r Rules) SteadyState() int64 {
	lo, hi := int64(0), MaxAmount
	for lo < hi { // demurrage is non-decreasing in b: binary search
		mid := lo + (hi-lo)/2
		if r.Demurrage(mid) >= r.Dividend {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// Overflow splits what a credit would bring above the cap: b+amount is
// held up to the cap and the rest goes to the treasury.
func (r Rules) Overflow(b, amount int64) (kept, excess int64) {
	if b+amount <= r.Cap {
		return amount, 0
	}
	kept = max(0, r.Cap-b)
	return kept, amount - kept
}
