package entry_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"github.com/hdevalence/ed25519consensus"
	"math"
	"slices"
	"strings"
	"testing"

	"dac/core/entry"
	"dac/core/ids"
)

// decodeSeeds are valid entries (with and without refs and body) and broken
// ones. They seed FuzzDecode; fuzzing can only keep a signature valid by
// leaving the bytes it covers alone, so the valid ones matter.
func decodeSeeds(t testing.TB) [][]byte {
	base := mustSign(t, baseEntry(t), privA)
	noRefs := baseEntry(t)
	noRefs.Refs = nil
	noBody := baseEntry(t)
	noBody.Refs, noBody.Body = nil, nil
	manyRefs := baseEntry(t)
	manyRefs.Refs = []ids.Hash{hashOf(1), hashOf(2), hashOf(3), hashOf(4), hashOf(5)}
	future := baseEntry(t)
	future.Time = testNow + 2*entry.MaxSkewMillis
	byB := baseEntry(t)
	byB.Author = pubB
	seq0 := baseEntry(t)
	seq0.Seq = 0
	badGenesis := genesisEntry(t)
	badGenesis.Node = testNode

	payload, sig := unwrap(t, base.Raw)
	flipped := bytes.Clone(sig)
	flipped[0] ^= 1
	swapped := fieldsOf(t, base.Entry)
	swapped[0], swapped[1] = swapped[1], swapped[0]

	return [][]byte{
		base.Raw,
		mustSign(t, noRefs, privA).Raw,
		mustSign(t, noBody, privA).Raw,
		mustSign(t, manyRefs, privA).Raw,
		mustSign(t, genesisEntry(t), privA).Raw,
		mustSign(t, future, privA).Raw,
		mustSign(t, byB, privB).Raw,
		mustSign(t, badGenesis, privA).Raw,
		// broken
		mustSign(t, seq0, privA).Raw,
		mustSign(t, baseEntry(t), privB).Raw, // signed by the wrong key
		wrap(t, payload, flipped),
		wrap(t, payload, sig[:63]),
		signPayload(t, mapOf(swapped...), privA),
		base.Raw[:len(base.Raw)/2],
		append(bytes.Clone(base.Raw), 0),
		[]byte("not an entry"),
		{},
	}
}

// FuzzDecode reads its input twice: as wire bytes, and as a payload that it
// signs with a test key when its form passes (so that mutated payloads reach
// Verify, Check and CheckChain with a good signature).
func FuzzDecode(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s)
		if p, err := entry.Decode(s); err == nil {
			f.Add(p.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzWire(t, data)
		// The same size as the signed wire: an oversized payload stops here.
		unsigned := wrap(t, data, make([]byte, ed25519.SignatureSize))
		if _, err := entry.Decode(unsigned); err != nil {
			return
		}
		raw := signPayload(t, data, privA)
		s, err := entry.Decode(raw)
		if err != nil {
			t.Fatalf("a payload that decodes stops decoding once signed: %v", err)
		}
		checkDecoded(t, raw, s)
	})
}

func fuzzWire(t *testing.T, data []byte) {
	s, err := entry.Decode(data)
	if err != nil {
		if s != nil {
			t.Fatalf("Decode returned an entry and %v", err)
		}
		mustBeReject(t, err)
		if _, err2 := entry.DecodeVerified(data); err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("DecodeVerified = %v, Decode = %v", err2, err)
		}
		return
	}
	checkDecoded(t, data, s)
}

