package entry_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"

	"dac/core/entry"
	"dac/core/ids"
)

// --- bad signature ---------------------------------------------------------

func TestRejectBadSignature(t *testing.T) {
	good := mustSign(t, baseEntry(t), privA)
	payload, sig := unwrap(t, good.Raw)

	flipSig := func(i int) []byte {
		s := bytes.Clone(sig)
		s[i] ^= 0x01
		return wrap(t, payload, s)
	}
	// A byte inside the body's text changes the payload but keeps it
	// canonical: the entry decodes, the signature no longer covers it.
	flipBody := func() []byte {
		p := bytes.Clone(payload)
		i := bytes.Index(p, []byte("hello"))
		if i < 0 {
			t.Fatal("body text not found in payload")
		}
		p[i] = 'j'
		return wrap(t, p, sig)
	}
	otherKey := mustSign(t, baseEntry(t), privB) // Author is A, signed by B

	for _, tc := range []struct {
		name string
		raw  []byte
	}{
		{"first sig byte flipped", flipSig(0)},
		{"middle sig byte flipped", flipSig(31)},
		{"last sig byte flipped", flipSig(63)},
		{"zero sig", wrap(t, payload, make([]byte, 64))},
		{"payload changed under sig", flipBody()},
		{"valid sig by another key", otherKey.Raw},
		{"sig of another entry", wrap(t, payload, mustSign(t, genesisEntry(t), privA).Sig)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := entry.Decode(tc.raw)
			if err != nil {
				t.Fatalf("Decode of a well-formed entry: %v", err)
			}
			if !bytes.Equal(s.Raw, tc.raw) {
				t.Fatalf("the test input is not canonical")
			}
			want := []string{"entry " + s.ID.Short(), "by " + pubA.Short()}
			checkReject(t, s.Verify(), entry.ErrBadSignature, want...)
			_, err = entry.DecodeVerified(tc.raw)
			checkReject(t, err, entry.ErrBadSignature, want...)
		})
	}
}

// --- broken chain ----------------------------------------------------------

func TestCheckChain(t *testing.T) {
	e := baseEntry(t) // seq 7, prev 0x11…
	s := mustSign(t, e, privA)
	first := genesisEntry(t) // seq 1, zero prev
	s1 := mustSign(t, first, privA)
	firstWithPrev := first
	firstWithPrev.Prev = hashOf(0x11)
	s1p := mustSign(t, firstWithPrev, privA)
	other := hashOf(0x99)

	for _, tc := range []struct {
		name string
		s    *entry.Signed
		link *entry.Link
		want []string // nil: accepted
	}{
		{"follows", s, &entry.Link{Seq: 6, ID: s.Prev, Time: s.Time - 1}, nil},
		{"follows at same time", s, &entry.Link{Seq: 6, ID: s.Prev, Time: s.Time}, nil},
		{"first of chain", s1, nil, nil},
		{"seq gap", s, &entry.Link{Seq: 5, ID: s.Prev, Time: s.Time}, []string{"seq 7 does not follow 5"}},
		{"seq repeated", s, &entry.Link{Seq: 7, ID: s.Prev, Time: s.Time}, []string{"seq 7 does not follow 7"}},
		{"seq behind", s, &entry.Link{Seq: 8, ID: s.Prev, Time: s.Time}, []string{"seq 7 does not follow 8"}},
		{"wrong prev", s, &entry.Link{Seq: 6, ID: other, Time: s.Time}, []string{"prev " + s.Prev.Short() + " is not " + other.Short()}},
		{"time backwards", s, &entry.Link{Seq: 6, ID: s.Prev, Time: s.Time + 1}, []string{"claimed time 1699999940000 is before the previous entry's 1699999940001"}},
		{"time far backwards", s, &entry.Link{Seq: 6, ID: s.Prev, Time: s.Time + 86_400_000}, []string{"is before the previous entry's"}},
		{"seq 1 with a prev", s1p, nil, []string{"seq 1 of " + pubA.Short() + " has no predecessor"}},
		{"seq>1 without link", s, nil, []string{"seq 7 of " + pubA.Short() + " has no predecessor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := entry.CheckChain(tc.s, tc.link)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckChain: %v", err)
				}
				return
			}
			checkReject(t, err, entry.ErrBrokenChain, tc.want...)
		})
	}
}

