package entry_test

import (
	"bytes"
	"crypto/ed25519"
	"reflect"
	"testing"

	"dac/core/entry"
	"dac/core/ids"
)

func TestSignDecodeRoundTrip(t *testing.T) {
	noRefs := baseEntry(t)
	noRefs.Refs = nil
	noBody := baseEntry(t)
	noBody.Body = nil
	emptyRefs := baseEntry(t)
	emptyRefs.Refs = []ids.Hash{}
	big := baseEntry(t)
	big.Body = mustBody(t, bytes.Repeat([]byte{0x5a}, 4000))
	epoch := baseEntry(t)
	epoch.Time = 0

	for _, tc := range []struct {
		name string
		e    entry.Entry
	}{
		{"with refs and body", baseEntry(t)},
		{"no refs", noRefs},
		{"empty refs slice", emptyRefs},
		{"no body", noBody},
		{"genesis", genesisEntry(t)},
		{"large body", big},
		{"time zero", epoch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSign(t, tc.e, privA)
			if s.ID != expectedID(s.Payload) {
				t.Errorf("Sign: ID is not SHA-256(\"dac/entry/v1\" 0x00 payload)")
			}
			if !ed25519.Verify(pubA[:], append([]byte("dac/entry/v1\x00"), s.Payload...), s.Sig) {
				t.Errorf("Sign: signature is not ed25519 over \"dac/entry/v1\" 0x00 payload")
			}
			if !bytes.Equal(entry.VerifyMessage(s.Payload), append([]byte("dac/entry/v1\x00"), s.Payload...)) {
				t.Errorf("VerifyMessage is not the domain-separated payload")
			}
			if p, sig := unwrap(t, s.Raw); !bytes.Equal(p, s.Payload) || !bytes.Equal(sig, s.Sig) {
				t.Errorf("Raw is not [payload, sig]")
			}

			d, err := entry.Decode(s.Raw)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(d.Entry, s.Entry) {
				t.Errorf("Decode entry = %+v\nwant %+v", d.Entry, s.Entry)
			}
			if d.ID != s.ID || !bytes.Equal(d.Sig, s.Sig) || !bytes.Equal(d.Payload, s.Payload) || !bytes.Equal(d.Raw, s.Raw) {
				t.Errorf("Decode: id, sig, payload or raw differ from Sign's")
			}
			if err := d.Verify(); err != nil {
				t.Errorf("Verify: %v", err)
			}
			v, err := entry.DecodeVerified(s.Raw)
			if err != nil {
				t.Fatalf("DecodeVerified: %v", err)
			}
			if v.ID != s.ID {
				t.Errorf("DecodeVerified id = %s, want %s", v.ID, s.ID)
			}
			// The decoded entry re-signs to the very same bytes.
			again := mustSign(t, d.Entry, privA)
			if !bytes.Equal(again.Raw, s.Raw) {
				t.Errorf("re-signing the decoded entry changed its bytes")
			}
		})
	}
}

// The field values Sign puts in the entry are the ones Decode gives back,
// including its normalisations: refs sorted and de-duplicated, no body → null.
func TestSignNormalises(t *testing.T) {
	e := baseEntry(t)
	e.Refs = []ids.Hash{hashOf(0x44), hashOf(0x33), hashOf(0x44)}
	e.Body = nil
	s := mustSign(t, e, privA)
	want := []ids.Hash{hashOf(0x33), hashOf(0x44)}
	if !reflect.DeepEqual(s.Refs, want) {
		t.Errorf("Sign refs = %x, want sorted distinct %x", s.Refs, want)
	}
	if !bytes.Equal(s.Body, []byte{0xf6}) {
		t.Errorf("Sign body = %x, want null (f6)", []byte(s.Body))
	}
	if e.Refs[0] != hashOf(0x44) {
		t.Errorf("Sign reordered the caller's refs slice")
	}
	d, err := entry.DecodeVerified(s.Raw)
	if err != nil {
		t.Fatalf("DecodeVerified: %v", err)
	}
	if !reflect.DeepEqual(d.Refs, want) || !bytes.Equal(d.Body, []byte{0xf6}) {
		t.Errorf("Decode refs %x body %x", d.Refs, []byte(d.Body))
	}
}

// The payload is exactly the documented map: integer keys 1..8 in order,
// refs left out when empty.
func TestPayloadLayout(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    entry.Entry
	}{
		{"with refs", baseEntry(t)},
		{"without refs", genesisEntry(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSign(t, tc.e, privA)
			if want := mapOf(fieldsOf(t, s.Entry)...); !bytes.Equal(s.Payload, want) {
				t.Errorf("payload\n got %x\nwant %x", s.Payload, want)
			}
			if s.Payload[0] != 0xa0|byte(len(fieldsOf(t, s.Entry))) {
				t.Errorf("payload map header %x", s.Payload[0])
			}
		})
	}
}

