// Package ids defines the fixed-size identifiers used across DAC: entry and
// node hashes and ed25519 public keys. Both encode as CBOR byte strings and as
// lower-case hex in text (JSON, the CLI).
package ids

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"filippo.io/edwards25519"
)

// Hash is a SHA-256 digest: an entry id, a node id (the genesis entry's id)
// or a state hash.
type Hash [32]byte

// PubKey is an ed25519 public key: a member, an office, a kiosk or a tanker.
type PubKey [32]byte

// Sum hashes data under a domain-separation prefix so that a hash made for one
// purpose can never be replayed as another.
func Sum(domain string, data ...[]byte) Hash {
	h := sha256.New()
	h.Write([]byte(domain))
	h.Write([]byte{0})
	for _, d := range data {
		h.Write(d)
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

// IsZero reports whether h is all zeroes (no previous entry, no node yet).
func (h Hash) IsZero() bool { return h == Hash{} }

// String returns the full hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Short returns the first 8 hex digits, for people.
func (h Hash) Short() string { return h.String()[:8] }

// MarshalText encodes as hex (JSON and config files).
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText decodes hex.
func (h *Hash) UnmarshalText(b []byte) error { return decodeHex(h[:], string(b), "hash") }

// ParseHash parses 64 hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	err := decodeHex(h[:], s, "hash")
	return h, err
}

// IsZero reports whether k is unset.
func (k PubKey) IsZero() bool { return k == PubKey{} }

// String returns the full hex form.
func (k PubKey) String() string { return hex.EncodeToString(k[:]) }

// Short returns the first 8 hex digits, for people.
func (k PubKey) Short() string { return k.String()[:8] }

// ShortKeys joins the short forms of keys with ", ", for people.
func ShortKeys(ks []PubKey) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Short()
	}
	return strings.Join(out, ", ")
}

// MarshalText encodes as hex.
func (k PubKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes hex.
func (k *PubKey) UnmarshalText(b []byte) error { return decodeHex(k[:], string(b), "public key") }

// ParsePubKey parses 64 hex digits.
func ParsePubKey(s string) (PubKey, error) {
	var k PubKey
	err := decodeHex(k[:], s, "public key")
	return k, err
}

func decodeHex(dst []byte, s, what string) error {
	if len(s) != 2*len(dst) {
		return fmt.Errorf("a %s is %d hex digits, got %d", what, 2*len(dst), len(s))
	}
	if _, err := hex.Decode(dst, []byte(s)); err != nil {
		return fmt.Errorf("a %s is hex digits (0-9, a-f): %q is not", what, s)
	}
	return nil
}

// CheckMemberKey refuses keys that cannot belong to one person: encodings
// that are not a point, and points of small order (the identity among them),
// for which a valid-looking signature can be made by anyone (R = identity,
// S = 0 verifies for every message). Run it wherever a key becomes a member.
func (k PubKey) CheckMemberKey() error {
	p, err := new(edwards25519.Point).SetBytes(k[:])
	if err != nil {
		return fmt.Errorf("key %s is not a valid ed25519 public key", k.Short())
	}
	if p.MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return fmt.Errorf("key %s is a weak (small-order) key that anyone could sign for", k.Short())
	}
	return nil
}