// checkDecoded holds for every entry Decode accepts, whatever its bytes.
func checkDecoded(t *testing.T, data []byte, s *entry.Signed) {
	t.Helper()
	// The input is the one encoding of what it decoded to.
	if !bytes.Equal(s.Raw, data) {
		t.Fatalf("Raw differs from the input")
	}
	payload, err := entry.Marshal(s.Entry)
	if err != nil {
		t.Fatalf("re-encoding a decoded entry: %v", err)
	}
	if !bytes.Equal(payload, s.Payload) {
		t.Fatalf("accepted a payload that re-encodes differently:\n in %x\nout %x", s.Payload, payload)
	}
	if again := wrap(t, payload, s.Sig); !bytes.Equal(again, data) {
		t.Fatalf("accepted an entry that re-encodes differently:\n in %x\nout %x", data, again)
	}
	if s.ID != expectedID(s.Payload) {
		t.Fatalf("id is not the hash of the payload")
	}
	// Form rules.
	switch {
	case len(data) > entry.MaxBytes:
		t.Fatalf("accepted %d bytes", len(data))
	case len(s.Sig) != ed25519.SignatureSize:
		t.Fatalf("accepted a %d-byte signature", len(s.Sig))
	case s.Seq == 0:
		t.Fatalf("accepted seq 0")
	case s.Kind == "" || len(s.Kind) > entry.MaxKindLen:
		t.Fatalf("accepted kind %q", s.Kind)
	case len(s.Refs) > entry.MaxRefs:
		t.Fatalf("accepted %d refs", len(s.Refs))
	case len(s.Body) == 0:
		t.Fatalf("accepted an entry without body")
	}
	for i := 1; i < len(s.Refs); i++ {
		if bytes.Compare(s.Refs[i-1][:], s.Refs[i][:]) >= 0 {
			t.Fatalf("accepted refs not sorted and distinct")
		}
	}

	// Signature.
	verr := s.Verify()
	good := ed25519consensus.Verify(s.Author[:], entry.VerifyMessage(s.Payload), s.Sig) // ZIP-215
	for _, berr := range entry.VerifyBatch([]*entry.Signed{s, s}) {                     // batch and single must agree
		if (berr == nil) != (verr == nil) {
			t.Fatalf("batch verification says %v, single says %v", berr, verr)
		}
	}
	switch {
	case good && verr != nil:
		t.Fatalf("Verify refused a good signature: %v", verr)
	case !good && verr == nil:
		t.Fatalf("Verify accepted a bad signature")
	case verr != nil && !errors.Is(verr, entry.ErrBadSignature):
		t.Fatalf("Verify: %v", verr)
	}
	if verr != nil {
		mustBeReject(t, verr)
	}
	if _, err := entry.DecodeVerified(data); (err == nil) != (verr == nil) {
		t.Fatalf("DecodeVerified = %v, Verify = %v", err, verr)
	}
	if good && s.Author == pubA {
		// A test key's own entry re-signs to the same bytes.
		if again := mustSign(t, s.Entry, privA); !bytes.Equal(again.Raw, data) {
			t.Fatalf("re-signing a verified entry changed its bytes")
		}
	}

	checkRules(t, s)
	checkChainRules(t, s)
}

func checkRules(t *testing.T, s *entry.Signed) {
	t.Helper()
	known := func(k string) bool { return len(k)%2 == 0 }
	node := s.Node
	genesis := s.Kind == entry.GenesisKind
	if genesis {
		node = s.ID
	}
	var want *entry.RejectError
	switch {
	case genesis && (!s.Node.IsZero() || s.Seq != 1 || !s.Prev.IsZero()):
		want = entry.ErrMalformed
	case s.Time > testNow+entry.MaxSkewMillis:
		want = entry.ErrFutureTime
	case !known(s.Kind):
		want = entry.ErrUnknownKind
	}
	err := entry.Check(s, entry.Rules{Node: node, Now: testNow, KnownKind: known})
	expectReject(t, "Check", err, want)

	// Any other node: wrong node (unless the genesis is malformed).
	other := node
	other[0] ^= 0xff
	want = entry.ErrWrongNode
	if genesis && (!s.Node.IsZero() || s.Seq != 1 || !s.Prev.IsZero()) {
		want = entry.ErrMalformed
	}
	err = entry.Check(s, entry.Rules{Node: other, Now: math.MaxInt64 - entry.MaxSkewMillis})
	expectReject(t, "Check on another node", err, want)
}

func checkChainRules(t *testing.T, s *entry.Signed) {
	t.Helper()
	var want *entry.RejectError
	if s.Seq != 1 || !s.Prev.IsZero() {
		want = entry.ErrBrokenChain
	}
	expectReject(t, "CheckChain(nil)", entry.CheckChain(s, nil), want)

	link := entry.Link{Seq: s.Seq - 1, ID: s.Prev, Time: s.Time}
	expectReject(t, "CheckChain(its prev)", entry.CheckChain(s, &link), nil)
	if s.Time != math.MaxInt64 {
		later := link
		later.Time++
		expectReject(t, "CheckChain(later prev)", entry.CheckChain(s, &later), entry.ErrBrokenChain)
	}
	wrong := link
	wrong.ID[0] ^= 1
	expectReject(t, "CheckChain(other prev)", entry.CheckChain(s, &wrong), entry.ErrBrokenChain)
	gap := link
	gap.Seq--
	expectReject(t, "CheckChain(gap)", entry.CheckChain(s, &gap), entry.ErrBrokenChain)
}

func expectReject(t *testing.T, what string, err error, want *entry.RejectError) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("%s: %v, want nil", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: %v, want %q", what, err, want.Reason)
	}
	mustBeReject(t, err)
}

