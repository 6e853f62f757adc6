package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// testKDF keeps argon2id cheap so the suite stays fast.
var testKDF = KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

var testPass = []byte("correct horse battery staple")

func newSeed(t testing.TB) []byte {
	t.Helper()
	seed, err := Generate(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

func sealTest(t testing.TB, seed []byte) []byte {
	t.Helper()
	blob, err := Seal(seed, testPass, testKDF, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

func TestSealOpenRoundTrip(t *testing.T) {
	seed := newSeed(t)
	blob := sealTest(t, seed)
	priv, err := Open(blob, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if want := ed25519.NewKeyFromSeed(seed); !priv.Equal(want) {
		t.Fatal("Open returned a different private key")
	}
	if again := sealTest(t, seed); bytes.Equal(again, blob) {
		t.Fatal("two Seals of the same seed are identical; salt and nonces must be random")
	}
}

func TestInspect(t *testing.T) {
	seed := newSeed(t)
	info, err := Inspect(sealTest(t, seed))
	if err != nil {
		t.Fatal(err)
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	if info.Version != 1 || !info.Public.Equal(pub) || info.KDF != testKDF {
		t.Fatalf("Inspect = %+v", info)
	}
}

func TestDefaultKDFRecorded(t *testing.T) {
	seed := newSeed(t)
	start := time.Now()
	blob, err := Seal(seed, testPass, DefaultKDF(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := Open(blob, testPass)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("DefaultKDF Seal+Open took %v", time.Since(start))
	if !priv.Equal(ed25519.NewKeyFromSeed(seed)) {
		t.Fatal("wrong key")
	}
	info, err := Inspect(blob)
	want := KDFParams{Time: 3, MemoryKiB: 65536, Threads: 4}
	if err != nil || info.KDF != want || DefaultKDF() != want {
		t.Fatalf("Inspect = %+v, %v; want KDF %+v", info, err, want)
	}
	if !bytes.Contains(blob, []byte(`"memory_kib":65536`)) {
		t.Fatalf("params not readable in blob: %s", blob)
	}
}

func TestWrongPassphrase(t *testing.T) {
	blob := sealTest(t, newSeed(t))
	for _, pass := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if _, err := Open(blob, []byte(pass)); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("Open(%q) error = %v, want ErrWrongPassphrase", pass, err)
		}
	}
}

func TestBlobHoldsNoSecret(t *testing.T) {
	seed := newSeed(t)
	blob := sealTest(t, seed)
	for _, secret := range [][]byte{seed, ed25519.NewKeyFromSeed(seed)} {
		forms := []string{
			string(secret), hex.EncodeToString(secret), strings.ToUpper(hex.EncodeToString(secret)),
			base64.StdEncoding.EncodeToString(secret), base64.RawStdEncoding.EncodeToString(secret),
			base64.URLEncoding.EncodeToString(secret), base64.RawURLEncoding.EncodeToString(secret),
		}
		for _, f := range forms {
			if bytes.Contains(blob, []byte(f)) {
				t.Fatalf("blob contains secret in form %q", f)
			}
		}
	}
}

// mutate decodes blob, applies edit and re-encodes it.
func mutate(t *testing.T, blob []byte, edit func(*fileJSON)) []byte {
	t.Helper()
	var f fileJSON
	if err := json.Unmarshal(blob, &f); err != nil {
		t.Fatal(err)
	}
	edit(&f)
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// flip flips one bit of the bytes behind a base64 field.
func flip(field *string) {
	b, err := base64.StdEncoding.DecodeString(*field)
	if err != nil || len(b) == 0 {
		panic("flip: bad field")
	}
	b[len(b)/2] ^= 0x01
	*field = base64.StdEncoding.EncodeToString(b)
}

func TestTamperedFields(t *testing.T) {
	blob := sealTest(t, newSeed(t))
	cases := []struct {
		name string
		edit func(*fileJSON)
		want error
	}{
		{"ciphertext flipped", func(f *fileJSON) { flip(&f.Data.Ciphertext) }, ErrCorrupt},
		{"data nonce flipped", func(f *fileJSON) { flip(&f.Data.Nonce) }, ErrCorrupt},
		{"wrapped key flipped", func(f *fileJSON) { flip(&f.Wrap.Key) }, ErrWrongPassphrase},
		{"wrap nonce flipped", func(f *fileJSON) { flip(&f.Wrap.Nonce) }, ErrWrongPassphrase},
		{"salt flipped", func(f *fileJSON) { flip(&f.KDF.Salt) }, ErrWrongPassphrase},
		{"time changed", func(f *fileJSON) { f.KDF.Time = 2 }, ErrWrongPassphrase},
		{"memory changed", func(f *fileJSON) { f.KDF.MemoryKiB += 8 }, ErrWrongPassphrase},
		{"threads changed", func(f *fileJSON) { f.KDF.Threads = 2 }, ErrWrongPassphrase},
		{"public key changed", func(f *fileJSON) { f.Public = strings.Repeat("ab", 32) }, ErrWrongPassphrase},
		{"huge memory", func(f *fileJSON) { f.KDF.MemoryKiB = 1<<32 - 1 }, ErrCorrupt},
		{"memory just over 4 GiB", func(f *fileJSON) { f.KDF.MemoryKiB = 4<<20 + 1 }, ErrCorrupt},
		{"huge time", func(f *fileJSON) { f.KDF.Time = 1<<32 - 1 }, ErrCorrupt},
		{"zero time", func(f *fileJSON) { f.KDF.Time = 0 }, ErrCorrupt},
		{"zero threads", func(f *fileJSON) { f.KDF.Threads = 0 }, ErrCorrupt},
		{"unknown kdf", func(f *fileJSON) { f.KDF.Alg = "scrypt" }, ErrCorrupt},
		{"other format", func(f *fileJSON) { f.Format = "something-else" }, ErrCorrupt},
		{"newer version", func(f *fileJSON) { f.Version = 2 }, ErrUnsupportedVersion},
		{"short salt", func(f *fileJSON) { f.KDF.Salt = "AAAA" }, ErrCorrupt},
		{"bad base64", func(f *fileJSON) { f.Data.Ciphertext = "!!not base64!!" }, ErrCorrupt},
		{"bad hex", func(f *fileJSON) { f.Public = "zz" }, ErrCorrupt},
		{"short public", func(f *fileJSON) { f.Public = "abcd" }, ErrCorrupt},
		{"missing wrapped key", func(f *fileJSON) { f.Wrap.Key = "" }, ErrCorrupt},
		{"truncated ciphertext", func(f *fileJSON) { f.Data.Ciphertext = f.Data.Ciphertext[:40] }, ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(mutate(t, blob, c.edit), testPass)
			if !errors.Is(err, c.want) {
				t.Fatalf("error = %v, want %v", err, c.want)
			}
		})
	}
}

func TestCorruptBlobs(t *testing.T) {
	blob := sealTest(t, newSeed(t))
	cases := map[string]string{
		"empty":            "",
		"not json":         "hello, I am not a key file",
		"null":             "null",
		"array":            "[1,2,3]",
		"empty object":     "{}",
		"no version":       `{"format":"dac-keystore"}`,
		"trailing garbage": string(blob) + "x",
		"time as string":   strings.Replace(string(blob), `"time":1`, `"time":"1"`, 1),
		"negative time":    strings.Replace(string(blob), `"time":1`, `"time":-1`, 1),
		"time overflows":   strings.Replace(string(blob), `"time":1`, `"time":1e40`, 1),
		"too large":        strings.Repeat(" ", maxBlobSize) + string(blob),
	}
	for name, b := range cases {
		if _, err := Open([]byte(b), testPass); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: error = %v, want ErrCorrupt", name, err)
		}
	}
	if _, err := Open(nil, testPass); !errors.Is(err, ErrCorrupt) {
		t.Errorf("nil blob: error = %v, want ErrCorrupt", err)
	}
}

func TestTruncatedBlob(t *testing.T) {
	blob := bytes.TrimSpace(sealTest(t, newSeed(t)))
	for n := range len(blob) {
		if _, err := Open(blob[:n], testPass); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated to %d bytes: error = %v, want ErrCorrupt", n, err)
		}
	}
}

func TestCorruptErrorSaysWhat(t *testing.T) {
	blob := sealTest(t, newSeed(t))
	bad := mutate(t, blob, func(f *fileJSON) { f.KDF.Salt = "AAAA" })
	_, err := Open(bad, testPass)
	if err == nil || !strings.HasPrefix(err.Error(), "the key file is damaged: kdf.salt") {
		t.Fatalf("error = %v", err)
	}
	if _, err := Inspect(bad); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Inspect error = %v, want ErrCorrupt", err)
	}
}

func TestPublicKeyMismatch(t *testing.T) {
	other := ed25519.NewKeyFromSeed(newSeed(t)).Public().(ed25519.PublicKey)
	blob, err := seal(newSeed(t), other, testPass, testKDF, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(blob, testPass)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("error = %v, want ErrCorrupt about the public key", err)
	}
}

func TestSealRejectsBadInput(t *testing.T) {
	seed := newSeed(t)
	cases := map[string]func() ([]byte, error){
		"short seed":     func() ([]byte, error) { return Seal(seed[:31], testPass, testKDF, rand.Reader) },
		"invalid params": func() ([]byte, error) { return Seal(seed, testPass, KDFParams{}, rand.Reader) },
		"nil rand":       func() ([]byte, error) { return Seal(seed, testPass, testKDF, nil) },
		"short rand":     func() ([]byte, error) { return Seal(seed, testPass, testKDF, bytes.NewReader(make([]byte, 10))) },
	}
	for name, f := range cases {
		if blob, err := f(); err == nil || blob != nil {
			t.Errorf("%s: Seal succeeded", name)
		}
	}
}

func TestValidate(t *testing.T) {
	good := []KDFParams{DefaultKDF(), testKDF, {Time: 100, MemoryKiB: 4 << 20, Threads: 255}, {Time: 1, MemoryKiB: 8, Threads: 1}}
	bad := []KDFParams{{}, {Time: 0, MemoryKiB: 1024, Threads: 1}, {Time: 101, MemoryKiB: 1024, Threads: 1},
		{Time: 1, MemoryKiB: 1024, Threads: 0}, {Time: 1, MemoryKiB: 31, Threads: 4}, {Time: 1, MemoryKiB: 4<<20 + 1, Threads: 1}}
	for _, p := range good {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	for _, p := range bad {
		if p.Validate() == nil {
			t.Errorf("%+v: accepted", p)
		}
	}
}
