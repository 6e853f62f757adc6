package entry_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"dac/core/entry"
	"dac/core/ids"
)

// Fixed keys: ed25519 signing is deterministic, so every entry built from
// them has the same bytes on every run.
var (
	privA = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{0xA1}, ed25519.SeedSize))
	privB = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{0xB2}, ed25519.SeedSize))
	pubA  = pubOf(privA)
	pubB  = pubOf(privB)
)

const testNow = int64(1_700_000_000_000) // a receiver clock, unix ms

func pubOf(priv ed25519.PrivateKey) ids.PubKey {
	var k ids.PubKey
	copy(k[:], priv.Public().(ed25519.PublicKey))
	return k
}

func hashOf(b byte) ids.Hash {
	var h ids.Hash
	for i := range h {
		h[i] = b
	}
	return h
}

// testNode is the node id used by non-genesis test entries.
var testNode = hashOf(0x22)

func mustBody(t testing.TB, v any) entry.RawBody {
	t.Helper()
	b, err := entry.EncodeBody(v)
	if err != nil {
		t.Fatalf("EncodeBody(%v): %v", v, err)
	}
	return b
}

// baseEntry is a typical mid-chain entry with refs and a body.
func baseEntry(t testing.TB) entry.Entry {
	return entry.Entry{
		Author: pubA,
		Seq:    7,
		Prev:   hashOf(0x11),
		Time:   testNow - 60_000,
		Node:   testNode,
		Kind:   "note",
		Refs:   []ids.Hash{hashOf(0x33), hashOf(0x44)},
		Body:   mustBody(t, map[string]any{"text": "hello", "n": 3}),
	}
}

// genesisEntry is the first entry of a node.
func genesisEntry(t testing.TB) entry.Entry {
	return entry.Entry{
		Author: pubA,
		Seq:    1,
		Time:   testNow - 3_600_000,
		Kind:   entry.GenesisKind,
		Body:   mustBody(t, map[string]any{"name": "test node"}),
	}
}

func mustSign(t testing.TB, e entry.Entry, priv ed25519.PrivateKey) *entry.Signed {
	t.Helper()
	s, err := entry.Sign(e, priv)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return s
}

// wrap builds the wire array [payload, sig] in canonical CBOR.
func wrap(t testing.TB, payload, sig []byte) []byte {
	t.Helper()
	raw, err := entry.Marshal([][]byte{payload, sig})
	if err != nil {
		t.Fatalf("Marshal wire: %v", err)
	}
	return raw
}

// unwrap splits canonical wire bytes into payload and sig.
func unwrap(t testing.TB, raw []byte) (payload, sig []byte) {
	t.Helper()
	var w [][]byte
	if err := entry.Unmarshal(raw, &w); err != nil || len(w) != 2 {
		t.Fatalf("unwrap: %v (%d items)", err, len(w))
	}
	return w[0], w[1]
}

// signPayload signs arbitrary payload bytes properly, so that only their
// form can be wrong, and returns the wire bytes.
func signPayload(t testing.TB, payload []byte, priv ed25519.PrivateKey) []byte {
	t.Helper()
	return wrap(t, payload, ed25519.Sign(priv, entry.VerifyMessage(payload)))
}

// expectedID recomputes the documented id: SHA-256("dac/entry/v1" 0x00 payload).
func expectedID(payload []byte) ids.Hash {
	h := sha256.New()
	h.Write([]byte("dac/entry/v1"))
	h.Write([]byte{0})
	h.Write(payload)
	var out ids.Hash
	h.Sum(out[:0])
	return out
}

// --- hand-built CBOR -------------------------------------------------------

// head encodes a CBOR major type and argument minimally.
func head(major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return []byte{m | byte(n)}
	case n <= 0xff:
		return []byte{m | 24, byte(n)}
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16([]byte{m | 25}, uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32([]byte{m | 26}, uint32(n))
	default:
		return binary.BigEndian.AppendUint64([]byte{m | 27}, n)
	}
}

