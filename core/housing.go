package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Housing: the node owns the dwellings, members hold a right of use.
//
// The housing office registers dwellings; a member applies for their
// household with private needs (sealed to the office, see housing_seal.go)
// and a commitment to the attributes the algorithm reads; an office holder
// closes a round (housing_round.go) that names the exact applications and
// free dwellings it covers, and every replica computes the same allocation
// from it (housing_alloc.go).
//
// Rounds form a chain (each cites the one before) and each round's row holds
// the whole map of dwellings to holders after it. Between rounds, holders
// act on their own rights — relinquish, swap by mutual consent, ask for
// modifications — and those acts take effect when a round folds them into
// the map, each only if the right it names is still the current one. So a
// tenure ends only by its holder's own act (a relinquish, a swap both signed,
// leaving the node): no entry of anyone else removes it, and no kind
// transfers, sells or rents a right.

// A Right names one tenure: a dwelling and the entry that gave it to its
// holder (the round that allocated it, or the swap acceptance).
type Right struct {
	Dwelling ids.Hash `cbor:"1,keyasint" json:"dwelling"`
	Since    ids.Hash `cbor:"2,keyasint" json:"since"`
}

func (r Right) key() string { return string(r.Since[:]) + string(r.Dwelling[:]) }

// Dwelling registers a dwelling (office).
type Dwelling struct {
	Label    string `cbor:"1,keyasint" json:"label"`              // address or name
	District uint8  `cbor:"2,keyasint" json:"district"`           // index into the charter's districts
	Rooms    uint8  `cbor:"3,keyasint" json:"rooms"`              // rooms to live and sleep in
	Area     uint32 `cbor:"4,keyasint" json:"area"`               // floor area, m²
	Features uint32 `cbor:"5,keyasint,omitempty" json:"features"` // bits over the charter's features
	Repair   uint8  `cbor:"6,keyasint" json:"repair"`             // state of repair: 0 poor, 1 fair, 2 good
}

// Relinquish gives a right back (the holder). It names no one: a right
// cannot be passed on.
type Relinquish struct {
	Right Right `cbor:"1,keyasint" json:"right"`
}

// SwapPropose offers to exchange the author's right for another holder's.
type SwapPropose struct {
	Mine   Right `cbor:"1,keyasint" json:"mine"`
	Theirs Right `cbor:"2,keyasint" json:"theirs"`
}

// SwapAccept is the other holder's consent to a proposal.
type SwapAccept struct {
	Proposal ids.Hash `cbor:"1,keyasint" json:"proposal"`
}

// ModifyRequest asks to change the author's dwelling.
type ModifyRequest struct {
	Right  Right  `cbor:"1,keyasint" json:"right"`
	Work   string `cbor:"2,keyasint" json:"work"`   // a modification kind of the charter
	Amount int64  `cbor:"3,keyasint" json:"amount"` // in the kind's unit
	Note   string `cbor:"4,keyasint,omitempty" json:"note"`
}

// ModifyApprove is the office approving a request that needs it.
type ModifyApprove struct {
	Request ids.Hash `cbor:"1,keyasint" json:"request"`
}

// Evict would end a tenure by a sanction decided through due process.
// There are no sanctions yet (they arrive with governance), so every evict
// is invalid; even then a sanction may never go below the rights floor.
type Evict struct {
	Right    Right    `cbor:"1,keyasint" json:"right"`
	Sanction ids.Hash `cbor:"2,keyasint" json:"sanction"`
}

// Kind names and limits.
const (
	KindDwelling      = "housing-dwelling"
	KindHousingApply  = "housing-apply"
	KindHousingRound  = "housing-round"
	KindRelinquish    = "housing-relinquish"
	KindSwapPropose   = "housing-swap"
	KindSwapAccept    = "housing-swap-accept"
	KindModify        = "housing-modify"
	KindModifyApprove = "housing-approve"
	KindEvict         = "housing-evict"
	MaxLabelLen       = 80
	MaxRooms          = 32
)

// DwellingKind and the other housing kinds define the housing entry kinds.
func DwellingKind() Kind { return Define(KindDwelling, validateDwelling, applyDwelling) }

// HousingApplyKind: see DwellingKind.
func HousingApplyKind() Kind {
	return Define(KindHousingApply, validateHousingApply, applyHousingApply)
}

// HousingRoundKind: see DwellingKind.
func HousingRoundKind() Kind { return Define(KindHousingRound, validateRound, applyRound) }

// RelinquishKind: see DwellingKind.
func RelinquishKind() Kind { return Define(KindRelinquish, validateRelinquish, applyRelinquish) }

