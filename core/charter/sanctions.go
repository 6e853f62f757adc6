package charter

import (
	"errors"
	"fmt"
)

// Sanctions sets the graduated sanctions (core/sanction.go): the ladder's
// steps, each with its own duration, and how complaints are judged. In the
// genesis its CBOR keys are small integers: the charter rides in every
// offline bundle.
//
// The ladder has four steps, in this order: a warning, a reduced dividend,
// the suspension of vote and office, and the exclusion from cooperative
// benefits (each step carries the effects of the ones below it). A step
// expires by itself StepDays[i] days after it was decided. The rights floor
// (shelter, water, the food floor) is never withdrawn by any step.
type Sanctions struct {
	StepDays [4]int `cbor:"1,keyasint" json:"step_days"`
	// DividendCutPct is the share of the daily dividend withheld while the
	// reduced-dividend step (or a higher one) is in force.
	DividendCutPct int `cbor:"2,keyasint" json:"dividend_cut_pct"`
	// MemoryDays: a decided step escalates from the member's highest step
	// still in force, or expired less than this many days before.
	MemoryDays int `cbor:"3,keyasint" json:"memory_days"`
	// Jury is the number of jurors drawn for a complaint (odd); JuryOffice
	// the sortition office whose term draw seeds the jury; HearingDays how
	// long the jurors have, from the start of that term, to give verdicts.
	Jury        int    `cbor:"4,keyasint" json:"jury"`
	JuryOffice  string `cbor:"5,keyasint" json:"jury_office"`
	HearingDays int    `cbor:"6,keyasint" json:"hearing_days"`
	// FreezeDays: a proven fork freezes the payments its author makes
	// dated before a cited report's date plus this many days (the fork
	// case closes then; see core/forkreport.go).
	FreezeDays int `cbor:"7,keyasint" json:"freeze_days"`
	// AcceptDays: a member has this many days from a step that cuts the
	// dividend to accept it in their own chain (core/sanction_accept.go);
	// until they do, their vote and office are suspended. 0 means 7.
	AcceptDays int `cbor:"8,keyasint,omitempty" json:"accept_days,omitempty"`
}

// DefaultAcceptDays is AcceptDays when the charter leaves it out.
const DefaultAcceptDays = 7

// AcceptMillis is the time a member has to accept a step that cuts.
func (s *Sanctions) AcceptMillis() int64 {
	d := s.AcceptDays
	if d == 0 {
		d = DefaultAcceptDays
	}
	return int64(d) * dayMillis
}

// Ladder step names, in order.
var SanctionSteps = [4]string{"warning", "reduced dividend", "suspension of vote and office", "exclusion from cooperative benefits"}

// Limits of the sanctions section.
const (
	MaxSanctionDays = 3650
	MaxJury         = 15
)

// dayMillis is one day in milliseconds.
const dayMillis = int64(24 * 3600 * 1000)

// StepMillis is the duration of ladder step level (1 to 4).
func (s *Sanctions) StepMillis(level int) int64 { return int64(s.StepDays[level-1]) * dayMillis }

func (c *Charter) validateSanctions() error {
	s := c.Sanctions
	if s == nil {
		return nil
	}
	var errs []error
	for i, d := range s.StepDays {
		if d < 1 || d > MaxSanctionDays {
			errs = append(errs, fmt.Errorf("sanctions.step_days[%d] (%s) must be 1 to %d", i, SanctionSteps[i], MaxSanctionDays))
		}
	}
	if s.DividendCutPct < 1 || s.DividendCutPct > 100 {
		errs = append(errs, errors.New("sanctions.dividend_cut_pct must be 1 to 100"))
	}
	if s.MemoryDays < 0 || s.MemoryDays > MaxSanctionDays || s.HearingDays < 1 || s.HearingDays > 90 ||
		s.FreezeDays < 1 || s.FreezeDays > MaxSanctionDays || s.AcceptDays < 0 || s.AcceptDays > MaxSanctionDays {
		errs = append(errs, fmt.Errorf("sanctions: memory_days 0–%d, hearing_days 1–90, freeze_days 1–%d, accept_days 0–%d", MaxSanctionDays, MaxSanctionDays, MaxSanctionDays))
	}
	if s.Jury < 1 || s.Jury > MaxJury || s.Jury%2 == 0 {
		errs = append(errs, fmt.Errorf("sanctions.jury must be odd, 1 to %d", MaxJury))
	}
	errs = append(errs, c.checkJuryOffice())
	return errors.Join(errs...)
}

// checkJuryOffice: the jury's randomness comes from a sortition office's
// commit–reveal draw, so the office must exist and not be elected.
func (c *Charter) checkJuryOffice() error {
	if c.Governance == nil {
		return errors.New("sanctions: juries need a governance section with a sortition office")
	}
	o, ok := c.Governance.OfficeNamed(c.Sanctions.JuryOffice)
	if !ok || o.Elected {
		return fmt.Errorf("sanctions.jury_office %q must be a sortition office of governance.offices", c.Sanctions.JuryOffice)
	}
	return nil
}
