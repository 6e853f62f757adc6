package core

import "dac/core/ids"

// Housing rows. Keys beside each type; field numbers are part of the state
// hash: never renumber, only add.

// DwellingRow (key: registration id) is a registered dwelling.
type DwellingRow struct {
	Office   ids.PubKey `cbor:"1,keyasint"`
	Label    string     `cbor:"2,keyasint"`
	District uint8      `cbor:"3,keyasint"`
	Rooms    uint8      `cbor:"4,keyasint"`
	Area     uint32     `cbor:"5,keyasint"`
	Features uint32     `cbor:"6,keyasint"`
	Repair   uint8      `cbor:"7,keyasint"`
	Time     int64      `cbor:"8,keyasint"`
}

// ApplicationRow (key: application id) is a household's application: its
// public part (who, since when, the commitment to its needs).
type ApplicationRow struct {
	Applicant ids.PubKey `cbor:"1,keyasint"`
	Epoch     uint32     `cbor:"2,keyasint"`
	Time      int64      `cbor:"3,keyasint"`
	Commit    ids.Hash   `cbor:"4,keyasint"`
}

// RightRow (key: Right.Since ‖ Right.Dwelling) is a right of use as given.
type RightRow struct {
	Holder ids.PubKey `cbor:"1,keyasint"`
	Epoch  uint32     `cbor:"2,keyasint"`
	Time   int64      `cbor:"3,keyasint"`
}

// ReleaseRow (key: relinquish id) is a holder giving a right back.
type ReleaseRow struct {
	Holder ids.PubKey `cbor:"1,keyasint"`
	Epoch  uint32     `cbor:"2,keyasint"`
	Right  Right      `cbor:"3,keyasint"`
	Time   int64      `cbor:"4,keyasint"`
}

// SwapRow (key: proposal id) is a swap offered by A to B.
type SwapRow struct {
	A      ids.PubKey `cbor:"1,keyasint"`
	AEpoch uint32     `cbor:"2,keyasint"`
	B      ids.PubKey `cbor:"3,keyasint"`
	BEpoch uint32     `cbor:"4,keyasint"`
	Mine   Right      `cbor:"5,keyasint"` // A's
	Theirs Right      `cbor:"6,keyasint"` // B's
	Time   int64      `cbor:"7,keyasint"`
}

// AcceptRow (key: acceptance id) is B's consent to a swap.
type AcceptRow struct {
	Proposal ids.Hash `cbor:"1,keyasint"`
	Time     int64    `cbor:"2,keyasint"`
}

// ModRow (key: request id) is a modification request.
type ModRow struct {
	Holder        ids.PubKey `cbor:"1,keyasint"`
	Right         Right      `cbor:"2,keyasint"`
	Work          string     `cbor:"3,keyasint"`
	Amount        int64      `cbor:"4,keyasint"`
	NeedsApproval bool       `cbor:"5,keyasint"`
	Time          int64      `cbor:"6,keyasint"`
}

// ApproveRow (key: approval id) is the office approving a request.
type ApproveRow struct {
	Request ids.Hash   `cbor:"1,keyasint"`
	Office  ids.PubKey `cbor:"2,keyasint"`
}

// RoundRow (key: round id) is an allocation round and the map after it.
type RoundRow struct {
	N       uint64     `cbor:"1,keyasint"`
	Prev    ids.Hash   `cbor:"2,keyasint"`
	Time    int64      `cbor:"3,keyasint"`
	Closer  ids.PubKey `cbor:"4,keyasint"`
	Homes   []Home     `cbor:"5,keyasint"` // every dwelling the round chain knows, sorted by dwelling
	Waiting []Waiting  `cbor:"6,keyasint"` // applications still waiting after it, sorted by application id
	Served  []ids.Hash `cbor:"7,keyasint"` // applications ever allocated along the chain, sorted
	Pool    []Waiting  `cbor:"8,keyasint"` // the applications this round considered
	Covered []ids.Hash `cbor:"9,keyasint"` // the free dwellings it covered, sorted
	Allocs  []Alloc    `cbor:"10,keyasint"`
	Folded  []ids.Hash `cbor:"11,keyasint"` // changes that took effect, in order
	Skipped []ids.Hash `cbor:"12,keyasint"` // changes whose right was no longer current
}

// Home is one dwelling in a round's map; a zero Holder means free.
type Home struct {
	Dwelling ids.Hash   `cbor:"1,keyasint"`
	Holder   ids.PubKey `cbor:"2,keyasint"`
	Epoch    uint32     `cbor:"3,keyasint"`
	Since    ids.Hash   `cbor:"4,keyasint"`
}

// Waiting is an opened application: what the algorithm reads.
type Waiting struct {
	App       ids.Hash   `cbor:"1,keyasint"`
	Applicant ids.PubKey `cbor:"2,keyasint"`
	Epoch     uint32     `cbor:"3,keyasint"`
	Time      int64      `cbor:"4,keyasint"`
	Attrs     Attrs      `cbor:"5,keyasint"`
}

// Alloc is one allocation of a round.
type Alloc struct {
	App       ids.Hash   `cbor:"1,keyasint"`
	Applicant ids.PubKey `cbor:"2,keyasint"`
	Dwelling  ids.Hash   `cbor:"3,keyasint"`
}