// SwapProposeKind: see DwellingKind.
func SwapProposeKind() Kind { return Define(KindSwapPropose, validateSwapPropose, applySwapPropose) }

// SwapAcceptKind: see DwellingKind.
func SwapAcceptKind() Kind { return Define(KindSwapAccept, validateSwapAccept, applySwapAccept) }

// ModifyKind: see DwellingKind.
func ModifyKind() Kind { return Define(KindModify, validateModify, applyModify) }

// ModifyApproveKind: see DwellingKind.
func ModifyApproveKind() Kind {
	return Define(KindModifyApprove, validateModifyApprove, applyModifyApprove)
}

// EvictKind: see DwellingKind and Evict.
func EvictKind() Kind { return Define(KindEvict, validateEvict, func(*State, *Context, *Evict) {}) }

// housingState holds the housing tables (all hashed; no indexes).
type housingState struct {
	dwellings *table[DwellingRow]
	apps      *table[ApplicationRow]
	rights    *table[RightRow]
	releases  *table[ReleaseRow]
	swaps     *table[SwapRow]
	accepts   *table[AcceptRow]
	mods      *table[ModRow]
	approvals *table[ApproveRow]
	rounds    *table[RoundRow]
	fees      *table[FeeRow]
}

func (s *State) initHousing() {
	h := &s.housing
	h.dwellings = newTable[DwellingRow](s, "hdwelling")
	h.apps = newTable[ApplicationRow](s, "happly")
	h.rights = newTable[RightRow](s, "hright")
	h.releases = newTable[ReleaseRow](s, "hrelease")
	h.swaps = newTable[SwapRow](s, "hswap")
	h.accepts = newTable[AcceptRow](s, "haccept")
	h.mods = newTable[ModRow](s, "hmod")
	h.approvals = newTable[ApproveRow](s, "happrove")
	h.rounds = newTable[RoundRow](s, "hround")
	h.fees = newTable[FeeRow](s, "hfee")
}

// HousingRules is the charter's housing section (nil if the node has none).
func (s *State) HousingRules() *charter.Housing {
	if s.charter == nil {
		return nil
	}
	return s.charter.Housing
}

var errNoHousing = errors.New("this node's charter has no housing section")

func (s *State) housingOffice(c *Context) (*charter.Housing, error) {
	h := s.HousingRules()
	switch {
	case h == nil:
		return nil, errNoHousing
	case !h.InOffice(c.E.Author):
		return nil, errors.New("only a holder of the housing office may do this")
	}
	return h, nil
}

func validateDwelling(s *State, c *Context, d *Dwelling) error {
	h, err := s.housingOffice(c)
	if err != nil {
		return err
	}
	switch {
	case d.Label == "" || len(d.Label) > MaxLabelLen:
		return fmt.Errorf("a dwelling's label is 1 to %d bytes", MaxLabelLen)
	case int(d.District) >= len(h.Districts):
		return fmt.Errorf("district %d is not in the charter", d.District)
	case d.Rooms == 0 || d.Rooms > MaxRooms:
		return fmt.Errorf("a dwelling has 1 to %d rooms", MaxRooms)
	case d.Area == 0 || d.Area > 10_000:
		return errors.New("floor area must be 1 to 10,000 m²")
	case d.Features>>len(h.Features) != 0:
		return errors.New("features outside the charter's list")
	case d.Repair > 2:
		return errors.New("state of repair is 0 (poor), 1 (fair) or 2 (good)")
	}
	return nil
}

func applyDwelling(s *State, c *Context, d *Dwelling) {
	s.housing.dwellings.put(string(c.E.ID[:]), DwellingRow{Office: c.E.Author, Label: d.Label, District: d.District,
		Rooms: d.Rooms, Area: d.Area, Features: d.Features, Repair: d.Repair, Time: c.E.Time})
}

// heldRight checks that r is a right given to the author in their current
// membership epoch by an entry they cite. Whether it is still current is
// for the next round to see (a stale right's act is skipped there).
func (s *State) heldRight(c *Context, r Right) (RightRow, error) {
	row, ok := s.housing.rights.get(r.key())
	switch {
	case !ok || !slices.Contains(c.E.Refs, r.Since):
		return row, errors.New("the right is not one given by an entry it references")
	case row.Holder != c.E.Author || row.Epoch != c.epoch():
		return row, errors.New("the right is not the author's")
	}
	return row, nil
}

func validateRelinquish(s *State, c *Context, r *Relinquish) error {
	if s.HousingRules() == nil {
		return errNoHousing
	}
	_, err := s.heldRight(c, r.Right)
	return err
}

func applyRelinquish(s *State, c *Context, r *Relinquish) {
	s.housing.releases.put(string(c.E.ID[:]), ReleaseRow{Holder: c.E.Author, Epoch: c.epoch(), Right: r.Right, Time: c.E.Time})
}