func TestIDStableAndDistinct(t *testing.T) {
	base := baseEntry(t)
	s1 := mustSign(t, base, privA)
	s2 := mustSign(t, baseEntry(t), privA)
	if s1.ID != s2.ID || !bytes.Equal(s1.Raw, s2.Raw) {
		t.Fatalf("signing the same content twice gave different ids or bytes")
	}
	// A different key over the same content (Author unchanged) signs
	// the same payload: same id, different signature.
	s3 := mustSign(t, base, privB)
	if s3.ID != s1.ID || bytes.Equal(s3.Sig, s1.Sig) {
		t.Errorf("id must depend on the payload only, the signature on the key")
	}

	seen := map[ids.Hash]string{s1.ID: "base"}
	for _, tc := range []struct {
		field string
		edit  func(*entry.Entry)
	}{
		{"author", func(e *entry.Entry) { e.Author = pubB }},
		{"seq", func(e *entry.Entry) { e.Seq++ }},
		{"prev", func(e *entry.Entry) { e.Prev[31] ^= 1 }},
		{"prev zero", func(e *entry.Entry) { e.Prev = ids.Hash{} }},
		{"time", func(e *entry.Entry) { e.Time++ }},
		{"node", func(e *entry.Entry) { e.Node[0] ^= 0x80 }},
		{"kind", func(e *entry.Entry) { e.Kind = "notf" }},
		{"refs one changed", func(e *entry.Entry) { e.Refs = []ids.Hash{hashOf(0x33), hashOf(0x45)} }},
		{"refs one dropped", func(e *entry.Entry) { e.Refs = e.Refs[:1] }},
		{"refs none", func(e *entry.Entry) { e.Refs = nil }},
		{"body", func(e *entry.Entry) { e.Body = mustBody(t, map[string]any{"text": "hellp", "n": 3}) }},
		{"body null", func(e *entry.Entry) { e.Body = nil }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			e := baseEntry(t)
			tc.edit(&e)
			priv := privA
			if e.Author == pubB {
				priv = privB
			}
			s := mustSign(t, e, priv)
			if other, dup := seen[s.ID]; dup {
				t.Fatalf("changing %s gave the same id as %s", tc.field, other)
			}
			seen[s.ID] = tc.field
			if s.ID != expectedID(s.Payload) {
				t.Errorf("id is not the hash of the payload")
			}
			if again := mustSign(t, e, priv); again.ID != s.ID {
				t.Errorf("id not stable for the same content")
			}
			d, err := entry.DecodeVerified(s.Raw)
			if err != nil {
				t.Fatalf("DecodeVerified: %v", err)
			}
			if d.ID != s.ID {
				t.Errorf("decoded id differs")
			}
		})
	}
}

// Decode keeps the body's bytes exactly: the id covers them and a kind
// decodes them later. (Body canonicality is the kind's check, see
// core.Define; the entry layer only requires one well-formed CBOR item.)
func TestDecodeKeepsBodyBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"null", []byte{0xf6}},
		{"uint", []byte{0x05}},
		{"nested", mustBody(t, map[string]any{"a": []any{1, "x", []byte{1, 2}}, "b": true})},
		{"non-minimal uint in body", []byte{0x18, 0x05}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := baseEntry(t)
			e.Body = tc.body
			s := mustSign(t, e, privA)
			d, err := entry.DecodeVerified(s.Raw)
			if err != nil {
				t.Fatalf("DecodeVerified: %v", err)
			}
			if !bytes.Equal(d.Body, tc.body) {
				t.Errorf("body = %x, want %x", []byte(d.Body), tc.body)
			}
			// The decoded body must not alias the input buffer.
			raw := bytes.Clone(s.Raw)
			d2, err := entry.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			for i := range raw {
				raw[i] = 0
			}
			if !bytes.Equal(d2.Body, tc.body) || !bytes.Equal(d2.Payload, s.Payload) || !bytes.Equal(d2.Sig, s.Sig) {
				t.Errorf("decoded body, payload or sig alias the input buffer")
			}
		})
	}
}

func TestSignRejectsBadBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"truncated item", []byte{0x82, 0x01}},
		{"two items", []byte{0x01, 0x02}},
		{"reserved byte", []byte{0x1c}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := baseEntry(t)
			e.Body = tc.body
			if s, err := entry.Sign(e, privA); err == nil {
				t.Fatalf("Sign accepted body %x: raw %x", tc.body, s.Raw)
			}
		})
	}
}
