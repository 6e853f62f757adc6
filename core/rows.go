package core

import (
	"dac/core/charter"
	"dac/core/ids"
)

// Row types of the derived state. Keys are given beside each type. Field
// numbers are part of the state hash: never renumber, only add.

// GenesisRow (key: node id) is the node's founding act.
type GenesisRow struct {
	Charter  charter.Charter `cbor:"1,keyasint"`
	Founders []ids.PubKey    `cbor:"2,keyasint"`
	Time     int64           `cbor:"3,keyasint"`
}

// HeadRow is an author's highest entry (an index, not a hashed row).
type HeadRow struct {
	Seq  uint64   `cbor:"1,keyasint"`
	ID   ids.Hash `cbor:"2,keyasint"`
	Time int64    `cbor:"3,keyasint"`
}

// ForkRow (key: author ‖ seq as 8 bytes big-endian) is a proven fork: the two
// smallest ids competing for that position.
type ForkRow struct {
	A ids.Hash `cbor:"1,keyasint"`
	B ids.Hash `cbor:"2,keyasint"`
}

// RejectedRow (key: entry id) marks an entry that broke a rule of the node.
type RejectedRow struct {
	Author ids.PubKey `cbor:"1,keyasint"`
	Seq    uint64     `cbor:"2,keyasint"`
}

// MemberRow (key: member key) is a person's latest membership event.
type MemberRow struct {
	Epoch  uint32   `cbor:"1,keyasint"` // 0 for the first admission, +1 per re-admission
	Active bool     `cbor:"2,keyasint"` // false once they left in this epoch
	Since  int64    `cbor:"3,keyasint"` // claimed time of the event
	Entry  ids.Hash `cbor:"4,keyasint"` // the admit, leave or genesis
}

// VouchRow (key: vouch entry id) is one member vouching for an applicant.
type VouchRow struct {
	Voucher   ids.PubKey `cbor:"1,keyasint"`
	Applicant ids.PubKey `cbor:"2,keyasint"`
	Epoch     uint32     `cbor:"3,keyasint"`
	Time      int64      `cbor:"4,keyasint"`
}

// AdmitRow (key: admit entry id) is the registrar admitting an applicant.
type AdmitRow struct {
	Applicant ids.PubKey `cbor:"1,keyasint"`
	Epoch     uint32     `cbor:"2,keyasint"`
	Time      int64      `cbor:"3,keyasint"`
}

// LeaveRow (key: leave entry id) is a member leaving.
type LeaveRow struct {
	Member ids.PubKey `cbor:"1,keyasint"`
	Epoch  uint32     `cbor:"2,keyasint"`
	Time   int64      `cbor:"3,keyasint"`
}
