package core

import (
	"crypto/ed25519"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"

	"filippo.io/edwards25519"
	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"

	"dac/core/entry"
	"dac/core/ids"
)

// Private needs. An application carries its household's needs sealed with
// a random data key (nacl secretbox); the data key is sealed (nacl box,
// anonymous sender) to the applicant and to every holder of the housing
// office, under X25519 keys derived from their ed25519 keys (the standard
// birational map: public = the Edwards point in Montgomery form, private =
// the clamped first half of SHA-512(seed)). Beside it the application
// carries a salted commitment to the attributes the algorithm reads; the
// round close opens exactly those (size, required features, acceptable
// districts) with their salt, so every replica can check them against the
// commitment and recompute the allocation, while the free-text note stays
// readable by the office and the applicant alone.

// Attrs are the needs the allocation algorithm reads.
type Attrs struct {
	Size      uint8  `cbor:"1,keyasint" json:"size"`                // persons in the household
	Access    uint32 `cbor:"2,keyasint,omitempty" json:"access"`    // features required (bits over the charter's)
	Districts uint32 `cbor:"3,keyasint,omitempty" json:"districts"` // acceptable districts (bits; 0 = any)
}

// Needs is the sealed content of an application.
type Needs struct {
	Attrs Attrs  `cbor:"1,keyasint" json:"attrs"`
	Salt  []byte `cbor:"2,keyasint" json:"-"`
	Note  string `cbor:"3,keyasint,omitempty" json:"note"` // anything the office should know
}

// SealedKey is the data key sealed to one reader.
type SealedKey struct {
	To  ids.PubKey `cbor:"1,keyasint" json:"to"`
	Box []byte     `cbor:"2,keyasint" json:"box"`
}

// Limits of sealed needs.
const (
	SaltLen      = 16
	MaxNeedsNote = 1000
	maxSealed    = 2048
	dataKeyLen   = 32
	nonceLen     = 24
)

// Commit is the commitment to attrs under salt.
func (a Attrs) Commit(salt []byte) ids.Hash {
	b, err := entry.Marshal(a)
	if err != nil {
		panic("core: attrs cannot be encoded: " + err.Error()) // a programming error
	}
	return ids.Sum("dac/housing/needs/v1", salt, b)
}

// SealNeeds seals n to readers (the applicant and the office holders) and
// returns the application body.
func SealNeeds(n Needs, readers []ids.PubKey, rand io.Reader) (HousingApply, error) {
	if len(n.Salt) != SaltLen {
		return HousingApply{}, fmt.Errorf("salt must be %d bytes", SaltLen)
	}
	plain, err := entry.Marshal(n)
	if err != nil {
		return HousingApply{}, err
	}
	var key [dataKeyLen]byte
	var nonce [nonceLen]byte
	if _, err := io.ReadFull(rand, key[:]); err != nil {
		return HousingApply{}, err
	}
	if _, err := io.ReadFull(rand, nonce[:]); err != nil {
		return HousingApply{}, err
	}
	a := HousingApply{Commit: n.Attrs.Commit(n.Salt), Sealed: secretbox.Seal(nonce[:], plain, &nonce, &key)}
	for _, r := range readers {
		pub, err := X25519Public(r)
		if err != nil {
			return HousingApply{}, err
		}
		b, err := box.SealAnonymous(nil, key[:], pub, rand)
		if err != nil {
			return HousingApply{}, err
		}
		a.Keys = append(a.Keys, SealedKey{To: r, Box: b})
	}
	return a, nil
}

// ErrNotReader is returned when the key opening an application is not one
// it was sealed to.
var ErrNotReader = errors.New("these needs are not sealed to this key (only the applicant and the housing office can read them)")

// OpenNeeds opens an application's needs with priv, and checks that they
// match the application's commitment.
func OpenNeeds(a *HousingApply, priv ed25519.PrivateKey) (Needs, error) {
	me := ids.PubKey(priv.Public().(ed25519.PublicKey))
	for _, k := range a.Keys {
		if k.To != me {
			continue
		}
		pub, err := X25519Public(me)
		if err != nil {
			return Needs{}, err
		}
		key, ok := box.OpenAnonymous(nil, k.Box, pub, X25519Private(priv))
		if !ok || len(key) != dataKeyLen || len(a.Sealed) < nonceLen {
			return Needs{}, errors.New("the sealed needs do not open with this key")
		}
		return openSealed(a, key)
	}
	return Needs{}, ErrNotReader
}

func openSealed(a *HousingApply, key []byte) (Needs, error) {
	var n Needs
	var nonce [nonceLen]byte
	var k [dataKeyLen]byte
	copy(nonce[:], a.Sealed[:nonceLen])
	copy(k[:], key)
	plain, ok := secretbox.Open(nil, a.Sealed[nonceLen:], &nonce, &k)
	if !ok {
		return n, errors.New("the sealed needs are damaged")
	}
	if err := entry.UnmarshalCanonical(plain, &n); err != nil {
		return n, fmt.Errorf("the sealed needs: %v", err)
	}
	if n.Attrs.Commit(n.Salt) != a.Commit {
		return n, errors.New("the sealed needs do not match the application's commitment")
	}
	return n, nil
}

// X25519Public converts an ed25519 public key to its X25519 form.
func X25519Public(k ids.PubKey) (*[32]byte, error) {
	p, err := new(edwards25519.Point).SetBytes(k[:])
	if err != nil {
		return nil, fmt.Errorf("key %s is not a valid point", k.Short())
	}
	var out [32]byte
	copy(out[:], p.BytesMontgomery())
	return &out, nil
}

// X25519Private converts an ed25519 private key to its X25519 form.
func X25519Private(priv ed25519.PrivateKey) *[32]byte {
	h := sha512.Sum512(priv.Seed())
	var out [32]byte
	copy(out[:], h[:32])
	out[0] &= 248
	out[31] &= 127
	out[31] |= 64
	return &out
}
