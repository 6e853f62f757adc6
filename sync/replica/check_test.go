package replica

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	dag "github.com/ipfs/boxo/ipld/merkledag"
	cid "github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	"github.com/ipfs/go-ds-crdt/pb"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
	"google.golang.org/protobuf/proto"

	"dac/core/demo"
	"dac/core/entry"
)

// The static checks on what peers send: heads messages, blocks, deltas and
// catch-up frames. Every refusal must be ErrBadBlock (it counts against
// the peer); everything an honest replica writes must pass.

var worlds = sync.OnceValues(func() (*demo.World, error) {
	return demo.Generate(demo.Config{Members: 12, Days: 4, Seed: 3})
})

func testWorld(t testing.TB) *demo.World {
	t.Helper()
	w, err := worlds()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func elementOf(s *entry.Signed) *pb.Element {
	return &pb.Element{Key: EntryKey(s).String(), Value: s.Raw}
}

func deltaOfEntries(es ...*entry.Signed) *pb.Delta {
	d := &pb.Delta{Priority: 1}
	for _, s := range es {
		d.Elements = append(d.Elements, elementOf(s))
	}
	return d
}

// nodeFor builds a block the way go-ds-crdt does (makeNode): dag-pb
// holding the marshalled delta, links to the heads below, CIDv1.
func nodeFor(t testing.TB, data []byte, links ...cid.Cid) *dag.ProtoNode {
	t.Helper()
	nd := dag.NodeWithData(data)
	for _, l := range links {
		if err := nd.AddRawLink("", &ipld.Link{Cid: l}); err != nil {
			t.Fatal(err)
		}
	}
	if err := nd.SetCidBuilder(dag.V1CidPrefix()); err != nil {
		t.Fatal(err)
	}
	return nd
}

func marshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// forge signs a variant of s (a later time: a new entry) with the key of
// another member.
func forge(t testing.TB, w *demo.World, s *entry.Signed) *entry.Signed {
	t.Helper()
	e := s.Entry
	e.Time++
	for _, k := range w.Keys {
		if !bytes.Equal(k.Public().(ed25519.PublicKey), s.Author[:]) {
			f, err := entry.Sign(e, k)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatal("a world of one member")
	return nil
}

func TestDecodeBlock(t *testing.T) {
	w := testWorld(t)
	good := nodeFor(t, marshal(t, deltaOfEntries(w.Entries[1:4]...)), nodeFor(t, nil).Cid())
	sum := func(p cid.Prefix, data []byte) cid.Cid {
		c, err := p.Sum(data)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	v1 := good.Cid().Prefix()
	v0 := cid.Prefix{Version: 0, Codec: cid.DagProtobuf, MhType: mh.SHA2_256, MhLength: -1}
	raw := cid.Prefix{Version: 1, Codec: cid.Raw, MhType: mh.SHA2_256, MhLength: -1}
	sha512 := cid.Prefix{Version: 1, Codec: cid.DagProtobuf, MhType: mh.SHA2_512, MhLength: -1}
	var manyLinks []cid.Cid
	for i := range maxLinks + 1 {
		manyLinks = append(manyLinks, nodeFor(t, []byte{byte(i), byte(i >> 8)}).Cid())
	}
	tooLinked := nodeFor(t, marshal(t, deltaOfEntries(w.Entries[1])), manyLinks...)
	notPB := []byte{0xff, 0xff, 0xff, 0xff}
	notDelta := nodeFor(t, []byte{0xff, 0xff, 0xff}).RawData()
	huge := nodeFor(t, make([]byte, maxBlockBytes)).RawData()

	tests := []struct {
		name    string
		c       cid.Cid
		data    []byte
		entries int // when good
	}{
		{"a go-ds-crdt block", good.Cid(), good.RawData(), 3},
		{"an empty delta", nodeFor(t, nil).Cid(), nodeFor(t, nil).RawData(), 0},
		{"CIDv0", sum(v0, good.RawData()), good.RawData(), -1},
		{"raw codec", sum(raw, good.RawData()), good.RawData(), -1},
		{"sha2-512", sum(sha512, good.RawData()), good.RawData(), -1},
		{"bytes of another block", good.Cid(), nodeFor(t, nil).RawData(), -1},
		{"one bit flipped", good.Cid(), flipLast(good.RawData()), -1},
		{"not dag-pb", sum(v1, notPB), notPB, -1},
		{"dag-pb holding no delta", sum(v1, notDelta), notDelta, -1},
		{"too many links", tooLinked.Cid(), tooLinked.RawData(), -1},
		{"over the size limit", sum(v1, huge), huge, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nd, d, err := decodeBlock(tc.c, tc.data)
			if tc.entries < 0 {
				if !errors.Is(err, ErrBadBlock) {
					t.Fatalf("decodeBlock: %v, want ErrBadBlock", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// nd.Cid() is the CIDv0 of the bytes (DecodeProtobuf's default builder).
			if !bytes.Equal(nd.RawData(), tc.data) || len(d.Elements) != tc.entries {
				t.Fatalf("decoded a node of %d bytes with %d elements, want %d bytes with %d", len(nd.RawData()), len(d.Elements), len(tc.data), tc.entries)
			}
		})
	}
}

func flipLast(b []byte) []byte {
	b = slices.Clone(b)
	b[len(b)-1] ^= 1
	return b
}

func TestCheckDelta(t *testing.T) {
	w := testWorld(t)
	es := w.Entries[1:6]
	forged := forge(t, w, es[0])
	flipped, err := entry.Decode(flipLast(es[1].Raw)) // the signature ends the wire form
	if err != nil {
		t.Fatal(err)
	}
	other, err := demo.Generate(demo.Config{Members: 4, Days: 2, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	with := func(els ...*pb.Element) *pb.Delta { return &pb.Delta{Priority: 1, Elements: els} }
	wrongKey := elementOf(es[0])
	wrongKey.Key = EntryKey(es[1]).String()
	tombstone := deltaOfEntries(es[0])
	tombstone.Tombstones = []*pb.Element{{Key: EntryKey(es[1]).String()}}
	tooMany := with(slices.Repeat([]*pb.Element{elementOf(es[0])}, maxDeltaEntries+1)...)

	tests := []struct {
		name   string
		d      *pb.Delta
		verify bool
		ok     bool
	}{
		{"honest entries", deltaOfEntries(es...), true, true},
		{"this node's genesis", deltaOfEntries(w.Entries[0]), true, true},
		{"no entries", with(), true, true},
		{"the same entry twice", deltaOfEntries(es[0], es[0]), true, true},
		{"a forged signature, not verified", deltaOfEntries(es[0], forged), false, true},
		{"a forged signature", deltaOfEntries(es[0], forged), true, false},
		{"a flipped signature bit", deltaOfEntries(flipped), true, false},
		{"a tombstone", tombstone, false, false},
		{"an entry under another entry's key", with(wrongKey), false, false},
		{"an entry under a made-up key", with(&pb.Element{Key: "/e/x", Value: es[0].Raw}), false, false},
		{"a value that is not an entry", with(&pb.Element{Key: EntryKey(es[0]).String(), Value: []byte("hello")}), false, false},
		{"an empty value", with(&pb.Element{Key: "/e"}), false, false},
		{"another node's entry", deltaOfEntries(other.Entries[1]), false, false},
		{"another node's genesis", deltaOfEntries(other.Entries[0]), false, false},
		{"too many entries", tooMany, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raws, err := checkDelta(w.Node, tc.d, tc.verify)
			if !tc.ok {
				if !errors.Is(err, ErrBadBlock) {
					t.Fatalf("checkDelta: %v, want ErrBadBlock", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(raws) != len(tc.d.Elements) {
				t.Fatalf("%d entries back, want %d", len(raws), len(tc.d.Elements))
			}
			for i, raw := range raws {
				if !bytes.Equal(raw, tc.d.Elements[i].Value) {
					t.Fatalf("entry %d: not the wire bytes of the element", i)
				}
			}
		})
	}
}

func headsMessage(t testing.TB, hs ...[]byte) []byte {
	var m pb.CRDTBroadcast
	for _, h := range hs {
		m.Heads = append(m.Heads, &pb.Head{Cid: h})
	}
	return marshal(t, &m)
}

func TestDecodeHeads(t *testing.T) {
	a, b := nodeFor(t, []byte{1}).Cid(), nodeFor(t, []byte{2}).Cid()
	maxed := slices.Repeat([][]byte{a.Bytes()}, maxHeads)
	tests := []struct {
		name string
		data []byte
		want []cid.Cid // nil: refused
	}{
		{"one head", encodeHeads([]cid.Cid{a}), []cid.Cid{a}},
		{"two heads", encodeHeads([]cid.Cid{a, b}), []cid.Cid{a, b}},
		{"as many heads as allowed", headsMessage(t, maxed...), slices.Repeat([]cid.Cid{a}, maxHeads)},
		{"nothing", nil, nil},
		{"no heads", headsMessage(t), nil},
		{"one head too many", headsMessage(t, append(maxed, a.Bytes())...), nil},
		{"not protobuf", []byte{0xff, 0xff, 0xff}, nil},
		{"an unknown field", append(encodeHeads([]cid.Cid{a}), 0x20, 0x01), nil},
		{"not a CID", headsMessage(t, []byte("hello")), nil},
		{"an empty CID", headsMessage(t, nil), nil},
		{"CIDv0", headsMessage(t, cid.NewCidV0(a.Hash()).Bytes()), nil},
		{"raw codec", headsMessage(t, cid.NewCidV1(cid.Raw, a.Hash()).Bytes()), nil},
		{"over the size limit", append(encodeHeads([]cid.Cid{a}), slices.Repeat([]byte{0x20, 0x01}, maxHeadsMsg/2)...), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := decodeHeads(tc.data)
			if tc.want == nil {
				if !errors.Is(err, ErrBadBlock) {
					t.Fatalf("decodeHeads: %v, %v; want ErrBadBlock", hs, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(hs, tc.want, cid.Cid.Equals) {
				t.Fatalf("heads %v, want %v", hs, tc.want)
			}
		})
	}
}

// frames writes a stream of raw frames: varint length, bytes.
func frames(bs ...[]byte) *bytes.Buffer {
	var buf bytes.Buffer
	for _, b := range bs {
		buf.Write(binary.AppendUvarint(nil, uint64(len(b))))
		buf.Write(b)
	}
	return &buf
}

// errAny: any error will do.
var errAny = errors.New("any error")

func TestFramerLimits(t *testing.T) {
	atLimit := make([]byte, maxFrame)
	tests := []struct {
		name   string
		stream io.Reader
		want   []byte // the first frame; nil: an end frame
		err    error  // wanted error (errors.Is)
	}{
		{"a frame", frames([]byte{0xa0}), []byte{0xa0}, nil},
		{"an end frame", frames(nil), nil, nil},
		{"a frame at the limit", frames(atLimit), atLimit, nil},
		{"a frame over the limit", bytes.NewReader(binary.AppendUvarint(nil, maxFrame+1)), nil, ErrBadBlock},
		{"a length of 2^64-1", bytes.NewReader(binary.AppendUvarint(nil, ^uint64(0))), nil, ErrBadBlock},
		{"a length that overflows", bytes.NewReader(bytes.Repeat([]byte{0xff}, 11)), nil, errAny},
		{"a frame cut short", bytes.NewReader(append(binary.AppendUvarint(nil, 10), 1, 2, 3)), nil, io.ErrUnexpectedEOF},
		{"nothing", bytes.NewReader(nil), nil, io.EOF},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFramer(struct {
				io.Reader
				io.Writer
			}{tc.stream, io.Discard})
			b, err := f.readRaw()
			if tc.err != nil {
				if err == nil || (tc.err != errAny && !errors.Is(err, tc.err)) {
					t.Fatalf("readRaw: %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, tc.want) || (b == nil) != (tc.want == nil) {
				t.Fatalf("read %d bytes, want %d", len(b), len(tc.want))
			}
		})
	}
}

func TestFramerRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	f := newFramer(&buf)
	in := catchReq{Node: bytes.Repeat([]byte{7}, 32), Want: [][]byte{{1, 2}, {3}}, Limit: 64}
	if err := f.write(in); err != nil {
		t.Fatal(err)
	}
	if err := f.end(); err != nil {
		t.Fatal(err)
	}
	var out catchReq
	if err := f.read(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Node, in.Node) || len(out.Want) != 2 || out.Limit != in.Limit {
		t.Fatalf("read %+v, wrote %+v", out, in)
	}
	if err := f.read(&out); !errors.Is(err, ErrBadBlock) {
		t.Fatalf("reading the end frame as a value: %v, want ErrBadBlock", err)
	}
	if err := newFramer(frames([]byte{0xff})).read(&out); !errors.Is(err, ErrBadBlock) {
		t.Fatalf("reading a frame that is not CBOR: %v, want ErrBadBlock", err)
	}
}

// TestEntryKey: an entry's key names its author, sequence number and id,
// survives go-datastore's key cleaning unchanged (go-ds-crdt stores
// ds.NewKey(key)), is the same after the entry crosses the wire, and is
// distinct for distinct entries.
func TestEntryKey(t *testing.T) {
	w := testWorld(t)
	seen := map[string]bool{}
	for _, s := range w.Entries {
		k := EntryKey(s)
		if !ds.NewKey(k.String()).Equal(k) {
			t.Fatalf("key %s is not clean", k)
		}
		parts := strings.Split(strings.TrimPrefix(k.String(), entryPrefix), "/")
		if len(parts) != 3 || parts[0] != s.Author.String() || parts[1] != strconv.FormatUint(s.Seq, 10) || parts[2] != s.ID.String() {
			t.Fatalf("key %s does not name author %s, seq %d, id %s", k, s.Author, s.Seq, s.ID)
		}
		back, err := entry.Decode(s.Raw)
		if err != nil {
			t.Fatal(err)
		}
		if !EntryKey(back).Equal(k) {
			t.Fatalf("key %s after the wire, %s before", EntryKey(back), k)
		}
		if seen[k.String()] {
			t.Fatalf("two entries under %s", k)
		}
		seen[k.String()] = true
	}
}

func FuzzDecodeHeads(f *testing.F) {
	a, b := nodeFor(f, []byte{1}).Cid(), nodeFor(f, []byte{2}).Cid()
	f.Add(encodeHeads([]cid.Cid{a}))
	f.Add(encodeHeads([]cid.Cid{a, b}))
	f.Add(headsMessage(f, cid.NewCidV0(a.Hash()).Bytes()))
	f.Add(append(encodeHeads([]cid.Cid{a}), 0x20, 0x01))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, err := decodeHeads(data)
		if err != nil {
			if !errors.Is(err, ErrBadBlock) {
				t.Fatalf("refused without ErrBadBlock: %v", err)
			}
			return
		}
		if len(hs) == 0 || len(hs) > maxHeads || len(data) > maxHeadsMsg {
			t.Fatalf("accepted %d heads in %d bytes", len(hs), len(data))
		}
		for _, c := range hs {
			if p := c.Prefix(); p.Version != 1 || p.Codec != cid.DagProtobuf {
				t.Fatalf("accepted head %s", c)
			}
		}
		again, err := decodeHeads(encodeHeads(hs))
		if err != nil || !slices.EqualFunc(again, hs, cid.Cid.Equals) {
			t.Fatalf("re-encoded heads decode to %v, %v; want %v", again, err, hs)
		}
	})
}

// FuzzCheckDelta: whatever a block holds, checkDelta either refuses it as
// a bad block or returns entries that are each well-formed, validly signed
// by their author, of this node and stored under their own key.
func FuzzCheckDelta(f *testing.F) {
	w := testWorld(f)
	es := w.Entries[1:4]
	f.Add(marshal(f, deltaOfEntries(es...)))
	f.Add(marshal(f, deltaOfEntries(w.Entries[0])))
	f.Add(marshal(f, deltaOfEntries(forge(f, w, es[0]))))
	tomb := deltaOfEntries(es[0])
	tomb.Tombstones = []*pb.Element{{Key: EntryKey(es[1]).String()}}
	f.Add(marshal(f, tomb))
	f.Add(marshal(f, &pb.Delta{Elements: []*pb.Element{{Key: "/e/x", Value: es[0].Raw}}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var d pb.Delta
		if proto.Unmarshal(data, &d) != nil {
			return
		}
		raws, err := checkDelta(w.Node, &d, true)
		if err != nil {
			if !errors.Is(err, ErrBadBlock) {
				t.Fatalf("refused without ErrBadBlock: %v", err)
			}
			return
		}
		if len(d.Tombstones) > 0 || len(raws) != len(d.Elements) {
			t.Fatalf("accepted %d tombstones, %d of %d elements", len(d.Tombstones), len(raws), len(d.Elements))
		}
		for i, raw := range raws {
			s, err := entry.DecodeVerified(raw)
			if err != nil {
				t.Fatalf("accepted entry %d: %v", i, err)
			}
			if err := entry.Check(s, entry.Rules{Node: w.Node, Now: maxTime}); err != nil {
				t.Fatalf("accepted entry %d: %v", i, err)
			}
			if d.Elements[i].Key != EntryKey(s).String() {
				t.Fatalf("accepted entry %d under key %q", i, d.Elements[i].Key)
			}
		}
	})
}
