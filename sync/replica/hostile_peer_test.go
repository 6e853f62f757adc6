// The hostile peer of the attack tests: a libp2p host on the mocknet that
// publishes on a node's topic and answers the catch-up protocol as told,
// and the blocks, frames and entries it forges.

package replica_test

import (
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/ipfs/boxo/bitswap"
	"github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockstore"
	dag "github.com/ipfs/boxo/ipld/merkledag"
	blocks "github.com/ipfs/go-block-format"
	cid "github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	dssync "github.com/ipfs/go-datastore/sync"
	"github.com/ipfs/go-ds-crdt/pb"
	ipld "github.com/ipfs/go-ipld-format"
	logging "github.com/ipfs/go-log/v2"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"
	"google.golang.org/protobuf/proto"

	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
	"dac/sync/replica"
	"dac/sync/testnet"
)

// offences counts the reports of Options.Misbehaved, per peer.
type offences struct {
	mu   sync.Mutex
	n    map[peer.ID]int
	last map[peer.ID]error
}

func newOffences() *offences {
	return &offences{n: map[peer.ID]int{}, last: map[peer.ID]error{}}
}

// opts are test options with Misbehaved counting here and a silent
// logger: go-ds-crdt logs every refused block as an error, and refusing
// blocks is what these tests are about.
func (o *offences) opts() replica.Options {
	opts := testOpts()
	opts.Misbehaved = o.report
	opts.Logger = silentLogger()
	return opts
}

func silentLogger() logging.StandardLogger {
	l := logging.Logger("replica-under-attack")
	_ = logging.SetLogLevel("replica-under-attack", "fatal")
	return l
}

func (o *offences) report(p peer.ID, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n[p]++
	o.last[p] = err
}

func (o *offences) count(p peer.ID) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[p]
}

// onlyBlamed fails if a peer other than the liars was reported.
func (o *offences) onlyBlamed(t *testing.T, liars ...peer.ID) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for p, n := range o.n {
		if !slices.Contains(liars, p) {
			t.Errorf("honest peer %s reported %d times, last for: %v", p, n, o.last[p])
		}
	}
}

// hostile is a peer that speaks the wire formats with no replica behind
// them: gossipsub on the node's topic, a bitswap serving whatever is put
// in its blockstore, and (serveCatchUp) a scripted catch-up server.
type hostile struct {
	h     host.Host
	topic *pubsub.Topic
	bs    blockstore.Blockstore
}

