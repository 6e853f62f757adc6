package entry

import (
	"bytes"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// Why core deterministic encoding: an entry's id is the hash of its bytes and
// its signature covers them, so every replica must produce and accept exactly
// one encoding of each value. Decoding is strict for the same reason: no
// duplicate map keys, no indefinite lengths, no tags, no unknown fields.
var (
	encMode = mustEncMode()
	decMode = mustDecMode()
)

func mustEncMode() cbor.EncMode {
	m, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err) // the options are constants: this cannot fail at run time
	}
	return m
}

func mustDecMode() cbor.DecMode {
	m, err := cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthForbidden,
		TagsMd:            cbor.TagsForbidden,
		MaxNestedLevels:   16,
		MaxArrayElements:  4096,
		MaxMapPairs:       1024,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
	}.DecMode()
	if err != nil {
		panic(err) // constant options, as above
	}
	return m
}

// Marshal encodes v in core deterministic CBOR.
func Marshal(v any) ([]byte, error) { return encMode.Marshal(v) }

// Unmarshal decodes strict CBOR into v.
func Unmarshal(data []byte, v any) error { return decMode.Unmarshal(data, v) }

// UnmarshalCanonical decodes data into v and checks that data is the one
// deterministic encoding of what it decoded to.
func UnmarshalCanonical(data []byte, v any) error {
	if err := decMode.Unmarshal(data, v); err != nil {
		return err
	}
	again, err := encMode.Marshal(v)
	if err != nil {
		return err
	}
	if !bytes.Equal(again, data) {
		return fmt.Errorf("not in deterministic CBOR encoding")
	}
	return nil
}
