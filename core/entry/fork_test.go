package entry_test

import (
	"bytes"
	"crypto/ed25519"
	"reflect"
	"testing"

	"dac/core/entry"
)

// forkPair returns two different valid entries by A at the same node and seq,
// ordered by id (x < y).
func forkPair(t *testing.T) (x, y *entry.Signed) {
	t.Helper()
	e1 := baseEntry(t)
	e1.Body = mustBody(t, map[string]any{"pay": 100, "to": "kiosk 1"})
	e2 := baseEntry(t)
	e2.Body = mustBody(t, map[string]any{"pay": 100, "to": "kiosk 2"})
	x, y = mustSign(t, e1, privA), mustSign(t, e2, privA)
	if bytes.Compare(x.ID[:], y.ID[:]) > 0 {
		x, y = y, x
	}
	return x, y
}

// ordered returns s and u sorted by id.
func ordered(s, u *entry.Signed) (*entry.Signed, *entry.Signed) {
	if bytes.Compare(s.ID[:], u.ID[:]) > 0 {
		return u, s
	}
	return s, u
}

func TestForkProof(t *testing.T) {
	x, y := forkPair(t)
	want := entry.Fork{Author: pubA, Node: testNode, Seq: 7, A: x.ID, B: y.ID}

	for _, tc := range []struct {
		name string
		a, b *entry.Signed
	}{
		{"in order", x, y},
		{"reversed arguments", y, x},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := entry.NewForkProof(tc.a, tc.b)
			if err != nil {
				t.Fatalf("NewForkProof: %v", err)
			}
			if !bytes.Equal(p.A, x.Raw) || !bytes.Equal(p.B, y.Raw) {
				t.Fatalf("proof is not in canonical order (smaller id first)")
			}
			f, err := p.Verify()
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if f != want {
				t.Errorf("Verify = %+v, want %+v", f, want)
			}

			// The proof survives a CBOR round trip and verifies standalone.
			enc, err := entry.Marshal(p)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if want := wrap(t, x.Raw, y.Raw); !bytes.Equal(enc, want) {
				t.Errorf("proof encodes as %x, want the array [A, B] %x", enc, want)
			}
			var q entry.ForkProof
			if err := entry.Unmarshal(enc, &q); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(q, p) {
				t.Errorf("round trip changed the proof")
			}
			if f2, err := q.Verify(); err != nil || f2 != want {
				t.Errorf("decoded proof Verify = %+v, %v", f2, err)
			}
		})
	}

	t.Run("from freshly decoded entries", func(t *testing.T) {
		// Same proof from entries decoded afresh.
		dx, err := entry.DecodeVerified(bytes.Clone(x.Raw))
		if err != nil {
			t.Fatal(err)
		}
		dy, err := entry.DecodeVerified(bytes.Clone(y.Raw))
		if err != nil {
			t.Fatal(err)
		}
		p, err := entry.NewForkProof(dy, dx)
		if err != nil {
			t.Fatal(err)
		}
		if f, err := p.Verify(); err != nil || f != want {
			t.Errorf("Verify = %+v, %v", f, err)
		}
	})

	t.Run("genesis fork", func(t *testing.T) {
		g1 := genesisEntry(t)
		g2 := genesisEntry(t)
		g2.Time++
		p, err := entry.NewForkProof(mustSign(t, g1, privA), mustSign(t, g2, privA))
		if err != nil {
			t.Fatalf("NewForkProof: %v", err)
		}
		if f, err := p.Verify(); err != nil || f.Seq != 1 || !f.Node.IsZero() {
			t.Errorf("Verify = %+v, %v", f, err)
		}
	})
}