// mustBeReject: every error is a RejectError of a known reason with a
// one-line "<reason>: <detail>" message.
func mustBeReject(t *testing.T, err error) {
	t.Helper()
	var re *entry.RejectError
	if !isReject(err) || !errors.As(err, &re) {
		t.Fatalf("error %v (%T) is not a known RejectError", err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, string(re.Reason)+": ") || strings.ContainsAny(msg, "\n\r") || strings.Contains(msg, "%!") {
		t.Fatalf("bad message %q", msg)
	}
}

func forkSeeds(t testing.TB) [][2][]byte {
	e1 := baseEntry(t)
	e1.Body = mustBody(t, "spend 1")
	e2 := baseEntry(t)
	e2.Body = mustBody(t, "spend 2")
	x, y := mustSign(t, e1, privA), mustSign(t, e2, privA)
	if bytes.Compare(x.ID[:], y.ID[:]) > 0 {
		x, y = y, x
	}
	seq8 := e1
	seq8.Seq = 8
	byB := e1
	byB.Author = pubB
	g1, g2 := genesisEntry(t), genesisEntry(t)
	g2.Time++
	sg1, sg2 := mustSign(t, g1, privA), mustSign(t, g2, privA)
	if bytes.Compare(sg1.ID[:], sg2.ID[:]) > 0 {
		sg1, sg2 = sg2, sg1
	}
	return [][2][]byte{
		{x.Raw, y.Raw},
		{sg1.Raw, sg2.Raw},
		{y.Raw, x.Raw},
		{x.Raw, x.Raw},
		{x.Raw, mustSign(t, seq8, privA).Raw},
		{x.Raw, mustSign(t, byB, privB).Raw},
		{x.Raw, y.Raw[:len(y.Raw)-1]},
		{x.Raw, nil},
		{nil, nil},
	}
}

func FuzzForkProof(f *testing.F) {
	for _, s := range forkSeeds(f) {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		p := entry.ForkProof{A: a, B: b}
		fork, err := p.Verify()
		if err != nil {
			mustBeReject(t, err)
			if fork != (entry.Fork{}) {
				t.Fatalf("rejected proof returned %+v", fork)
			}
			return
		}
		// A proof that verifies is two distinct, canonical, verified
		// entries at one position of one author's chain.
		sa, err := entry.DecodeVerified(a)
		if err != nil {
			t.Fatalf("proof verified but A does not: %v", err)
		}
		sb, err := entry.DecodeVerified(b)
		if err != nil {
			t.Fatalf("proof verified but B does not: %v", err)
		}
		checkDecoded(t, a, sa)
		checkDecoded(t, b, sb)
		switch {
		case bytes.Compare(sa.ID[:], sb.ID[:]) >= 0:
			t.Fatalf("proof verified with ids out of order or equal")
		case sa.Author != sb.Author || sa.Node != sb.Node || sa.Seq != sb.Seq:
			t.Fatalf("proof verified for entries at different positions")
		case fork != entry.Fork{Author: sa.Author, Node: sa.Node, Seq: sa.Seq, A: sa.ID, B: sb.ID}:
			t.Fatalf("Verify = %+v", fork)
		}
		if _, err := (entry.ForkProof{A: b, B: a}).Verify(); !errors.Is(err, entry.ErrInvalid) {
			t.Fatalf("swapped proof: %v", err)
		}
		for _, args := range [][2]*entry.Signed{{sa, sb}, {sb, sa}} {
			q, err := entry.NewForkProof(args[0], args[1])
			if err != nil || !bytes.Equal(q.A, a) || !bytes.Equal(q.B, b) {
				t.Fatalf("NewForkProof: %v", err)
			}
		}
		enc, err := entry.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q entry.ForkProof
		if err := entry.Unmarshal(enc, &q); err != nil {
			t.Fatal(err)
		}
		if f2, err := q.Verify(); err != nil || f2 != fork {
			t.Fatalf("proof after a round trip: %+v, %v", f2, err)
		}
		if !slices.Equal(q.A, a) || !slices.Equal(q.B, b) {
			t.Fatalf("round trip changed the proof")
		}
	})
}

// The seeds themselves behave as intended (so the corpus starts from
// meaningful inputs, not inputs that all fail the same way).
func TestFuzzSeeds(t *testing.T) {
	var ok, verified int
	for _, raw := range decodeSeeds(t) {
		if s, err := entry.Decode(raw); err == nil {
			ok++
			if s.Verify() == nil {
				verified++
			}
		}
	}
	if ok != 10 || verified != 8 {
		t.Errorf("decode seeds: %d decode, %d verify; want 10 and 8", ok, verified)
	}
	var proofs int
	for _, s := range forkSeeds(t) {
		if _, err := (entry.ForkProof{A: s[0], B: s[1]}).Verify(); err == nil {
			proofs++
		}
	}
	if proofs != 2 {
		t.Errorf("fork seeds: %d valid proofs, want 2", proofs)
	}
}
