package charter

import (
	"errors"
	"fmt"

	"dac/core/ids"
)

// Housing is the housing office and its rules: who holds the office (until
// governance fills offices by election the charter names them), the words
// dwellings and needs are described in, what a household of a given size
// fits, the modifications a holder may make, and the usage-fee schedule.
type Housing struct {
	// Office are the holders of the housing office: they register dwellings,
	// close allocation rounds, approve big modifications and can read
	// applicants' private needs.
	Office []ids.PubKey `cbor:"office" json:"office"`
	// Features are the accessibility features a dwelling may have and a
	// household may need (at most 32; a dwelling's features and a
	// household's needs are bit sets over this list, so never reorder it).
	Features []string `cbor:"features" json:"features"`
	// Districts are the node's districts (at most 32, same rule).
	Districts []string `cbor:"districts" json:"districts"`
	// PersonsPerRoom: a household of n needs ⌈n / PersonsPerRoom⌉ rooms.
	PersonsPerRoom int `cbor:"persons_per_room" json:"persons_per_room"`
	// SpareRooms: a dwelling fits a household if it has at least the rooms
	// it needs and at most SpareRooms more (big dwellings go to big households).
	SpareRooms int `cbor:"spare_rooms" json:"spare_rooms"`
	// Modifications are the changes a holder may request.
	Modifications []Modification `cbor:"modifications" json:"modifications"`
	// Fees is the monthly usage fee by income band, ascending; the first
	// band must be free (the poorest pay nothing).
	Fees []FeeBand `cbor:"fees,omitempty" json:"fees,omitempty"`
}

// Modification is one kind of change to a dwelling: Amount is in the
// kind's own unit (m², items, µ of material...), at most Limit; above
// FreeUpTo it needs the housing office's approval.
type Modification struct {
	Name     string `cbor:"name" json:"name"`
	Unit     string `cbor:"unit" json:"unit"`
	Limit    int64  `cbor:"limit" json:"limit"`
	FreeUpTo int64  `cbor:"free_up_to" json:"free_up_to"`
}

// FeeBand: members whose monthly income is at least From pay Fee µ a month.
type FeeBand struct {
	From int64 `cbor:"from" json:"from"`
	Fee  int64 `cbor:"fee" json:"fee"`
}

// Limits of the housing section.
const (
	MaxOffice      = 16
	MaxFeatureBits = 32
	MaxModKinds    = 32
	MaxFeeBands    = 16
	maxWordLen     = 40
)

// ModificationNamed finds a modification kind.
func (h *Housing) ModificationNamed(name string) (Modification, bool) {
	for _, m := range h.Modifications {
		if m.Name == name {
			return m, true
		}
	}
	return Modification{}, false
}

// InOffice reports whether k holds the housing office.
func (h *Housing) InOffice(k ids.PubKey) bool {
	for _, o := range h.Office {
		if o == k {
			return true
		}
	}
	return false
}

// RoomsFor is the number of rooms a household of size persons needs.
func (h *Housing) RoomsFor(size int) int {
	return (size + h.PersonsPerRoom - 1) / h.PersonsPerRoom
}

// FeeFor is the monthly usage fee for a monthly income.
func (h *Housing) FeeFor(income int64) int64 {
	fee := int64(0)
	for _, b := range h.Fees {
		if income >= b.From {
			fee = b.Fee
		}
	}
	return fee
}

// Validate checks the housing section.
func (h *Housing) Validate() error {
	if n := len(h.Office); n == 0 || n > MaxOffice {
		return fmt.Errorf("housing.office: 1 to %d holders, got %d", MaxOffice, n)
	}
	seen := map[ids.PubKey]bool{}
	for _, o := range h.Office {
		if seen[o] {
			return fmt.Errorf("housing.office: %s twice", o.Short())
		}
		seen[o] = true
		if err := o.CheckMemberKey(); err != nil {
			return fmt.Errorf("housing.office: %v", err)
		}
	}
	return errors.Join(validateWords("housing.features", h.Features), validateWords("housing.districts", h.Districts),
		h.validateRooms(), h.validateMods(), h.validateFees())
}

func validateWords(field string, ws []string) error {
	if len(ws) > MaxFeatureBits {
		return fmt.Errorf("%s: at most %d, got %d", field, MaxFeatureBits, len(ws))
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if w == "" || len(w) > maxWordLen || seen[w] {
			return fmt.Errorf("%s: names must be 1 to %d characters and distinct (%q)", field, maxWordLen, w)
		}
		seen[w] = true
	}
	return nil
}

func (h *Housing) validateRooms() error {
	if h.PersonsPerRoom < 1 || h.PersonsPerRoom > 8 {
		return fmt.Errorf("housing.persons_per_room must be 1 to 8, got %d", h.PersonsPerRoom)
	}
	if h.SpareRooms < 0 || h.SpareRooms > 8 {
		return fmt.Errorf("housing.spare_rooms must be 0 to 8, got %d", h.SpareRooms)
	}
	return nil
}

func (h *Housing) validateMods() error {
	if len(h.Modifications) > MaxModKinds {
		return fmt.Errorf("housing.modifications: at most %d", MaxModKinds)
	}
	seen := map[string]bool{}
	for _, m := range h.Modifications {
		switch {
		case m.Name == "" || len(m.Name) > maxWordLen || seen[m.Name]:
			return fmt.Errorf("housing.modifications: names must be 1 to %d characters and distinct (%q)", maxWordLen, m.Name)
		case len(m.Unit) > maxWordLen:
			return fmt.Errorf("housing.modifications[%s].unit is too long", m.Name)
		case m.Limit <= 0 || m.Limit > 1<<50:
			return fmt.Errorf("housing.modifications[%s].limit must be positive", m.Name)
		case m.FreeUpTo < 0 || m.FreeUpTo > m.Limit:
			return fmt.Errorf("housing.modifications[%s].free_up_to must be 0 to the limit", m.Name)
		}
		seen[m.Name] = true
	}
	return nil
}

func (h *Housing) validateFees() error {
	if len(h.Fees) > MaxFeeBands {
		return fmt.Errorf("housing.fees: at most %d bands", MaxFeeBands)
	}
	for i, b := range h.Fees {
		switch {
		case i == 0 && (b.From != 0 || b.Fee != 0):
			return errors.New("housing.fees: the first band must start at 0 and be free (the poorest pay nothing)")
		case i > 0 && b.From <= h.Fees[i-1].From:
			return errors.New("housing.fees: bands must be in ascending order of income")
		case b.Fee < 0 || b.Fee > 1<<50:
			return fmt.Errorf("housing.fees[%d].fee must not be negative", i)
		}
	}
	return nil
}
