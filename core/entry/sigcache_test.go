package entry_test

import (
	"bytes"
	"testing"

	"dac/core/entry"
)

// A signature verified ahead is taken once; a different signature on the
// same payload, or a bad one verified ahead, is still refused.
func TestPreVerifiedSignatures(t *testing.T) {
	good := mustSign(t, baseEntry(t), privA)
	payload, sig := unwrap(t, good.Raw)
	bad := bytes.Clone(sig)
	bad[5] ^= 1
	badRaw := wrap(t, payload, bad)
	decode := func(raw []byte) *entry.Signed {
		e, err := entry.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	entry.PreVerifySigned([]*entry.Signed{decode(good.Raw), decode(badRaw)})
	errs := entry.VerifyBatch([]*entry.Signed{decode(badRaw), decode(good.Raw), decode(good.Raw)})
	if errs[0] == nil {
		t.Fatal("a bad signature passed after the good one on the same payload was verified ahead")
	}
	if errs[1] != nil || errs[2] != nil {
		t.Fatalf("a good signature refused: %v", errs)
	}
}
