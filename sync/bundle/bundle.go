// Package bundle writes and reads DAC bundles: a node's entries in a
// standard CAR file (CARv1, github.com/ipld/go-car/v2), for USB sticks and
// for the data drone tankers carry between nodes with no link.
//
// Layout: the root block is a manifest, deterministic CBOR (dag-cbor codec)
// {"format": "dac-bundle/1", "node": <32 bytes>, "entries": <count>};
// then one block per entry, its exact wire bytes, codec raw (0x55), CID
// v1 with a SHA-256 multihash. Read checks every block against its CID, the
// manifest's format and count, and returns nothing unless all of it holds,
// so a damaged or truncated bundle applies nothing.
package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ipfs/go-cid"
	carv2 "github.com/ipld/go-car/v2"
	"github.com/ipld/go-car/v2/storage"
	"github.com/multiformats/go-multihash"

	"dac/core/entry"
	"dac/core/ids"
)

// Format names this layout in the manifest.
const Format = "dac-bundle/1"

// MaxEntries bounds what one bundle may claim to hold.
const MaxEntries = 10_000_000

// Manifest is the root block.
type Manifest struct {
	Format  string   `cbor:"format"`
	Node    ids.Hash `cbor:"node"`
	Entries int      `cbor:"entries"`
}

var (
	rawPrefix  = cid.Prefix{Version: 1, Codec: cid.Raw, MhType: multihash.SHA2_256, MhLength: -1}
	rootPrefix = cid.Prefix{Version: 1, Codec: cid.DagCBOR, MhType: multihash.SHA2_256, MhLength: -1}
)

// Write writes a bundle of node's entries (wire bytes) to w.
func Write(w io.Writer, node ids.Hash, raws [][]byte) error {
	m, err := entry.Marshal(Manifest{Format: Format, Node: node, Entries: len(raws)})
	if err != nil {
		return err
	}
	root, err := rootPrefix.Sum(m)
	if err != nil {
		return err
	}
	car, err := storage.NewWritable(w, []cid.Cid{root}, carv2.WriteAsCarV1(true), carv2.AllowDuplicatePuts(true))
	if err != nil {
		return err
	}
	ctx := context.Background()
	if err := car.Put(ctx, root.KeyString(), m); err != nil {
		return err
	}
	for _, raw := range raws {
		c, err := rawPrefix.Sum(raw)
		if err != nil {
			return err
		}
		if err := car.Put(ctx, c.KeyString(), raw); err != nil {
			return err
		}
	}
	return car.Finalize()
}

// ErrBadBundle wraps every reason a bundle is refused.
var ErrBadBundle = errors.New("not a valid DAC bundle")

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadBundle, fmt.Sprintf(format, args...))
}

// Read reads a whole bundle and checks it; it returns the manifest and the
// entries' wire bytes in order, or an error and nothing.
func Read(r io.Reader) (Manifest, [][]byte, error) {
	br, err := carv2.NewBlockReader(r)
	if err != nil {
		return Manifest{}, nil, bad("%v", err)
	}
	if len(br.Roots) != 1 {
		return Manifest{}, nil, bad("%d roots, want the manifest alone", len(br.Roots))
	}
	var m Manifest
	var raws [][]byte
	seenRoot := false
	for {
		b, err := br.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Manifest{}, nil, bad("%v (truncated or damaged?)", err)
		}
		if err := checkBlock(b.Cid(), b.RawData()); err != nil {
			return Manifest{}, nil, err
		}
		switch {
		case b.Cid().Equals(br.Roots[0]):
			if err := entry.UnmarshalCanonical(b.RawData(), &m); err != nil {
				return Manifest{}, nil, bad("manifest: %v", err)
			}
			seenRoot = true
		case b.Cid().Prefix().Codec == cid.Raw:
			if len(raws) >= MaxEntries {
				return Manifest{}, nil, bad("more than %d entries", MaxEntries)
			}
			raws = append(raws, b.RawData())
		default:
			return Manifest{}, nil, bad("unexpected block %s", b.Cid())
		}
	}
	switch {
	case !seenRoot:
		return Manifest{}, nil, bad("the manifest is missing")
	case m.Format != Format:
		return Manifest{}, nil, bad("format %q, this program reads %q", m.Format, Format)
	case m.Entries != len(raws):
		return Manifest{}, nil, bad("the manifest promises %d entries, the file holds %d (truncated?)", m.Entries, len(raws))
	}
	return m, raws, nil
}

// checkBlock recomputes a block's hash: a flipped byte never slips through.
func checkBlock(c cid.Cid, data []byte) error {
	got, err := c.Prefix().Sum(data)
	if err != nil {
		return bad("block %s: %v", c, err)
	}
	if !got.Equals(c) || !bytes.Equal(got.Hash(), c.Hash()) {
		return bad("block %s does not match its content (damaged)", c)
	}
	return nil
}