// --- unknown kind ----------------------------------------------------------

func TestCheckUnknownKind(t *testing.T) {
	s := mustSign(t, baseEntry(t), privA)
	var asked []string
	known := func(k string) bool { asked = append(asked, k); return k == "vouch" }
	err := entry.Check(s, entry.Rules{Node: testNode, Now: testNow, KnownKind: known})
	checkReject(t, err, entry.ErrUnknownKind, `"note"`)
	if len(asked) != 1 || asked[0] != "note" {
		t.Errorf("KnownKind was asked %q, want [note]", asked)
	}

	t.Run("known", func(t *testing.T) {
		all := func(string) bool { return true }
		if err := entry.Check(s, entry.Rules{Node: testNode, Now: testNow, KnownKind: all}); err != nil {
			t.Errorf("Check: %v", err)
		}
	})
	t.Run("no registry", func(t *testing.T) {
		if err := entry.Check(s, entry.Rules{Node: testNode, Now: testNow}); err != nil {
			t.Errorf("Check with nil KnownKind: %v", err)
		}
	})
}

// --- oversized -------------------------------------------------------------

// entryOfSize signs an entry whose wire encoding is exactly n bytes, by
// tuning the length of a byte-string body.
func entryOfSize(t *testing.T, n int) *entry.Signed {
	t.Helper()
	for bodyLen := n - 400; bodyLen < n; bodyLen++ {
		e := baseEntry(t)
		e.Body = mustBody(t, make([]byte, bodyLen))
		s := mustSign(t, e, privA)
		if len(s.Raw) == n {
			return s
		}
		if len(s.Raw) > n {
			break
		}
	}
	t.Fatalf("no body length gives a %d-byte entry", n)
	return nil
}

func TestDecodeOversized(t *testing.T) {
	t.Run("at the limit", func(t *testing.T) {
		s := entryOfSize(t, entry.MaxBytes)
		if _, err := entry.DecodeVerified(s.Raw); err != nil {
			t.Fatalf("a %d-byte entry: %v", len(s.Raw), err)
		}
	})
	t.Run("one byte over", func(t *testing.T) {
		s := entryOfSize(t, entry.MaxBytes+1)
		_, err := entry.Decode(s.Raw)
		checkReject(t, err, entry.ErrOversized, fmt.Sprintf("%d bytes, the limit is %d", entry.MaxBytes+1, entry.MaxBytes))
		_, err = entry.DecodeVerified(s.Raw)
		checkReject(t, err, entry.ErrOversized)
	})
	t.Run("huge", func(t *testing.T) {
		s := entryOfSize(t, 3*entry.MaxBytes)
		_, err := entry.Decode(s.Raw)
		checkReject(t, err, entry.ErrOversized, fmt.Sprintf("%d bytes", 3*entry.MaxBytes))
	})
	t.Run("garbage over the limit", func(t *testing.T) {
		// Size is judged before parsing.
		_, err := entry.Decode(bytes.Repeat([]byte{0xff}, entry.MaxBytes+1))
		checkReject(t, err, entry.ErrOversized)
	})
}

// --- future time -----------------------------------------------------------