// newHostile adds a hostile peer to mn, linked to everyone and connected
// to the replicas in conn.
func newHostile(t *testing.T, mn mocknet.Mocknet, node ids.Hash, conn []*testnet.Peer) *hostile {
	t.Helper()
	h, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	if err := mn.LinkAll(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ps, err := pubsub.NewGossipSub(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	topic, err := ps.Join(replica.TopicOf(replica.Namespace(node)))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := topic.Subscribe() // a topic peer, as a replica is
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for _, err := sub.Next(ctx); err == nil; _, err = sub.Next(ctx) {
		}
	}()
	bs := blockstore.NewBlockstore(dssync.MutexWrap(ds.NewMapDatastore()))
	bsw := bitswap.New(ctx, bsnet.NewFromIpfsHost(h), nil, bs)
	t.Cleanup(func() {
		cancel()
		bsw.Close()
		h.Close()
	})
	for _, p := range conn {
		connect(t, mn, h, p.H)
	}
	return &hostile{h: h, topic: topic, bs: bs}
}

func (x *hostile) waitTopicPeers(t *testing.T, n int) {
	t.Helper()
	waitFor(t, 5*time.Second, "the hostile peer to see the replicas on the topic",
		func() bool { return len(x.topic.ListPeers()) >= n })
}

func (x *hostile) publish(t *testing.T, data []byte) {
	t.Helper()
	if err := x.topic.Publish(context.Background(), data); err != nil {
		t.Fatal(err)
	}
}

// publishUntil publishes data, again every 200 ms, until done holds.
func (x *hostile) publishUntil(t *testing.T, data []byte, done func() bool) {
	t.Helper()
	for range 25 {
		x.publish(t, data)
		if testnet.WaitFor(context.Background(), 200*time.Millisecond, done) == nil {
			return
		}
	}
	t.Fatal("a heads message from the hostile peer was never reported")
}

func (x *hostile) put(t *testing.T, b blocks.Block) {
	t.Helper()
	if err := x.bs.Put(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// serveCatchUp answers every catch-up request with heads, then what lie
// writes (nil: nothing), then an end frame.
func (x *hostile) serveCatchUp(t *testing.T, node ids.Hash, heads []cid.Cid, lie lie) {
	x.h.SetStreamHandler(replica.CatchUpProtocol, func(s network.Stream) {
		defer s.Close()
		for {
			var req catchReq
			if err := readFrame(s, &req); err != nil {
				return
			}
			writeFrame(t, s, catchHead{Heads: cidBytes(heads), Node: node[:]})
			if lie != nil {
				lie(s, req.Limit > 0)
			}
			writeRaw(s, nil)
		}
	})
}

// The catch-up protocol's frames, as a foreign implementation writes them
// (see replica.CatchUpProtocol).
type catchReq struct {
	Node  []byte   `cbor:"1,keyasint"`
	Want  [][]byte `cbor:"2,keyasint,omitempty"`
	Limit int      `cbor:"3,keyasint"`
}

type catchHead struct {
	Heads [][]byte `cbor:"1,keyasint"`
	Err   string   `cbor:"2,keyasint,omitempty"`
	Node  []byte   `cbor:"3,keyasint"`
}

type catchBlock struct {
	_ struct{} `cbor:",toarray"`
	C []byte
	D []byte
}

func writeBlock(t *testing.T, w io.Writer, b blocks.Block) {
	writeFrame(t, w, catchBlock{C: b.Cid().Bytes(), D: b.RawData()})
}

func writeFrame(t *testing.T, w io.Writer, v any) {
	b, err := cbor.Marshal(v)
	if err != nil {
		t.Error(err)
		return
	}
	writeRaw(w, b)
}

// writeRaw writes one frame; a nil b is the end frame. Write errors are
// the victim hanging up, which is its right.
func writeRaw(w io.Writer, b []byte) {
	var hdr [binary.MaxVarintLen64]byte
	_, _ = w.Write(append(hdr[:binary.PutUvarint(hdr[:], uint64(len(b)))], b...))
}

func readFrame(r io.Reader, v any) error {
	br := byteReader{r}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return err
	}
	if n > 1<<20 {
		return errors.New("frame too big")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return err
	}
	return cbor.Unmarshal(b, v)
}

type byteReader struct{ io.Reader }

func (r byteReader) ReadByte() (byte, error) {
	var b [1]byte
	_, err := io.ReadFull(r.Reader, b[:])
	return b[0], err
}

func cidBytes(cs []cid.Cid) [][]byte {
	out := make([][]byte, len(cs))
	for i, c := range cs {
		out[i] = c.Bytes()
	}
	return out
}

func headsOf(t *testing.T, cs ...cid.Cid) []byte { return rawHeads(t, cidBytes(cs)...) }

// rawHeads is a heads message naming whatever bytes it is given.
func rawHeads(t *testing.T, cs ...[]byte) []byte {
	var m pb.CRDTBroadcast
	for _, c := range cs {
		m.Heads = append(m.Heads, &pb.Head{Cid: c})
	}
	b, err := proto.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// delta is a go-ds-crdt delta of entries, each under its own key.
func delta(prio uint64, es ...*entry.Signed) *pb.Delta {
	d := &pb.Delta{Priority: prio}
	for _, e := range es {
		d.Elements = append(d.Elements, &pb.Element{Key: replica.EntryKey(e).String(), Value: e.Raw})
	}
	return d
}

// blockOf is the block go-ds-crdt would write for d on top of links (its
// makeNode: a dag-pb node holding the marshalled delta, CIDv1).
func blockOf(t *testing.T, d *pb.Delta, links ...cid.Cid) blocks.Block {
	t.Helper()
	data, err := proto.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return protoBlock(t, data, links...)
}

func protoBlock(t *testing.T, data []byte, links ...cid.Cid) blocks.Block {
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

// forgeries are the liar's blocks: well-formed go-ds-crdt blocks that no
// honest replica writes or accepts.
type forgeries struct {
	forgedEntries []*entry.Signed // not signed by their author
	forged        blocks.Block    // a delta of forged entries among honest ones
	wrongKey      blocks.Block    // an honest entry under another entry's key
	otherNode     blocks.Block    // a valid entry of another node
	tombstone     blocks.Block    // deletes an honest entry
	noDelta       blocks.Block    // dag-pb, but its data is no delta
	garbage       blocks.Block    // an element whose value is not an entry
}

func newForgeries(t *testing.T, w *demo.World) *forgeries {
	t.Helper()
	var f forgeries
	// Two kinds of forgery of entries the author never wrote: signed
	// with another member's key, and signed right then flipped a bit.
	a, b := w.Entries[3], w.Entries[4]
	e := a.Entry
	e.Time++
	wrong, err := entry.Sign(e, otherKey(t, w, a.Author))
	if err != nil {
		t.Fatal(err)
	}
	e = b.Entry
	e.Time++
	right, err := entry.Sign(e, keyOf(t, w, b.Author))
	if err != nil {
		t.Fatal(err)
	}
	raw := slices.Clone(right.Raw)
	raw[len(raw)-1] ^= 0x01 // the signature is the wire form's last field
	flipped, err := entry.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	f.forgedEntries = []*entry.Signed{wrong, flipped}
	f.forged = blockOf(t, delta(1, w.Entries[5], wrong, flipped))

	d := delta(1, w.Entries[6])
	d.Elements[0].Key = replica.EntryKey(w.Entries[7]).String()
	f.wrongKey = blockOf(t, d)

	other, err := demo.Generate(demo.Config{Members: 10, Days: 3, Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	f.otherNode = blockOf(t, delta(1, other.Entries[2]))

	d = delta(1, w.Entries[8])
	d.Tombstones = []*pb.Element{{Key: replica.EntryKey(w.Entries[9]).String()}}
	f.tombstone = blockOf(t, d)

	f.noDelta = protoBlock(t, []byte{0xff, 0xff, 0xff, 0xff})
	f.garbage = blockOf(t, &pb.Delta{Priority: 1, Elements: []*pb.Element{{Key: "/e/x", Value: []byte("not an entry")}}})
	return &f
}

func (f *forgeries) all() []blocks.Block {
	return []blocks.Block{f.forged, f.wrongKey, f.otherNode, f.tombstone, f.noDelta, f.garbage}
}

// assertAbsent fails if a forged entry is in a store.
func (f *forgeries) assertAbsent(t *testing.T, ps ...*testnet.Peer) {
	t.Helper()
	for i, p := range ps {
		for _, e := range f.forgedEntries {
			if _, err := p.Sink.St.Entry(e.ID); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("peer %d: forged entry %s: %v, want not found", i, e.ID.Short(), err)
			}
		}
	}
}

func keyOf(t *testing.T, w *demo.World, author ids.PubKey) ed25519.PrivateKey {
	t.Helper()
	for _, k := range w.Keys {
		if ids.PubKey(k.Public().(ed25519.PublicKey)) == author {
			return k
		}
	}
	t.Fatalf("no key for %s", author.Short())
	return nil
}

func otherKey(t *testing.T, w *demo.World, author ids.PubKey) ed25519.PrivateKey {
	t.Helper()
	for _, k := range w.Keys {
		if ids.PubKey(k.Public().(ed25519.PublicKey)) != author {
			return k
		}
	}
	t.Fatal("a world of one member")
	return nil
}