// field is one payload map pair as raw CBOR key and value.
type field struct{ key, val []byte }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func mapOf(fields ...field) []byte {
	out := head(5, uint64(len(fields)))
	for _, f := range fields {
		out = append(out, f.key...)
		out = append(out, f.val...)
	}
	return out
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := entry.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%v): %v", v, err)
	}
	return b
}

// fieldsOf lays out e field by field in the documented canonical form.
func fieldsOf(t testing.TB, e entry.Entry) []field {
	t.Helper()
	fs := []field{
		{head(0, 1), mustMarshal(t, e.Author)},
		{head(0, 2), mustMarshal(t, e.Seq)},
		{head(0, 3), mustMarshal(t, e.Prev)},
		{head(0, 4), mustMarshal(t, e.Time)},
		{head(0, 5), mustMarshal(t, e.Node)},
		{head(0, 6), mustMarshal(t, e.Kind)},
	}
	if len(e.Refs) > 0 {
		fs = append(fs, field{head(0, 7), mustMarshal(t, e.Refs)})
	}
	body := []byte(e.Body)
	if len(body) == 0 {
		body = []byte{0xf6}
	}
	return append(fs, field{head(0, 8), body})
}

// --- error checks ----------------------------------------------------------

var allSentinels = []*entry.RejectError{
	entry.ErrMalformed, entry.ErrOversized, entry.ErrBadSignature, entry.ErrBrokenChain,
	entry.ErrUnknownKind, entry.ErrFutureTime, entry.ErrWrongNode, entry.ErrInvalid,
}

// checkReject asserts that err is a RejectError of exactly want's reason,
// matched by errors.Is (also through wrapping) and by no other sentinel, and
// that its message is one plain line "<reason>: <detail>" containing every
// phrase in wants.
func checkReject(t testing.TB, err error, want *entry.RejectError, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want %q", want.Reason)
	}
	if !errors.Is(err, want) {
		t.Fatalf("errors.Is(%q, %q) = false", err, want.Reason)
	}
	if !errors.Is(wrapErr(err), want) {
		t.Fatalf("errors.Is does not see %q through wrapping", want.Reason)
	}
	for _, other := range allSentinels {
		if other != want && errors.Is(err, other) {
			t.Errorf("error %q also matches sentinel %q", err, other.Reason)
		}
	}
	var re *entry.RejectError
	if !errors.As(err, &re) || re.Reason != want.Reason {
		t.Fatalf("error %q (%T) is not a *RejectError with reason %q", err, err, want.Reason)
	}
	msg := err.Error()
	t.Logf("rejected: %s", msg)
	prefix := string(want.Reason) + ": "
	switch {
	case !strings.HasPrefix(msg, prefix):
		t.Errorf("message %q does not start with %q", msg, prefix)
	case strings.TrimSpace(strings.TrimPrefix(msg, prefix)) == "":
		t.Errorf("message %q has no detail", msg)
	case strings.ContainsAny(msg, "\n\r\t"):
		t.Errorf("message %q is not one line", msg)
	case strings.Contains(msg, "%!"):
		t.Errorf("message %q has a formatting error", msg)
	case strings.HasSuffix(msg, ":") || strings.HasSuffix(msg, " "):
		t.Errorf("message %q is cut short", msg)
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not name the problem: want %q in it", msg, w)
		}
	}
}

type wrapped struct{ err error }

func (w wrapped) Error() string { return "ingest: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }

func wrapErr(err error) error { return wrapped{err} }

// isReject reports whether err is a *RejectError with one of the known reasons.
func isReject(err error) bool {
	var re *entry.RejectError
	if !errors.As(err, &re) {
		return false
	}
	for _, s := range allSentinels {
		if re.Reason == s.Reason {
			return true
		}
	}
	return false
}
