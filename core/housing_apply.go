package core

import (
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"

	"dac/core/ids"
)

// HousingApply is a member's application for their household: the needs
// sealed to the office and the applicant, and a commitment to the
// attributes the algorithm reads (see housing_seal.go).
type HousingApply struct {
	Commit ids.Hash    `cbor:"1,keyasint"`
	Sealed []byte      `cbor:"2,keyasint"`
	Keys   []SealedKey `cbor:"3,keyasint"`
}

func validateHousingApply(s *State, c *Context, a *HousingApply) error {
	h := s.HousingRules()
	if h == nil {
		return errNoHousing
	}
	since, ok := s.memberSince(c)
	switch {
	case !ok:
		return errNotMember(c.E.Author)
	case c.E.Time < since:
		return errors.New("an application is dated before its author's admission")
	case a.Commit.IsZero() || len(a.Sealed) <= nonceLen+secretbox.Overhead || len(a.Sealed) > maxSealed:
		return errors.New("an application carries a commitment and sealed needs")
	}
	return checkReaders(a.Keys, append(slices.Clone(h.Office), c.E.Author))
}

// checkReaders: the data key is sealed exactly once to each reader, to no
// one else, in the order of the list (office first, applicant last, or the
// applicant once if they hold the office).
func checkReaders(keys []SealedKey, readers []ids.PubKey) error {
	readers = distinctKeys(readers)
	if len(keys) != len(readers) {
		return fmt.Errorf("the needs must be sealed to the %d office holders and the applicant", len(readers))
	}
	for i, k := range keys {
		if k.To != readers[i] || len(k.Box) != dataKeyLen+box.AnonymousOverhead {
			return fmt.Errorf("sealed key %d is not for %s", i, readers[i].Short())
		}
	}
	return nil
}

func distinctKeys(ks []ids.PubKey) []ids.PubKey {
	seen := map[ids.PubKey]bool{}
	var out []ids.PubKey
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// HousingReaders lists whom an application's needs must be sealed to.
func (s *State) HousingReaders(applicant ids.PubKey) []ids.PubKey {
	h := s.HousingRules()
	if h == nil {
		return nil
	}
	return distinctKeys(append(slices.Clone(h.Office), applicant))
}

// memberSince is when the author's current membership began, by the
// admission the entry cites (the genesis for founders in epoch 0).
func (s *State) memberSince(c *Context) (int64, bool) {
	epoch := c.epoch()
	if epoch == 0 && s.founders[c.E.Author] {
		return s.genesisTime, true
	}
	for _, r := range c.E.Refs {
		if a, ok := s.admits.get(string(r[:])); ok && a.Applicant == c.E.Author && a.Epoch == epoch {
			return a.Time, true
		}
	}
	return 0, false
}

func applyHousingApply(s *State, c *Context, a *HousingApply) {
	s.housing.apps.put(string(c.E.ID[:]), ApplicationRow{Applicant: c.E.Author, Epoch: c.epoch(), Time: c.E.Time, Commit: a.Commit})
}
