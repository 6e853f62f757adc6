package entry_test

import (
	"crypto/ed25519"
	"errors"
	"testing"

	"dac/core/entry"
	"dac/core/ids"
)

func batchOf(t *testing.T, n int) []*entry.Signed {
	t.Helper()
	out := make([]*entry.Signed, n)
	for i := range out {
		priv := ed25519.NewKeyFromSeed(append(make([]byte, 31), byte(i)))
		e := entry.Entry{Author: ids.PubKey(priv.Public().(ed25519.PublicKey)), Seq: 1, Time: int64(i), Kind: "vouch", Body: entry.RawBody{0xa0}}
		s, err := entry.Sign(e, priv)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = s
	}
	return out
}

func TestVerifyBatchFindsExactlyTheBadOnes(t *testing.T) {
	for _, n := range []int{1, 2, 255, 256, 257, 600} {
		es := batchOf(t, n)
		bad := map[int]bool{0: true, n / 2: true, n - 1: true}
		for i := range bad {
			sig := append([]byte(nil), es[i].Sig...)
			sig[5] ^= 1
			es[i] = &entry.Signed{Entry: es[i].Entry, ID: es[i].ID, Sig: sig, Payload: es[i].Payload, Raw: es[i].Raw}
		}
		errs := entry.VerifyBatch(es)
		for i, err := range errs {
			if bad[i] != (err != nil) {
				t.Fatalf("n=%d entry %d: bad=%v, batch says %v", n, i, bad[i], err)
			}
			if err != nil && !errors.Is(err, entry.ErrBadSignature) {
				t.Fatalf("n=%d entry %d: %v", n, i, err)
			}
		}
	}
}

func TestVerifyBatchAcceptsGoodBatches(t *testing.T) {
	for _, err := range entry.VerifyBatch(batchOf(t, 300)) {
		if err != nil {
			t.Fatal(err)
		}
	}
}