func TestCheckFutureTime(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ahead int64
		want  []string // nil: accepted
	}{
		{"in the past", -86_400_000, nil},
		{"now", 0, nil},
		{"within skew", entry.MaxSkewMillis - 1, nil},
		{"exactly at the limit", entry.MaxSkewMillis, nil},
		{"one ms over", entry.MaxSkewMillis + 1, []string{"claimed time is", "ahead of this device's clock", "limit 300 s"}},
		{"one day ahead", 86_400_000, []string{"claimed time is 86400.000 s ahead of this device's clock (limit 300 s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := baseEntry(t)
			e.Time = testNow + tc.ahead
			s := mustSign(t, e, privA)
			err := entry.Check(s, entry.Rules{Node: testNode, Now: testNow})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			checkReject(t, err, entry.ErrFutureTime, tc.want...)
		})
	}
}

// --- wrong node / genesis form ---------------------------------------------

func TestCheckNode(t *testing.T) {
	g := mustSign(t, genesisEntry(t), privA)
	mid := mustSign(t, baseEntry(t), privA)
	zeroNode := baseEntry(t)
	zeroNode.Node = ids.Hash{}
	sZero := mustSign(t, zeroNode, privA)

	genesisWith := func(edit func(*entry.Entry)) *entry.Signed {
		e := genesisEntry(t)
		edit(&e)
		return mustSign(t, e, privA)
	}
	gNode := genesisWith(func(e *entry.Entry) { e.Node = testNode })
	gSeq := genesisWith(func(e *entry.Entry) { e.Seq = 2 })
	gPrev := genesisWith(func(e *entry.Entry) { e.Prev = hashOf(0x11) })

	other := hashOf(0x77)
	for _, tc := range []struct {
		name     string
		s        *entry.Signed
		node     ids.Hash
		sentinel *entry.RejectError // nil: accepted
		want     []string
	}{
		{"entry of this node", mid, testNode, nil, nil},
		{"genesis of this node", g, g.ID, nil, nil},
		{"entry of another node", mid, other, entry.ErrWrongNode,
			[]string{"entry is for node " + testNode.Short() + ", this is node " + other.Short()}},
		{"entry naming no node", sZero, testNode, entry.ErrWrongNode,
			[]string{"entry is for node 00000000, this is node " + testNode.Short()}},
		{"genesis of another node", g, other, entry.ErrWrongNode,
			[]string{"genesis " + g.ID.Short() + " is not this node's (" + other.Short() + ")"}},
		{"genesis naming a node", gNode, gNode.ID, entry.ErrMalformed,
			[]string{"a genesis is the first entry of its chain and names no node"}},
		{"genesis with seq 2", gSeq, gSeq.ID, entry.ErrMalformed,
			[]string{"a genesis is the first entry of its chain"}},
		{"genesis with a prev", gPrev, gPrev.ID, entry.ErrMalformed,
			[]string{"a genesis is the first entry of its chain"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := entry.Check(tc.s, entry.Rules{Node: tc.node, Now: testNow, KnownKind: func(string) bool { return true }})
			if tc.sentinel == nil {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			checkReject(t, err, tc.sentinel, tc.want...)
		})
	}
}

// --- malformed -------------------------------------------------------------

// Wire-level damage: the envelope itself is not [bstr, bstr(64)] in
// deterministic CBOR.
func TestDecodeMalformedEnvelope(t *testing.T) {
	good := mustSign(t, baseEntry(t), privA)
	payload, sig := unwrap(t, good.Raw)

	if len(payload) >= 256 {
		t.Fatalf("payload too long for this case")
	}
	nonMinLen := cat([]byte{0x82, 0x59, 0x00, byte(len(payload))}, payload, head(2, 64), sig)

	for _, tc := range []struct {
		name string
		raw  []byte
		want []string
	}{
		{"nil", nil, []string{"not a DAC entry"}},
		{"empty", []byte{}, []string{"not a DAC entry"}},
		{"garbage text", []byte("this is not an entry"), []string{"not a DAC entry"}},
		{"garbage bytes", []byte{0xff, 0x00, 0x13, 0x37}, []string{"not a DAC entry"}},
		{"trailing zero byte", append(bytes.Clone(good.Raw), 0x00), []string{"deterministic CBOR (cbor: 1 bytes of extraneous data"}},
		{"two entries back to back", append(bytes.Clone(good.Raw), good.Raw...), []string{"extraneous data"}},
		{"sig 63 bytes", wrap(t, payload, sig[:63]), []string{"signature is 63 bytes, want 64"}},
		{"sig 65 bytes", wrap(t, payload, append(bytes.Clone(sig), 0)), []string{"signature is 65 bytes, want 64"}},
		{"sig empty", wrap(t, payload, nil), []string{"signature is 0 bytes, want 64"}},
		{"array of 1", mustMarshal(t, [][]byte{payload}), []string{"not a DAC entry"}},
		{"array of 3", mustMarshal(t, [][]byte{payload, sig, nil}), []string{"not a DAC entry"}},
		{"map instead of array", mustMarshal(t, map[int][]byte{0: payload, 1: sig}), []string{"not a DAC entry"}},
		{"payload as text", cat([]byte{0x82}, head(3, uint64(len(payload))), payload, head(2, 64), sig), []string{"not a DAC entry"}},
		{"payload as decoded map", cat([]byte{0x82}, payload, head(2, 64), sig), []string{"not a DAC entry"}},
		{"non-minimal payload length", nonMinLen, []string{"deterministic CBOR (not in deterministic CBOR encoding"}},
		{"indefinite array", cat([]byte{0x9f}, good.Raw[1:], []byte{0xff}), []string{"indefinite-length array"}},
		{"indefinite payload bstr", cat([]byte{0x82, 0x5f}, head(2, uint64(len(payload))), payload, []byte{0xff}, head(2, 64), sig), []string{"indefinite-length byte string"}},
		{"tagged envelope", cat([]byte{0xd8, 0x18}, good.Raw), []string{"tag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := entry.Decode(tc.raw)
			checkReject(t, err, entry.ErrMalformed, tc.want...)
			_, err = entry.DecodeVerified(tc.raw)
			checkReject(t, err, entry.ErrMalformed, tc.want...)
		})
	}
}

func TestDecodeTruncated(t *testing.T) {
	good := mustSign(t, baseEntry(t), privA)
	for n := 0; n < len(good.Raw); n++ {
		if _, err := entry.Decode(good.Raw[:n]); !isReject(err) || !strings.HasPrefix(err.Error(), "malformed: ") {
			t.Fatalf("Decode of the first %d of %d bytes: %v, want malformed", n, len(good.Raw), err)
		}
	}
}

// reversedEntry lays the payload fields out backwards; encoded with
// fxamacker's default (non-deterministic, SortNone) options it is a valid CBOR
// map with keys out of order.
type reversedEntry struct {
	Body   entry.RawBody `cbor:"8,keyasint"`
	Refs   []ids.Hash    `cbor:"7,keyasint,omitempty"`
	Kind   string        `cbor:"6,keyasint"`
	Node   ids.Hash      `cbor:"5,keyasint"`
	Time   int64         `cbor:"4,keyasint"`
	Prev   ids.Hash      `cbor:"3,keyasint"`
	Seq    uint64        `cbor:"2,keyasint"`
	Author ids.PubKey    `cbor:"1,keyasint"`
}

// Payload-level damage. Every payload here is properly signed by its author,
// so only its form is wrong.
func TestDecodeMalformedPayload(t *testing.T) {
	base := baseEntry(t)
	canon := mustSign(t, base, privA)
	fs := func() []field { return fieldsOf(t, canon.Entry) }
	// Sanity: the hand builder reproduces Sign's payload byte for byte.
	if got := mapOf(fs()...); !bytes.Equal(got, canon.Payload) {
		t.Fatalf("hand-built payload differs from Sign's:\n%x\n%x", got, canon.Payload)
	}
	if _, err := entry.DecodeVerified(signPayload(t, mapOf(fs()...), privA)); err != nil {
		t.Fatalf("hand-built canonical payload rejected: %v", err)
	}

	set := func(key uint64, val []byte) []field {
		f := fs()
		for i := range f {
			if bytes.Equal(f[i].key, head(0, key)) {
				f[i].val = val
				return f
			}
		}
		t.Fatalf("no key %d", key)
		return nil
	}
	without := func(key uint64) []field {
		var out []field
		for _, f := range fs() {
			if !bytes.Equal(f.key, head(0, key)) {
				out = append(out, f)
			}
		}
		return out
	}
	swapped := func(i, j int) []field {
		f := fs()
		f[i], f[j] = f[j], f[i]
		return f
	}
	reversed := func() []field {
		f := fs()
		for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
			f[i], f[j] = f[j], f[i]
		}
		return f
	}
	nonDet := func() []byte {
		em, err := cbor.EncOptions{Sort: cbor.SortNone}.EncMode()
		if err != nil {
			t.Fatal(err)
		}
		b, err := em.Marshal(reversedEntry{
			Body: canon.Body, Refs: canon.Refs, Kind: canon.Kind, Node: canon.Node,
			Time: canon.Time, Prev: canon.Prev, Seq: canon.Seq, Author: canon.Author,
		})
		if err != nil {
			t.Fatal(err)
		}
		if b[1] != 0x08 {
			t.Fatalf("non-deterministic encoding did not put key 8 first: %x", b[:4])
		}
		return b
	}
	withFirstKey := func(k []byte) []field {
		f := fs()
		f[0].key = k
		return f
	}
	u8s := func(h ids.Hash) []byte { // a hash as an array of 32 uints
		out := head(4, 32)
		for _, b := range h {
			out = append(out, head(0, uint64(b))...)
		}
		return out
	}
	payloadMap := mapOf(fs()...)
	indefMap := cat([]byte{0xbf}, payloadMap[1:], []byte{0xff})
	nonMinHeader := cat([]byte{0xb8, byte(len(fs()))}, payloadMap[1:])
	dupSeq := append([]field{fs()[0], fs()[1]}, fs()[1:]...) // key 2 twice

	const notDet = "deterministic CBOR (not in deterministic CBOR encoding"
	for _, tc := range []struct {
		name    string
		payload []byte
		want    []string
	}{
		{"keys 1 and 2 swapped", mapOf(swapped(0, 1)...), []string{notDet}},
		{"keys 7 and 8 swapped", mapOf(swapped(6, 7)...), []string{notDet}},
		{"keys reversed", mapOf(reversed()...), []string{notDet}},
		{"keys out of order via SortNone", nonDet(), []string{notDet}},
		{"non-minimal seq (1 byte)", mapOf(set(2, []byte{0x18, 0x07})...), []string{notDet}},
		{"non-minimal seq (8 bytes)", mapOf(set(2, []byte{0x1b, 0, 0, 0, 0, 0, 0, 0, 7})...), []string{notDet}},
		{"non-minimal time", mapOf(set(4, []byte{0x1b, 0, 0, 0, 0, 0, 0, 0, 5})...), []string{notDet}},
		{"non-minimal key", mapOf(withFirstKey([]byte{0x18, 0x01})...), []string{notDet}},
		{"non-minimal map header", nonMinHeader, []string{notDet}},
		{"non-minimal kind length", mapOf(set(6, cat([]byte{0x78, 0x04}, []byte("note")))...), []string{notDet}},
		{"non-minimal author length", mapOf(set(1, cat([]byte{0x59, 0x00, 0x20}, canon.Author[:]))...), []string{notDet}},
		{"indefinite-length map", indefMap, []string{"indefinite-length map"}},
		{"indefinite-length kind", mapOf(set(6, cat([]byte{0x7f, 0x64}, []byte("note"), []byte{0xff}))...), []string{"indefinite-length"}},
		{"time as float", mapOf(set(4, []byte{0xfb, 0x42, 0x78, 0xbc, 0xfe, 0x56, 0x80, 0x00, 0x00})...), []string{"signed part is not a well-formed entry"}},
		{"time out of int64 range", mapOf(set(4, []byte{0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})...), []string{"overflows int64"}},
		{"negative seq", mapOf(set(2, []byte{0x20})...), []string{"signed part is not a well-formed entry"}},
		{"duplicate key", mapOf(dupSeq...), []string{"duplicate map key 2"}},
		{"unknown key 9", mapOf(append(fs(), field{head(0, 9), []byte{0x00}})...), []string{"unknown field"}},
		{"text key", mapOf(withFirstKey(cat(head(3, 1), []byte("1")))...), []string{"unknown field"}},
		{"empty refs present", mapOf(set(7, []byte{0x80})...), []string{notDet}},
		{"missing body", mapOf(without(8)...), []string{notDet}},
		{"missing prev", mapOf(without(3)...), []string{notDet}},
		{"missing author", mapOf(without(1)...), []string{notDet}},
		{"author 31 bytes", mapOf(set(1, cat(head(2, 31), canon.Author[:31]))...), []string{notDet}},
		{"author 33 bytes", mapOf(set(1, cat(head(2, 33), canon.Author[:], []byte{0}))...), []string{notDet}},
		{"node as array of uints", mapOf(set(5, u8s(canon.Node))...), []string{notDet}},
		{"ref 31 bytes", mapOf(set(7, cat(head(4, 1), head(2, 31), make([]byte, 31)))...), []string{notDet}},
		{"kind not UTF-8", mapOf(set(6, cat(head(3, 2), []byte{0xc3, 0x28}))...), []string{"invalid UTF-8"}},
		{"kind as bytes", mapOf(set(6, cat(head(2, 4), []byte("note")))...), []string{"signed part is not a well-formed entry"}},
		{"tag in body", mapOf(set(8, []byte{0xc1, 0x00})...), []string{"tag"}},
		{"indefinite array in body", mapOf(set(8, []byte{0x9f, 0x01, 0xff})...), []string{"indefinite-length array"}},
		{"trailing byte after map", append(mapOf(fs()...), 0x00), []string{"extraneous data"}},
		{"payload not a map", mustMarshal(t, []any{1, 2, 3}), []string{"signed part is not a well-formed entry"}},
		{"payload empty", []byte{}, []string{"signed part is not a well-formed entry"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := signPayload(t, tc.payload, privA)
			// Only the form is wrong: the signature is good.
			p, sig := unwrap(t, raw)
			if !ed25519.Verify(pubA[:], entry.VerifyMessage(p), sig) {
				t.Fatal("test payload is not properly signed")
			}
			s, err := entry.Decode(raw)
			if err == nil {
				t.Fatalf("Decode accepted payload %x as %+v", tc.payload, s.Entry)
			}
			checkReject(t, err, entry.ErrMalformed, append([]string{"signed part is not a well-formed entry"}, tc.want...)...)
			_, err = entry.DecodeVerified(raw)
			checkReject(t, err, entry.ErrMalformed)
		})
	}
}

