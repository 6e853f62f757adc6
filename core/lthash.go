package core

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"math/bits"
	"sync"

	"dac/core/ids"
)

// ltHash is a homomorphic multiset hash (LtHash, as in Bellare–Micciancio and
// Facebook's "Securing Update Propagation with Homomorphic Hashing"): each row
// hash is expanded to 1024 16-bit lanes and added lane-wise mod 2^16. The
// expansion is the AES-256-CTR keystream under the row hash as key (zero IV):
// a standard PRG, and with AES instructions (amd64, arm64) five times faster
// than SHAKE128, which matters because every changed row is expanded. Adding and removing rows in any order gives the same value, so the
// state hash can be updated per changed row instead of re-hashing the state,
// and a full rebuild gives exactly the incremental value.
type ltHash [ltLanes / 4]uint64 // four 16-bit lanes per word, little-endian

const ltLanes = 1024

func (l *ltHash) add(row ids.Hash) { l.mix(row, 1) }
func (l *ltHash) sub(row ids.Hash) { l.mix(row, -1) }

// ltZero is the keystream's input; ltBufs recycles the keystream buffers
// (the cipher's interface makes a local one escape to the heap).
var (
	ltZero [2 * ltLanes]byte
	ltBufs = sync.Pool{New: func() any { return new([2 * ltLanes]byte) }}
)

// lane masks: the top bit of each 16-bit lane.
const ltTop = 0x8000_8000_8000_8000

func (l *ltHash) mix(row ids.Hash, sign int) {
	buf := ltBufs.Get().(*[2 * ltLanes]byte)
	defer ltBufs.Put(buf)
	var iv [aes.BlockSize]byte
	block, err := aes.NewCipher(row[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	cipher.NewCTR(block, iv[:]).XORKeyStream(buf[:], ltZero[:])
	// Four lanes at a time, mod 2^16 each (SWAR): the low 15 bits add
	// without crossing lanes, the top bits by xor.
	for i := range l {
		a, b := l[i], binary.LittleEndian.Uint64(buf[8*i:])
		if sign > 0 {
			l[i] = ((a &^ ltTop) + (b &^ ltTop)) ^ ((a ^ b) & ltTop)
		} else {
			l[i] = ((a | ltTop) - (b &^ ltTop)) ^ ((a ^ ^b) & ltTop)
		}
	}
}

func (l *ltHash) sum() ids.Hash { return ids.Sum("dac/state/v1", l.bytes()) }

// rowSum is the sum of the row hashes as 256-bit integers mod 2^256. It is
// not a secure multiset hash (sums can be steered), but it is a cheap and
// exact checksum of the stored rows: the store keeps it with the LtHash
// accumulator at each checkpoint, so that a load checks the rows against it
// instead of expanding every row into the LtHash again. The state hash
// shared between replicas stays the LtHash.
type rowSum [4]uint64

func (r *rowSum) add(h ids.Hash) {
	var c uint64
	for i := range r {
		r[i], c = bits.Add64(r[i], binary.LittleEndian.Uint64(h[8*i:]), c)
	}
}

func (r *rowSum) sub(h ids.Hash) {
	var b uint64
	for i := range r {
		r[i], b = bits.Sub64(r[i], binary.LittleEndian.Uint64(h[8*i:]), b)
	}
}

func (r *rowSum) bytes() ids.Hash {
	var h ids.Hash
	for i, v := range r {
		binary.LittleEndian.PutUint64(h[8*i:], v)
	}
	return h
}

func (l *ltHash) bytes() []byte {
	b := make([]byte, 2*ltLanes)
	for i, v := range l {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return b
}

func (l *ltHash) setBytes(b []byte) {
	for i := range l {
		l[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
}
