package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"
)

// fuzzAffordable keeps the fuzzer from spending seconds (or GiBs) in argon2id
// on parameters that Validate accepts but that are costly.
func fuzzAffordable(p KDFParams) bool {
	return p.Time <= 2 && p.MemoryKiB <= 16*1024
}

func FuzzOpen(f *testing.F) {
	blob, err := Seal(bytes.Repeat([]byte{7}, 32), []byte("pw"), testKDF, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(blob)
	f.Add(blob[:len(blob)/2])
	f.Add(bytes.Replace(blob, []byte(`"time":1`), []byte(`"time":2`), 1))
	f.Add(bytes.Replace(blob, []byte(`"memory_kib":8192`), []byte(`"memory_kib":4294967295`), 1))
	f.Add(bytes.Replace(blob, []byte(`"version":1`), []byte(`"version":2`), 1))
	f.Add([]byte(`{"format":"dac-keystore","version":1}`))
	f.Add([]byte("not a keystore"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, blob []byte) {
		info, err := Inspect(blob)
		if err == nil && !fuzzAffordable(info.KDF) {
			return
		}
		priv, err := Open(blob, []byte("pw"))
		checkOpenResult(t, info, priv, err)
	})
}

func checkOpenResult(t *testing.T, info Info, priv ed25519.PrivateKey, err error) {
	if err != nil {
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrWrongPassphrase) && !errors.Is(err, ErrUnsupportedVersion) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		return
	}
	if !priv.Public().(ed25519.PublicKey).Equal(info.Public) {
		t.Fatal("Open succeeded with a key that does not match the recorded public key")
	}
}