func validateSwapPropose(s *State, c *Context, p *SwapPropose) error {
	if s.HousingRules() == nil {
		return errNoHousing
	}
	if _, err := s.heldRight(c, p.Mine); err != nil {
		return err
	}
	theirs, ok := s.housing.rights.get(p.Theirs.key())
	switch {
	case !ok || !slices.Contains(c.E.Refs, p.Theirs.Since):
		return errors.New("the other right is not one given by an entry it references")
	case theirs.Holder == c.E.Author:
		return errors.New("a swap is between two households")
	}
	return nil
}

func applySwapPropose(s *State, c *Context, p *SwapPropose) {
	theirs, _ := s.housing.rights.get(p.Theirs.key())
	s.housing.swaps.put(string(c.E.ID[:]), SwapRow{A: c.E.Author, AEpoch: c.epoch(), B: theirs.Holder, BEpoch: theirs.Epoch,
		Mine: p.Mine, Theirs: p.Theirs, Time: c.E.Time})
}

func validateSwapAccept(s *State, c *Context, a *SwapAccept) error {
	p, ok := s.housing.swaps.get(string(a.Proposal[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, a.Proposal):
		return errors.New("the proposal is not a valid swap proposal it references")
	case p.B != c.E.Author || p.BEpoch != c.epoch():
		return errors.New("only the household the swap was offered to may accept it")
	case c.E.Time < p.Time:
		return errors.New("an acceptance is dated before its proposal")
	}
	return nil
}

// applySwapAccept records the consent and the two rights it gives; they
// take effect when a round folds the swap.
func applySwapAccept(s *State, c *Context, a *SwapAccept) {
	p, _ := s.housing.swaps.get(string(a.Proposal[:]))
	s.housing.accepts.put(string(c.E.ID[:]), AcceptRow{Proposal: a.Proposal, Time: c.E.Time})
	s.housing.rights.put(Right{Dwelling: p.Mine.Dwelling, Since: c.E.ID}.key(), RightRow{Holder: p.B, Epoch: p.BEpoch, Time: c.E.Time})
	s.housing.rights.put(Right{Dwelling: p.Theirs.Dwelling, Since: c.E.ID}.key(), RightRow{Holder: p.A, Epoch: p.AEpoch, Time: c.E.Time})
}

func validateModify(s *State, c *Context, m *ModifyRequest) error {
	h := s.HousingRules()
	if h == nil {
		return errNoHousing
	}
	if _, err := s.heldRight(c, m.Right); err != nil {
		return err
	}
	kind, ok := h.ModificationNamed(m.Work)
	switch {
	case !ok:
		return fmt.Errorf("the charter allows no modification %q", m.Work)
	case m.Amount <= 0 || m.Amount > kind.Limit:
		return fmt.Errorf("%s: 1 to %d %s, asked %d", m.Work, kind.Limit, kind.Unit, m.Amount)
	case len(m.Note) > MaxMemoLen:
		return fmt.Errorf("note is %d bytes, the limit is %d", len(m.Note), MaxMemoLen)
	}
	return nil
}

func applyModify(s *State, c *Context, m *ModifyRequest) {
	kind, _ := s.HousingRules().ModificationNamed(m.Work)
	s.housing.mods.put(string(c.E.ID[:]), ModRow{Holder: c.E.Author, Right: m.Right, Work: m.Work, Amount: m.Amount,
		NeedsApproval: m.Amount > kind.FreeUpTo, Time: c.E.Time})
}

func validateModifyApprove(s *State, c *Context, a *ModifyApprove) error {
	if _, err := s.housingOffice(c); err != nil {
		return err
	}
	m, ok := s.housing.mods.get(string(a.Request[:]))
	switch {
	case !ok || !slices.Contains(c.E.Refs, a.Request):
		return errors.New("the request is not a valid modification request it references")
	case !m.NeedsApproval:
		return errors.New("this modification is within the charter's free limit and needs no approval")
	case m.Holder == c.E.Author:
		return errors.New("no office holder approves their own modification")
	}
	return nil
}

func applyModifyApprove(s *State, c *Context, a *ModifyApprove) {
	s.housing.approvals.put(string(c.E.ID[:]), ApproveRow{Request: a.Request, Office: c.E.Author})
}

// validateEvict: an eviction needs a sanction decided through due process,
// which this node cannot record yet, so none is valid.
func validateEvict(s *State, c *Context, e *Evict) error {
	if _, err := s.housingOffice(c); err != nil {
		return err
	}
	return errors.New("an eviction needs a sanction decided through due process, and there is none it references")
}
