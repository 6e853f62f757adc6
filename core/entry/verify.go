package entry

import (
	"github.com/hdevalence/ed25519consensus"
)

// Signatures are checked under the ZIP-215 rules (cofactored verification,
// as in hdevalence/ed25519consensus), everywhere: one entry at a time, in
// batches, in fork proofs and for founders' genesis signatures. Batch
// verification is about twice as fast, and under ZIP-215 it accepts exactly
// the signatures single verification accepts, so a replica that verified a
// batch and one that verified entries one by one can never disagree. (Go's
// crypto/ed25519 is cofactorless; mixing the two rules would let a crafted
// signature split replicas.)

// VerifySig checks one ed25519 signature under the ZIP-215 rules.
func VerifySig(pub, msg, sig []byte) bool {
	return len(pub) == 32 && ed25519consensus.Verify(pub, msg, sig)
}

// batchSize bounds one batch: past a few hundred, batching gains nothing
// more and a failing batch costs more to sort out.
const batchSize = 256

// VerifyBatch checks the signatures of es, returning for each entry nil or
// the same error Verify would give. Signatures PreVerifySigned passed are taken
// as verified (once: see sigcache.go).
func VerifyBatch(es []*Signed) []error {
	errs := make([]error, len(es))
	rest, at := takeVerified(es)
	for j, err := range verifyEach(rest) {
		errs[at[j]] = err
	}
	return errs
}

// verifyEach verifies es in batches.
func verifyEach(es []*Signed) []error {
	errs := make([]error, len(es))
	for lo := 0; lo < len(es); lo += batchSize {
		chunk := es[lo:min(lo+batchSize, len(es))]
		if batchOK(chunk) {
			continue
		}
		for i, e := range chunk { // a bad one is in there: find it
			errs[lo+i] = e.Verify()
		}
	}
	return errs
}

func batchOK(es []*Signed) bool {
	if len(es) == 1 {
		return es[0].Verify() == nil
	}
	v := ed25519consensus.NewBatchVerifier()
	for _, e := range es {
		v.Add(e.Author[:], message(e.Payload), e.Sig)
	}
	return v.Verify()
}
