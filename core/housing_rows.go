package core

import "dac/core/ids"

// Housing rows. Keys beside each type; field numbers are part of the state
// hash: never renumber, only add.

// DwellingRow (key: registration id) is a registered dwelling.
type DwellingRow struct {
	Office   ids.PubKey `cbor:"1,keyasint" json:"office"`
	Label    string     `cbor:"2,keyasint" json:"label"`
	District uint8      `cbor:"3,keyasint" json:"district"`
	Rooms    uint8      `cbor:"4,keyasint" json:"rooms"`
	Area     uint32     `cbor:"5,keyasint" json:"area"`
	Features uint32     `cbor:"6,keyasint" json:"features"`
	Repair   uint8      `cbor:"7,keyasint" json:"repair"`
	Time     int64      `cbor:"8,keyasint" json:"time"`
}

// ApplicationRow (key: application id) is a household's application: its
// public part (who, since when, the commitment to its needs).
type ApplicationRow struct {
	Applicant ids.PubKey `cbor:"1,keyasint" json:"applicant"`
	Epoch     uint32     `cbor:"2,keyasint" json:"epoch"`
	Time      int64      `cbor:"3,keyasint" json:"time"`
	Commit    ids.Hash   `cbor:"4,keyasint" json:"commit"`
}

// RightRow (key: Right.Since ‖ Right.Dwelling) is a right of use as given.
type RightRow struct {
	Holder ids.PubKey `cbor:"1,keyasint" json:"holder"`
	Epoch  uint32     `cbor:"2,keyasint" json:"epoch"`
	Time   int64      `cbor:"3,keyasint" json:"time"`
}

// ReleaseRow (key: relinquish id) is a holder giving a right back.
type ReleaseRow struct {
	Holder ids.PubKey `cbor:"1,keyasint" json:"holder"`
	Epoch  uint32     `cbor:"2,keyasint" json:"epoch"`
	Right  Right      `cbor:"3,keyasint" json:"right"`
	Time   int64      `cbor:"4,keyasint" json:"time"`
}

// SwapRow (key: proposal id) is a swap offered by A to B.
type SwapRow struct {
	A      ids.PubKey `cbor:"1,keyasint" json:"a"`
	AEpoch uint32     `cbor:"2,keyasint" json:"a_epoch"`
	B      ids.PubKey `cbor:"3,keyasint" json:"b"`
	BEpoch uint32     `cbor:"4,keyasint" json:"b_epoch"`
	Mine   Right      `cbor:"5,keyasint" json:"mine"`   // A's
	Theirs Right      `cbor:"6,keyasint" json:"theirs"` // B's
	Time   int64      `cbor:"7,keyasint" json:"time"`
}

// AcceptRow (key: acceptance id) is B's consent to a swap.
type AcceptRow struct {
	Proposal ids.Hash `cbor:"1,keyasint" json:"proposal"`
	Time     int64    `cbor:"2,keyasint" json:"time"`
}

// ModRow (key: request id) is a modification request.
type ModRow struct {
	Holder        ids.PubKey `cbor:"1,keyasint" json:"holder"`
	Right         Right      `cbor:"2,keyasint" json:"right"`
	Work          string     `cbor:"3,keyasint" json:"work"`
	Amount        int64      `cbor:"4,keyasint" json:"amount"`
	NeedsApproval bool       `cbor:"5,keyasint" json:"needs_approval"`
	Time          int64      `cbor:"6,keyasint" json:"time"`
}

// ApproveRow (key: approval id) is the office approving a request.
type ApproveRow struct {
	Request ids.Hash   `cbor:"1,keyasint" json:"request"`
	Office  ids.PubKey `cbor:"2,keyasint" json:"office"`
}

// RoundRow (key: round id) is an allocation round and the map after it.
type RoundRow struct {
	N       uint64     `cbor:"1,keyasint" json:"n"`
	Prev    ids.Hash   `cbor:"2,keyasint" json:"prev"`
	Time    int64      `cbor:"3,keyasint" json:"time"`
	Closer  ids.PubKey `cbor:"4,keyasint" json:"closer"`
	Homes   []Home     `cbor:"5,keyasint" json:"homes"`   // every dwelling the round chain knows, sorted by dwelling
	Waiting []Waiting  `cbor:"6,keyasint" json:"waiting"` // applications still waiting after it, sorted by application id
	Served  []ids.Hash `cbor:"7,keyasint" json:"served"`  // applications ever allocated along the chain, sorted
	Pool    []Waiting  `cbor:"8,keyasint" json:"pool"`    // the applications this round considered
	Covered []ids.Hash `cbor:"9,keyasint" json:"covered"` // the free dwellings it covered, sorted
	Allocs  []Alloc    `cbor:"10,keyasint" json:"allocs"`
	Folded  []ids.Hash `cbor:"11,keyasint" json:"folded"`  // changes that took effect, in order
	Skipped []ids.Hash `cbor:"12,keyasint" json:"skipped"` // changes whose right was no longer current
}

// Home is one dwelling in a round's map; a zero Holder means free.
type Home struct {
	Dwelling ids.Hash   `cbor:"1,keyasint" json:"dwelling"`
	Holder   ids.PubKey `cbor:"2,keyasint" json:"holder"`
	Epoch    uint32     `cbor:"3,keyasint" json:"epoch"`
	Since    ids.Hash   `cbor:"4,keyasint" json:"since"`
}

// Waiting is an opened application: what the algorithm reads.
type Waiting struct {
	App       ids.Hash   `cbor:"1,keyasint" json:"app"`
	Applicant ids.PubKey `cbor:"2,keyasint" json:"applicant"`
	Epoch     uint32     `cbor:"3,keyasint" json:"epoch"`
	Time      int64      `cbor:"4,keyasint" json:"time"`
	Attrs     Attrs      `cbor:"5,keyasint" json:"attrs"`
}

// Alloc is one allocation of a round.
type Alloc struct {
	App       ids.Hash   `cbor:"1,keyasint" json:"app"`
	Applicant ids.PubKey `cbor:"2,keyasint" json:"applicant"`
	Dwelling  ids.Hash   `cbor:"3,keyasint" json:"dwelling"`
}
