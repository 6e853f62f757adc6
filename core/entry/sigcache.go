package entry

import (
	"crypto/sha256"
	"sync"
)

// Signatures verified ahead. A catch-up receives blocks for seconds before
// it applies them; PreVerifySigned checks their signatures meanwhile, on a core
// the network leaves idle, and remembers which (entry, signature) pairs
// passed, so that VerifyBatch, when the entries are applied, takes each
// remembered one once instead of verifying it again. The key covers the
// entry's id (the hash of the signed payload) and the whole signature: a
// different signature on the same payload is verified afresh. Remembering
// a result changes nothing but speed (verification is a pure function);
// the cache is bounded, and an entry is forgotten when it is taken.

// sigCacheMax bounds the remembered pairs (32 bytes each, plus the map's
// overhead: a few MiB).
const sigCacheMax = 1 << 18

var sigCache = struct {
	sync.Mutex
	ok map[[32]byte]struct{}
}{ok: map[[32]byte]struct{}{}}

func sigKey(e *Signed) [32]byte {
	h := sha256.New()
	h.Write(e.ID[:])
	h.Write(e.Sig)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// PreVerifySigned verifies the signatures of decoded entries, remembering
// those that pass for a later VerifyBatch. Entries that do not verify are
// skipped: the store rejects them when they are offered.
func PreVerifySigned(es []*Signed) {
	errs := verifyEach(es)
	sigCache.Lock()
	defer sigCache.Unlock()
	for i, e := range es {
		if errs[i] != nil {
			continue
		}
		if len(sigCache.ok) >= sigCacheMax { // pairs a failed catch-up never took: forget them all
			clear(sigCache.ok)
		}
		sigCache.ok[sigKey(e)] = struct{}{}
	}
}

// takeVerified splits es into the indexes already verified ahead (and
// forgets them) and the entries still to verify with their indexes.
func takeVerified(es []*Signed) (rest []*Signed, at []int) {
	sigCache.Lock()
	defer sigCache.Unlock()
	if len(sigCache.ok) == 0 {
		at = make([]int, len(es))
		for i := range es {
			at[i] = i
		}
		return es, at
	}
	for i, e := range es {
		k := sigKey(e)
		if _, ok := sigCache.ok[k]; ok {
			delete(sigCache.ok, k)
			continue
		}
		rest, at = append(rest, e), append(at, i)
	}
	return rest, at
}
