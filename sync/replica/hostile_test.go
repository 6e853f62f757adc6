package replica_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	blocks "github.com/ipfs/go-block-format"
	cid "github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"
	mh "github.com/multiformats/go-multihash"

	"dac/core/demo"
	"dac/sync/replica"
	"dac/sync/testnet"
)

// The attacks: a peer on the node's topic that speaks the wire formats
// (pubsub heads, bitswap, the catch-up protocol) and lies in all of them.
// It may replay every honest entry it has seen, but it holds no member's
// key, so every entry it makes up carries a forged signature. Honest
// replicas must keep every forgery out of their stores, converge anyway,
// report the liar to the gater (Options.Misbehaved) and never report one
// another.

// TestAttackMalformedHeads: malformed and oversized heads messages, and a
// flood of them, are refused by the topic validator (never forwarded) and
// reported, while the honest replicas sync.
func TestAttackMalformedHeads(t *testing.T) {
	w := world(t, 20, 10)
	off := newOffences()
	mn, ps := mesh(t, 3, w, off.opts(), mocknet.LinkOptions{Latency: 2 * time.Millisecond})
	bad := newHostile(t, mn, w.Node, ps[:2]) // the third would hear it only if the others forwarded it
	connectAll(t, mn, ps)
	bad.waitTopicPeers(t, 2)

	msgs := malformedHeads(t)
	bad.publishUntil(t, msgs[0], func() bool { return off.count(bad.h.ID()) >= 2 }) // gossipsub's streams are up
	for _, m := range msgs {
		n := off.count(bad.h.ID())
		bad.publishUntil(t, m, func() bool { return off.count(bad.h.ID()) >= n+2 })
	}
	go publishHalves(t, ps, w)
	for range 20 { // a flood while the replicas sync
		for _, m := range msgs {
			bad.publish(t, m)
		}
	}
	waitConverged(t, ps, w)
	off.onlyBlamed(t, bad.h.ID())
	if n := ps[2].R.Stats().Offences; n != 0 {
		t.Fatalf("the replica with no link to the liar saw %d offences: bad messages were forwarded", n)
	}
	t.Logf("%d offences reported", off.count(bad.h.ID()))
}

// malformedHeads are heads messages no replica sends.
func malformedHeads(t *testing.T) [][]byte {
	good := blockOf(t, delta(1)).Cid()
	v0 := cid.NewCidV0(good.Hash())
	raw := cid.NewCidV1(cid.Raw, good.Hash())
	many := slices.Repeat([][]byte{good.Bytes()}, 300)
	unknownField := append(rawHeads(t, good.Bytes()), 0x20, 0x01) // field 4, varint 1: not in CRDTBroadcast
	oversized := rawHeads(t, slices.Repeat([][]byte{good.Bytes()}, 200)...)
	oversized = append(oversized, make([]byte, 17<<10)...)
	return [][]byte{
		{0xff, 0xff, 0xff}, // not protobuf
		rawHeads(t),        // no heads
		rawHeads(t, []byte("not a cid")),
		rawHeads(t, v0.Bytes()),  // CIDv0
		rawHeads(t, raw.Bytes()), // not dag-pb
		rawHeads(t, many...),     // too many heads
		unknownField,
		oversized,
	}
}