func TestForkProofForged(t *testing.T) {
	x, y := forkPair(t)
	variant := func(priv ed25519.PrivateKey, edit func(*entry.Entry)) *entry.Signed {
		e := baseEntry(t)
		e.Body = mustBody(t, map[string]any{"pay": 100, "to": "kiosk 1"})
		edit(&e)
		return mustSign(t, e, priv)
	}
	byB := variant(privB, func(e *entry.Entry) { e.Author = pubB })
	seq8 := variant(privA, func(e *entry.Entry) { e.Seq = 8 })
	otherNode := variant(privA, func(e *entry.Entry) { e.Node = hashOf(0x77) })

	// An entry A never signed: y's payload with one body byte changed,
	// under y's signature.
	payload, sig := unwrap(t, y.Raw)
	p := bytes.Clone(payload)
	i := bytes.Index(p, []byte("kiosk 2"))
	if i < 0 {
		t.Fatal("body text not found")
	}
	copy(p[i:], "kiosk 3")
	unsigned := wrap(t, p, sig)
	us, err := entry.Decode(unsigned)
	if err != nil {
		t.Fatalf("the forged entry must be well formed: %v", err)
	}
	if us.Seq != x.Seq || us.Author != x.Author || us.Node != x.Node {
		t.Fatal("the forged entry must sit at the same position")
	}
	// A second signature by A over x's payload — not possible (ed25519 is
	// deterministic), but a malleated copy of x's signature (S + L) must
	// not make x look like two entries.
	xp, xsig := unwrap(t, x.Raw)
	malleated := wrap(t, xp, addL(xsig))

	type pair struct{ a, b []byte }
	orderedRaw := func(s, u *entry.Signed) pair {
		s, u = ordered(s, u)
		return pair{s.Raw, u.Raw}
	}
	unsignedPair := func() pair {
		if bytes.Compare(x.ID[:], us.ID[:]) < 0 {
			return pair{x.Raw, unsigned}
		}
		return pair{unsigned, x.Raw}
	}()

	for _, tc := range []struct {
		name     string
		p        pair
		sentinel *entry.RejectError
		want     string
	}{
		{"same entry twice", pair{x.Raw, x.Raw}, entry.ErrInvalid, "fork proof names the same entry twice"},
		{"same payload, malleated signature", pair{x.Raw, malleated}, entry.ErrBadSignature, "entry " + x.ID.Short()},
		{"swapped order", pair{y.Raw, x.Raw}, entry.ErrInvalid, "fork proof entries are not in canonical order"},
		{"different authors", orderedRaw(x, byB), entry.ErrInvalid, "entries differ in author, node or sequence: no fork"},
		{"different seqs", orderedRaw(x, seq8), entry.ErrInvalid, "entries differ in author, node or sequence: no fork"},
		{"different nodes", orderedRaw(x, otherNode), entry.ErrInvalid, "entries differ in author, node or sequence: no fork"},
		{"one entry never signed", unsignedPair, entry.ErrBadSignature, "entry " + us.ID.Short() + " by " + pubA.Short()},
		{"A missing", pair{nil, y.Raw}, entry.ErrMalformed, "not a DAC entry"},
		{"B garbage", pair{x.Raw, []byte("nope")}, entry.ErrMalformed, "not a DAC entry"},
		{"B truncated", pair{x.Raw, y.Raw[:len(y.Raw)-1]}, entry.ErrMalformed, "not a DAC entry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := entry.ForkProof{A: tc.p.a, B: tc.p.b}.Verify()
			checkReject(t, err, tc.sentinel, tc.want)
			if f != (entry.Fork{}) {
				t.Errorf("a rejected proof returned %+v", f)
			}
		})
	}

	// NewForkProof refuses to build the same forgeries.
	for _, tc := range []struct {
		name     string
		a, b     *entry.Signed
		sentinel *entry.RejectError
	}{
		{"same entry", x, x, entry.ErrInvalid},
		{"different authors", x, byB, entry.ErrInvalid},
		{"different seqs", seq8, x, entry.ErrInvalid},
		{"different nodes", x, otherNode, entry.ErrInvalid},
		{"never signed", us, x, entry.ErrBadSignature},
	} {
		t.Run("NewForkProof "+tc.name, func(t *testing.T) {
			_, err := entry.NewForkProof(tc.a, tc.b)
			checkReject(t, err, tc.sentinel)
		})
	}
}

// addL returns sig with its scalar S replaced by S + L (the ed25519 group
// order), the classic signature malleation. ed25519.Verify must refuse it.
func addL(sig []byte) []byte {
	l := [32]byte{ // L = 2^252 + 27742317777372353535851937790883648493, little-endian
		0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	}
	out := bytes.Clone(sig)
	var carry uint16
	for i := 0; i < 32; i++ {
		v := uint16(out[32+i]) + uint16(l[i]) + carry
		out[32+i] = byte(v)
		carry = v >> 8
	}
	return out
}