// Canonically encoded entries whose content breaks the form rules.
func TestDecodeMalformedForm(t *testing.T) {
	refs := func(n int) []ids.Hash {
		r := make([]ids.Hash, n)
		for i := range r {
			r[i] = hashOf(0x55)
			r[i][0], r[i][1] = byte(i>>8), byte(i)
		}
		return r
	}
	// byHand signs e without Sign's normalisation of refs.
	byHand := func(e entry.Entry) []byte {
		return signPayload(t, mustMarshal(t, e), privA)
	}
	with := func(edit func(*entry.Entry)) entry.Entry {
		e := baseEntry(t)
		edit(&e)
		return e
	}
	signed := func(e entry.Entry) []byte { return mustSign(t, e, privA).Raw }

	for _, tc := range []struct {
		name string
		raw  []byte
		want string // "": accepted
	}{
		{"seq 0", signed(with(func(e *entry.Entry) { e.Seq = 0 })), "sequence numbers start at 1"},
		{"negative time", signed(with(func(e *entry.Entry) { e.Time = -5 })), "claimed time -5 is before 1970"},
		{"most negative time", signed(with(func(e *entry.Entry) { e.Time = -1 << 63 })), "before 1970"},
		{"seq 1", signed(with(func(e *entry.Entry) { e.Seq = 1 })), ""},
		{"seq max", signed(with(func(e *entry.Entry) { e.Seq = ^uint64(0) })), ""},
		{"empty kind", signed(with(func(e *entry.Entry) { e.Kind = "" })), "kind must be 1 to 32 bytes"},
		{"kind of 32 bytes", signed(with(func(e *entry.Entry) { e.Kind = strings.Repeat("k", entry.MaxKindLen) })), ""},
		{"kind of 33 bytes", signed(with(func(e *entry.Entry) { e.Kind = strings.Repeat("k", entry.MaxKindLen+1) })), "kind must be 1 to 32 bytes"},
		{"kind of 11 runes, 33 bytes", signed(with(func(e *entry.Entry) { e.Kind = strings.Repeat("€", 11) })), "kind must be 1 to 32 bytes"},
		{"refs unsorted", byHand(with(func(e *entry.Entry) { e.Refs = []ids.Hash{hashOf(0x44), hashOf(0x33)} })), "refs must be sorted and distinct"},
		{"refs unsorted in the last byte", byHand(with(func(e *entry.Entry) {
			a, b := hashOf(0x33), hashOf(0x33)
			a[31], b[31] = 2, 1
			e.Refs = []ids.Hash{a, b}
		})), "refs must be sorted and distinct"},
		{"refs duplicated", byHand(with(func(e *entry.Entry) { e.Refs = []ids.Hash{hashOf(0x33), hashOf(0x33)} })), "refs must be sorted and distinct"},
		{"refs sorted then duplicated", byHand(with(func(e *entry.Entry) { e.Refs = []ids.Hash{hashOf(1), hashOf(2), hashOf(2)} })), "refs must be sorted and distinct"},
		{"64 refs", signed(with(func(e *entry.Entry) { e.Refs = refs(entry.MaxRefs) })), ""},
		{"65 refs", signed(with(func(e *entry.Entry) { e.Refs = refs(entry.MaxRefs + 1) })), "65 refs, the limit is 64"},
		{"1000 refs", signed(with(func(e *entry.Entry) { e.Refs = refs(1000) })), "1000 refs, the limit is 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := entry.Decode(tc.raw)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if err := s.Verify(); err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			checkReject(t, err, entry.ErrMalformed, tc.want)
			_, err = entry.DecodeVerified(tc.raw)
			checkReject(t, err, entry.ErrMalformed, tc.want)
		})
	}
}

func TestRejectErrorIs(t *testing.T) {
	for _, a := range allSentinels {
		for _, b := range allSentinels {
			err := entry.Reject(a.Reason, "detail %d", 1)
			if got, want := errors.Is(err, b), a == b; got != want {
				t.Errorf("errors.Is(Reject(%q), Err %q) = %v", a.Reason, b.Reason, got)
			}
		}
		if got := entry.Reject(a.Reason, "x %s", "y").Error(); got != string(a.Reason)+": x y" {
			t.Errorf("message %q", got)
		}
		if got := (&entry.RejectError{Reason: a.Reason}).Error(); got != string(a.Reason) {
			t.Errorf("bare message %q", got)
		}
	}
	if errors.Is(fmt.Errorf("plain"), entry.ErrMalformed) {
		t.Errorf("a plain error matches ErrMalformed")
	}
}