// TestAttackCatchUpLies: a catch-up server that answers with bad blocks.
// Each lie ends the run with ErrBadBlock and is reported, stores nothing,
// and the victim then catches up from an honest peer as if nothing had
// happened.
func TestAttackCatchUpLies(t *testing.T) {
	w, off, mn, honest, victim, f := honestAndVictim(t)
	good := blockOf(t, delta(1, w.Entries[1:4]...))
	other := blockOf(t, delta(1, w.Entries[4:6]...))
	corrupt := slices.Clone(good.RawData())
	corrupt[len(corrupt)-1] ^= 1
	big := protoBlock(t, make([]byte, 2<<20)) // the block limit is 2 MiB, the frame limit a little more
	lies := []struct {
		name  string
		heads []cid.Cid
		lie   lie
	}{
		{"bytes that do not hash to their CID", []cid.Cid{good.Cid()}, onFetch(func(s io.Writer) {
			writeFrame(t, s, catchBlock{C: good.Cid().Bytes(), D: corrupt})
		})},
		{"a block not asked for", []cid.Cid{good.Cid()}, serveBlock(t, other)},
		{"a block sent twice", []cid.Cid{good.Cid()}, onFetch(func(s io.Writer) {
			writeBlock(t, s, good)
			writeBlock(t, s, good)
		})},
		{"an entry under the wrong key", []cid.Cid{f.wrongKey.Cid()}, serveBlock(t, f.wrongKey)},
		{"an entry of another node", []cid.Cid{f.otherNode.Cid()}, serveBlock(t, f.otherNode)},
		{"tombstones", []cid.Cid{f.tombstone.Cid()}, serveBlock(t, f.tombstone)},
		{"a dag-pb block holding no delta", []cid.Cid{f.noDelta.Cid()}, serveBlock(t, f.noDelta)},
		{"an entry that is not CBOR", []cid.Cid{f.garbage.Cid()}, serveBlock(t, f.garbage)},
		{"a block over the size limit", []cid.Cid{big.Cid()}, serveBlock(t, big)},
		{"an oversized frame", []cid.Cid{good.Cid()}, onFetch(func(s io.Writer) {
			var hdr [binary.MaxVarintLen64]byte
			s.Write(hdr[:binary.PutUvarint(hdr[:], 64<<20)])
			s.Write(make([]byte, 1024))
		})},
		{"a frame that is not CBOR", []cid.Cid{good.Cid()}, onFetch(func(s io.Writer) {
			writeRaw(s, []byte{0xff, 0x00, 0x13})
		})},
		{"blocks in the heads-only reply", []cid.Cid{good.Cid()}, func(s io.Writer, fetch bool) {
			if !fetch {
				writeBlock(t, s, good)
			}
		}},
		{"too many heads", slices.Repeat([]cid.Cid{good.Cid()}, 300), nil},
	}
	var liars []peer.ID
	for _, l := range lies {
		t.Run(l.name, func(t *testing.T) {
			liar := newHostile(t, mn, w.Node, nil)
			liars = append(liars, liar.h.ID())
			liar.serveCatchUp(t, w.Node, l.heads, l.lie)
			connect(t, mn, victim.H, liar.h)
			before := victim.Stats()
			_, err := victim.R.CatchUp(context.Background(), liar.h.ID(), nil)
			if !errors.Is(err, replica.ErrBadBlock) {
				t.Fatalf("catch-up from a liar: %v, want ErrBadBlock", err)
			}
			if got := off.count(liar.h.ID()); got != 1 {
				t.Fatalf("the liar was reported %d times, want once", got)
			}
			if after := victim.Stats(); after != before {
				t.Fatalf("a refused catch-up changed the store: %+v, then %+v", before, after)
			}
		})
	}
	connect(t, mn, victim.H, honest.H)
	if _, err := victim.R.CatchUp(context.Background(), honest.H.ID(), nil); err != nil {
		t.Fatal(err)
	}
	waitConverged(t, []*testnet.Peer{honest, victim}, w)
	off.onlyBlamed(t, liars...)
}

// A lie is what a hostile catch-up server writes after the header of a
// reply, to a request for blocks (fetch) or for heads only; an end frame
// follows.
type lie func(s io.Writer, fetch bool)

func onFetch(write func(s io.Writer)) lie {
	return func(s io.Writer, fetch bool) {
		if fetch {
			write(s)
		}
	}
}

// serveBlock answers every request for blocks with blk, as if it had
// been asked for.
func serveBlock(t *testing.T, blk blocks.Block) lie {
	return onFetch(func(s io.Writer) { writeBlock(t, s, blk) })
}

// TestAttackForgedSignatureByCatchUp: a well-formed block whose entries
// carry forged signatures passes the catch-up's static check (signatures
// are core's to verify, in batches, on ingest), so the run succeeds and
// the liar is not reported for it; core refuses the forgeries, and
// go-ds-crdt, handed the liar's head, refuses the block (the checked DAG
// verifies signatures). Nothing forged is stored or merged.
func TestAttackForgedSignatureByCatchUp(t *testing.T) {
	w, off, mn, honest, victim, f := honestAndVictim(t)
	liar := newHostile(t, mn, w.Node, nil)
	liar.serveCatchUp(t, w.Node, []cid.Cid{f.forged.Cid()}, serveBlock(t, f.forged))
	connect(t, mn, victim.H, liar.h)
	res, err := victim.R.CatchUp(context.Background(), liar.h.ID(), nil)
	if err != nil || res.Blocks != 1 {
		t.Fatalf("catch-up: %+v, %v; want the one block", res, err)
	}
	waitFor(t, 5*time.Second, "go-ds-crdt to refuse the forged head", func() bool { return victim.R.Stats().RefusedBlocks > 0 })
	if st := victim.R.Stats(); st.RefusedEntries != int64(len(f.forgedEntries)) {
		t.Fatalf("core refused %d entries, want the %d forgeries", st.RefusedEntries, len(f.forgedEntries))
	}
	f.assertAbsent(t, victim)
	connect(t, mn, victim.H, honest.H)
	if _, err := victim.R.CatchUp(context.Background(), honest.H.ID(), nil); err != nil {
		t.Fatal(err)
	}
	waitConverged(t, []*testnet.Peer{honest, victim}, w)
	f.assertAbsent(t, honest, victim)
	off.onlyBlamed(t, liar.h.ID())
}

