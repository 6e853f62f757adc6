package identity

import (
	"errors"

	"golang.org/x/crypto/argon2"
)

// Limits that keep a damaged or hostile key file from making us spend
// unbounded memory or time in argon2id.
const (
	maxKDFTime      = 100
	maxKDFMemoryKiB = 4 << 20 // 4 GiB
)

// KDFParams are the argon2id parameters recorded beside every sealed key.
type KDFParams struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF returns the parameters Seal should normally use:
// 3 passes over 64 MiB with 4 threads.
func DefaultKDF() KDFParams {
	return KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}
}

// Validate reports whether p is usable and within sane bounds.
func (p KDFParams) Validate() error {
	switch {
	case p.Time < 1:
		return errors.New("the key derivation time must be at least 1")
	case p.Time > maxKDFTime:
		return errors.New("the key derivation time is above 100")
	case p.Threads == 0:
		return errors.New("the key derivation needs at least 1 thread")
	case p.MemoryKiB < 8*uint32(p.Threads):
		return errors.New("the key derivation memory must be at least 8 KiB per thread")
	case p.MemoryKiB > maxKDFMemoryKiB:
		return errors.New("the key derivation memory is above 4 GiB")
	}
	return nil
}

// deriveKey runs argon2id; p must already be valid.
func (p KDFParams) deriveKey(passphrase, salt []byte) []byte {
	return argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
}
