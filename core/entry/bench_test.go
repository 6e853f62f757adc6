package entry_test

import (
	"crypto/ed25519"
	"testing"

	"dac/core/entry"
)

// typicalEntry is a ~200-byte mid-chain entry: no refs and a small body
// (author, prev and node alone take 102 bytes, the signature 66).
func typicalEntry(tb testing.TB) *entry.Signed {
	e := baseEntry(tb)
	e.Refs = nil
	e.Kind = "pay"
	e.Body = mustBody(tb, map[string]any{"amt": 1250})
	s := mustSign(tb, e, privA)
	if n := len(s.Raw); n < 180 || n > 230 {
		tb.Fatalf("typical entry is %d bytes, want about 200", n)
	}
	return s
}

func BenchmarkDecodeVerify(b *testing.B) {
	s := typicalEntry(b)
	b.SetBytes(int64(len(s.Raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := entry.DecodeVerified(s.Raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.Raw)), "entry-bytes")
}

func BenchmarkVerifyOnly(b *testing.B) {
	s := typicalEntry(b)
	pub := ed25519.PublicKey(s.Author[:])
	b.SetBytes(int64(len(s.Raw)))
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, entry.VerifyMessage(s.Payload), s.Sig) {
			b.Fatal("bad signature")
		}
	}
	b.ReportMetric(float64(len(s.Raw)), "entry-bytes")
}

// BenchmarkDecodeOnly isolates the cost of parsing and the canonical check.
func BenchmarkDecodeOnly(b *testing.B) {
	s := typicalEntry(b)
	b.SetBytes(int64(len(s.Raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := entry.Decode(s.Raw); err != nil {
			b.Fatal(err)
		}
	}
}