// TestAttackForgedBlockByBitswap: the liar keeps forged blocks in its
// bitswap store, speaks no catch-up and announces them as heads, again and
// again, to one honest replica only. That neighbour fetches them by
// bitswap and refuses them; the others hear the heads through it (they
// are well-formed, so gossipsub forwards them) and ask it for the blocks
// while it holds them. Nothing forged is stored or merged anywhere, and no
// honest replica is blamed for what it relayed.
func TestAttackForgedBlockByBitswap(t *testing.T) {
	w := world(t, 20, 10)
	off := newOffences()
	mn, ps := mesh(t, 3, w, off.opts(), mocknet.LinkOptions{})
	f := newForgeries(t, w)
	liar := newHostile(t, mn, w.Node, ps[:1])
	for _, b := range f.all() {
		liar.put(t, b)
	}
	// The neighbour's links to the others are slow, so that the heads it
	// forwards arrive after it has fetched the blocks they name.
	for _, p := range ps[1:] {
		for _, l := range mn.LinksBetweenPeers(ps[0].H.ID(), p.H.ID()) {
			l.SetOptions(mocknet.LinkOptions{Latency: 30 * time.Millisecond})
		}
	}
	connectAll(t, mn, ps)
	liar.waitTopicPeers(t, 1)
	go publishHalves(t, ps, w)
	for range 10 {
		for _, b := range f.all() {
			liar.publish(t, headsOf(t, b.Cid()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitConverged(t, ps, w)
	waitFor(t, 5*time.Second, "the neighbour to refuse the forged blocks", func() bool {
		return ps[0].R.Stats().RefusedBlocks >= int64(len(f.all()))
	})
	f.assertAbsent(t, ps...)
	off.onlyBlamed(t, liar.h.ID())
}

// TestAttackReplay: a peer that replays every old entry as new deltas, in
// small ones newest first and then half of them again in one, changes
// nothing: same entries, same state. Replaying valid entries is no
// offence.
func TestAttackReplay(t *testing.T) {
	w := world(t, 20, 10)
	off := newOffences()
	mn, ps := mesh(t, 3, w, off.opts(), mocknet.LinkOptions{Latency: time.Millisecond})
	connectAll(t, mn, ps)
	publishHalves(t, ps, w)
	waitConverged(t, ps, w)
	before := make([]int64, len(ps))
	for i, p := range ps {
		before[i] = p.R.Stats().EntriesIn
	}

	h, err := mn.GenPeer()
	if err != nil {
		t.Fatal(err)
	}
	replayer, err := testnet.NewPeer(h, w.Node, lastTime(w), off.opts(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { replayer.Close() })
	if err := mn.LinkAll(); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		connect(t, mn, h, p.H)
	}
	old := slices.Clone(w.Entries)
	slices.Reverse(old)
	if err := replayer.Publish(context.Background(), old, 7); err != nil {
		t.Fatal(err)
	}
	if err := replayer.Publish(context.Background(), w.Entries[:len(w.Entries)/2], 1000); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the replayed entries to reach every replica", func() bool {
		for i, p := range ps {
			if p.R.Stats().EntriesIn < before[i]+int64(len(w.Entries)) {
				return false
			}
		}
		return true
	})
	waitConverged(t, append(ps, replayer), w)
	off.onlyBlamed(t)
}

// TestAttackHostilePeerDuringSync: fresh replicas sync a node from two
// writers while a hostile peer on the topic does everything above at once:
// it floods bad heads, announces forged blocks it serves by bitswap, and
// answers every catch-up (which the replicas start on their own when it
// joins) with a lie. The replicas converge on the honest state, and only
// the liar is reported.
func TestAttackHostilePeerDuringSync(t *testing.T) {
	w := world(t, 30, 10)
	off := newOffences()
	mn, ps := mesh(t, 4, w, off.opts(), mocknet.LinkOptions{Latency: 3 * time.Millisecond})
	f := newForgeries(t, w)
	liar := newHostile(t, mn, w.Node, nil)
	for _, b := range f.all() {
		liar.put(t, b)
	}
	heads := []cid.Cid{f.forged.Cid(), f.wrongKey.Cid()}
	lies := []blocks.Block{f.wrongKey, f.otherNode, f.tombstone, f.noDelta, f.garbage}
	var mu sync.Mutex
	next := 0
	liar.serveCatchUp(t, w.Node, heads, onFetch(func(s io.Writer) {
		mu.Lock()
		b := lies[next%len(lies)]
		next++
		mu.Unlock()
		writeBlock(t, s, b)
	}))
	for _, p := range ps {
		connect(t, mn, liar.h, p.H)
	}
	connectAll(t, mn, ps)
	liar.waitTopicPeers(t, len(ps))
	go publishHalves(t, ps, w)
	bad := malformedHeads(t)
	for i := range 30 {
		liar.publish(t, bad[i%len(bad)])
		liar.publish(t, headsOf(t, heads...))
		time.Sleep(20 * time.Millisecond)
	}
	waitConverged(t, ps, w)
	f.assertAbsent(t, ps...)
	off.onlyBlamed(t, liar.h.ID())
	if n := off.count(liar.h.ID()); n < len(ps) {
		t.Fatalf("the liar was reported %d times, want at least once by each of %d replicas", n, len(ps))
	}
	t.Logf("liar reported %d times; replica 0: %+v", off.count(liar.h.ID()), ps[0].R.Stats())
}

// TestAttackUnfetchableHeads: a peer floods the topic with well-formed
// heads that name blocks no one can serve: made-up CIDs, and a block of
// replayed honest entries that links to a made-up one. The messages pass
// the validator (they are well-formed; the peer may just have gone
// offline), gossipsub forwards them to everyone, and go-ds-crdt must not
// wait on them: the writers' deltas keep flowing, to the stores and into
// every replica's DAG.
func TestAttackUnfetchableHeads(t *testing.T) {
	w := world(t, 20, 10)
	off := newOffences()
	mn, ps := mesh(t, 3, w, off.opts(), mocknet.LinkOptions{Latency: time.Millisecond})
	liar := newHostile(t, mn, w.Node, ps[2:]) // the others hear it through ps[2]
	bait := blockOf(t, delta(2, w.Entries[1:3]...), madeUpCid(0))
	liar.put(t, bait)
	liar.serveCatchUp(t, w.Node, []cid.Cid{madeUpCid(1), bait.Cid()}, nil)
	liar.waitTopicPeers(t, 1)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() {
		for i := 2; ctx.Err() == nil; i++ {
			_ = liar.topic.Publish(ctx, headsOf(t, madeUpCid(i), bait.Cid()))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	time.Sleep(200 * time.Millisecond) // the fresh replicas hear the liar first
	connectAll(t, mn, ps)
	for i, e := range w.Entries { // one delta, one heads message each
		if err := ps[i%2].R.Publish(context.Background(), [][]byte{e.Raw}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitConverged(t, ps, w)
	waitMergedAll(t, ps)
	off.onlyBlamed(t, liar.h.ID())
}

// madeUpCid names a dag-pb block that does not exist.
func madeUpCid(i int) cid.Cid {
	m, err := mh.Sum(binary.AppendUvarint([]byte("made up "), uint64(i)), mh.SHA2_256, -1)
	if err != nil {
		panic(err)
	}
	return cid.NewCidV1(cid.DagProtobuf, m)
}

// publishHalves has the first replica write the first half of the world
// and the second replica the rest, in small deltas.
func publishHalves(t *testing.T, ps []*testnet.Peer, w *demo.World) {
	half := len(w.Entries) / 2
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := ps[0].Publish(context.Background(), w.Entries[:half], 5); err != nil {
			t.Error(err)
		}
	})
	wg.Go(func() {
		if err := ps[1].Publish(context.Background(), w.Entries[half:], 5); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
}

func connect(t *testing.T, mn mocknet.Mocknet, a, b host.Host) {
	t.Helper()
	if _, err := mn.ConnectPeers(a.ID(), b.ID()); err != nil {
		t.Fatal(err)
	}
}

func connectAll(t *testing.T, mn mocknet.Mocknet, ps []*testnet.Peer) {
	t.Helper()
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			connect(t, mn, a.H, b.H)
		}
	}
}

// honestAndVictim: a world, an honest replica that holds it, a fresh
// victim (no automatic catch-up, so each test starts the runs it means),
// both on one mocknet with their offences counted, and forgeries of it.
func honestAndVictim(t *testing.T) (*demo.World, *offences, mocknet.Mocknet, *testnet.Peer, *testnet.Peer, *forgeries) {
	t.Helper()
	w := world(t, 20, 10)
	off := newOffences()
	o := off.opts()
	o.CatchUpOnJoin = false
	mn, ps := mesh(t, 2, w, o, mocknet.LinkOptions{})
	if err := ps[0].Publish(context.Background(), w.Entries, 4); err != nil {
		t.Fatal(err)
	}
	return w, off, mn, ps[0], ps[1], newForgeries(t, w)
}
