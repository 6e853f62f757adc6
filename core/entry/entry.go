// Package entry is DAC's signed envelope: every act of a member, office,
// kiosk or tanker is one entry in its author's append-only, hash-chained feed.
//
// Wire format (deterministic CBOR, see codec.go):
//
//	signed  = [payload: bstr, sig: bstr(64)]
//	payload = {1: author bstr(32), 2: seq uint, 3: prev bstr(32), 4: time int,
//	           5: node bstr(32), 6: kind tstr, 7: refs [* bstr(32)] (omitted when empty),
//	           8: body (any CBOR, itself deterministic)}
//
// The entry id is SHA-256("dac/entry/v1" 0x00 payload); the signature is
// ed25519 over the same domain-separated message. seq starts at 1 and prev is
// the id of the author's entry seq-1 (zero for seq 1). time is the author's
// claimed wall clock in unix milliseconds; it never goes backwards along a
// chain. node is the id of the node's genesis entry (zero in the genesis
// itself). refs name entries of other chains that this entry depends on: an
// entry is applied only once its prev and all its refs have been.
package entry

import (
	"crypto/ed25519"
	"fmt"
	"slices"

	"dac/core/ids"
)

// Limits. MaxBytes bounds what a peer can make us decode and store: 64 KiB is
// far above any legitimate entry (a genesis with a full charter and dozens of
// founder signatures is a few KiB) and small enough to hold thousands in memory.
const (
	MaxBytes    = 64 << 10
	MaxRefs     = 64
	MaxKindLen  = 32
	SigSize     = ed25519.SignatureSize
	idDomain    = "dac/entry/v1"
	GenesisKind = "genesis"
)

// Entry is the unsigned content of a feed entry.
type Entry struct {
	Author ids.PubKey `cbor:"1,keyasint"`
	Seq    uint64     `cbor:"2,keyasint"`
	Prev   ids.Hash   `cbor:"3,keyasint"`
	Time   int64      `cbor:"4,keyasint"`
	Node   ids.Hash   `cbor:"5,keyasint"`
	Kind   string     `cbor:"6,keyasint"`
	Refs   []ids.Hash `cbor:"7,keyasint,omitempty"`
	Body   RawBody    `cbor:"8,keyasint"`
}

// RawBody is a body kept as its CBOR bytes; the entry's kind decodes it.
type RawBody []byte

// MarshalCBOR writes the body bytes as they are.
func (b RawBody) MarshalCBOR() ([]byte, error) {
	if len(b) == 0 {
		return []byte{0xf6}, nil // null
	}
	return b, nil
}

// UnmarshalCBOR keeps a copy of the body bytes.
func (b *RawBody) UnmarshalCBOR(data []byte) error {
	*b = append((*b)[:0], data...)
	return nil
}

// Signed is a decoded, signed entry together with its exact bytes.
type Signed struct {
	Entry
	ID      ids.Hash
	Sig     []byte
	Payload []byte // the signed bytes
	Raw     []byte // the whole wire encoding
}

type wire struct {
	_       struct{} `cbor:",toarray"`
	Payload []byte
	Sig     []byte
}

// Sign encodes e, signs it with priv and returns the signed entry.
func Sign(e Entry, priv ed25519.PrivateKey) (*Signed, error) {
	if len(e.Body) == 0 {
		e.Body = RawBody{0xf6}
	}
	e.Refs = sortRefs(e.Refs)
	payload, err := Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode entry: %w", err)
	}
	sig := ed25519.Sign(priv, message(payload))
	raw, err := Marshal(wire{Payload: payload, Sig: sig})
	if err != nil {
		return nil, fmt.Errorf("encode entry: %w", err)
	}
	return &Signed{Entry: e, ID: idOf(payload), Sig: sig, Payload: payload, Raw: raw}, nil
}

// EncodeBody encodes a kind's body deterministically.
func EncodeBody(v any) (RawBody, error) {
	b, err := Marshal(v)
	return RawBody(b), err
}

// Decode parses a wire entry and checks its form: size, strict deterministic
// CBOR, field sizes. It does not verify the signature (see Verify).
func Decode(raw []byte) (*Signed, error) {
	if len(raw) > MaxBytes {
		return nil, Reject(Oversized, "%d bytes, the limit is %d", len(raw), MaxBytes)
	}
	var w wire
	if err := UnmarshalCanonical(raw, &w); err != nil {
		return nil, Reject(Malformed, "not a DAC entry: the bytes are not a [payload, signature] pair in deterministic CBOR (%v)", err)
	}
	if len(w.Sig) != SigSize {
		return nil, Reject(Malformed, "signature is %d bytes, want %d", len(w.Sig), SigSize)
	}
	var e Entry
	if err := UnmarshalCanonical(w.Payload, &e); err != nil {
		return nil, Reject(Malformed, "the signed part is not a well-formed entry in deterministic CBOR (%v)", err)
	}
	if err := checkForm(&e); err != nil {
		return nil, err
	}
	own := append([]byte(nil), raw...) // the caller may reuse its buffer
	return &Signed{Entry: e, ID: idOf(w.Payload), Sig: w.Sig, Payload: w.Payload, Raw: own}, nil
}

func checkForm(e *Entry) error {
	switch {
	case e.Seq == 0:
		return Reject(Malformed, "sequence numbers start at 1")
	case e.Time < 0:
		return Reject(Malformed, "claimed time %d is before 1970", e.Time)
	case e.Kind == "" || len(e.Kind) > MaxKindLen:
		return Reject(Malformed, "kind must be 1 to %d bytes", MaxKindLen)
	case len(e.Refs) > MaxRefs:
		return Reject(Malformed, "%d refs, the limit is %d", len(e.Refs), MaxRefs)
	case !slices.IsSortedFunc(e.Refs, cmpHash) || hasDup(e.Refs):
		return Reject(Malformed, "refs must be sorted and distinct")
	case len(e.Body) == 0:
		return Reject(Malformed, "missing body")
	}
	return nil
}

// Verify checks the signature.
func (s *Signed) Verify() error {
	if !VerifySig(s.Author[:], message(s.Payload), s.Sig) {
		return Reject(BadSignature, "entry %s by %s", s.ID.Short(), s.Author.Short())
	}
	return nil
}

// DecodeVerified decodes and verifies in one step.
func DecodeVerified(raw []byte) (*Signed, error) {
	s, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	if err := s.Verify(); err != nil {
		return nil, err
	}
	return s, nil
}

// VerifyMessage is the exact ed25519 message for a payload; exported so that a
// benchmark can measure bare verification of the same bytes.
func VerifyMessage(payload []byte) []byte { return message(payload) }

func message(payload []byte) []byte {
	m := make([]byte, 0, len(idDomain)+1+len(payload))
	m = append(m, idDomain...)
	m = append(m, 0)
	return append(m, payload...)
}

func idOf(payload []byte) ids.Hash { return ids.Sum(idDomain, payload) }

func cmpHash(a, b ids.Hash) int { return slices.Compare(a[:], b[:]) }

func sortRefs(r []ids.Hash) []ids.Hash {
	if len(r) == 0 {
		return nil
	}
	r = slices.Clone(r)
	slices.SortFunc(r, cmpHash)
	return slices.Compact(r)
}

func hasDup(r []ids.Hash) bool {
	for i := 1; i < len(r); i++ {
		if r[i] == r[i-1] {
			return true
		}
	}
	return false
}
