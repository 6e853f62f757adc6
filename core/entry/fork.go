package entry

import (
	"bytes"

	"dac/core/ids"
)

// ForkProof is two signed entries by one author with the same node and
// sequence number but different ids: proof that the author double-signed a
// position in their chain (for example spent the same money twice offline).
// It is self-contained: anyone can verify it with no other data.
type ForkProof struct {
	_ struct{} `cbor:",toarray"`
	A []byte   // wire bytes of the entry with the smaller id
	B []byte   // wire bytes of the entry with the larger id
}

// Fork describes a verified fork.
type Fork struct {
	Author ids.PubKey
	Node   ids.Hash
	Seq    uint64
	A, B   ids.Hash
}

// NewForkProof builds a proof from two conflicting entries, in canonical order.
func NewForkProof(x, y *Signed) (ForkProof, error) {
	if bytes.Compare(x.ID[:], y.ID[:]) > 0 {
		x, y = y, x
	}
	p := ForkProof{A: x.Raw, B: y.Raw}
	_, err := p.Verify()
	return p, err
}

// Verify checks the proof standalone and returns what it proves.
func (p ForkProof) Verify() (Fork, error) {
	a, err := DecodeVerified(p.A)
	if err != nil {
		return Fork{}, err
	}
	b, err := DecodeVerified(p.B)
	if err != nil {
		return Fork{}, err
	}
	switch {
	case a.ID == b.ID:
		return Fork{}, Reject(Invalid, "fork proof names the same entry twice")
	case bytes.Compare(a.ID[:], b.ID[:]) > 0:
		return Fork{}, Reject(Invalid, "fork proof entries are not in canonical order")
	case a.Author != b.Author || a.Node != b.Node || a.Seq != b.Seq:
		return Fork{}, Reject(Invalid, "entries differ in author, node or sequence: no fork")
	}
	return Fork{Author: a.Author, Node: a.Node, Seq: a.Seq, A: a.ID, B: b.ID}, nil
}
