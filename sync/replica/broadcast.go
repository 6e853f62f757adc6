package replica

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	dag "github.com/ipfs/boxo/ipld/merkledag"
	cid "github.com/ipfs/go-cid"
	crdt "github.com/ipfs/go-ds-crdt"
	"github.com/ipfs/go-ds-crdt/pb"
	ipld "github.com/ipfs/go-ipld-format"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
	"google.golang.org/protobuf/proto"
)

// A heads message is go-ds-crdt's own broadcast (a protobuf list of head
// CIDs). Limits for what a peer may publish on a node's topic:
const (
	maxHeadsMsg = 16 << 10
	maxHeads    = 256
)

// TopicOf names the pubsub topic of a namespace.
func TopicOf(namespace string) string { return "/dac/heads/1" + namespace }

// decodeHeads parses and checks a heads message.
func decodeHeads(data []byte) ([]cid.Cid, error) {
	if len(data) > maxHeadsMsg {
		return nil, bad("heads message of %d bytes (limit %d)", len(data), maxHeadsMsg)
	}
	var m pb.CRDTBroadcast
	if err := proto.Unmarshal(data, &m); err != nil {
		return nil, bad("heads message: %v", err)
	}
	if len(m.Heads) == 0 || len(m.Heads) > maxHeads || len(m.ProtoReflect().GetUnknown()) > 0 {
		return nil, bad("heads message with %d heads", len(m.Heads))
	}
	hs := make([]cid.Cid, len(m.Heads))
	for i, h := range m.Heads {
		c, err := cid.Cast(h.Cid)
		if err != nil {
			return nil, bad("heads message: %v", err)
		}
		if p := c.Prefix(); p.Version != 1 || p.Codec != cid.DagProtobuf {
			return nil, bad("head %s is not a dag-pb CIDv1", c)
		}
		hs[i] = c
	}
	return hs, nil
}

func encodeHeads(hs []cid.Cid) []byte {
	var m pb.CRDTBroadcast
	for _, c := range hs {
		m.Heads = append(m.Heads, &pb.Head{Cid: c.Bytes()})
	}
	b, _ := proto.Marshal(&m) // a list of byte strings always marshals
	return b
}

// broadcaster is the crdt.Broadcaster of a replica: it publishes on the
// node's topic and hands go-ds-crdt the heads it should walk, whether they
// came by pubsub (after the fast catch-up fetched their blocks, see
// Replica.prefetch) or from a catch-up run.
type broadcaster struct {
	ctx      context.Context
	topic    *pubsub.Topic
	next     chan []byte
	fetches  atomic.Int32 // handLocal's bitswap fetches running, at most maxFetches
	complete *cidSet      // blocks below which everything is local or merged (handLocal)
}

var _ crdt.Broadcaster = (*broadcaster)(nil)

func (b *broadcaster) Broadcast(ctx context.Context, data []byte) error {
	return b.topic.Publish(ctx, data)
}

func (b *broadcaster) Next(ctx context.Context) ([]byte, error) {
	select {
	case d := <-b.next:
		return d, nil
	case <-ctx.Done():
		return nil, crdt.ErrNoMoreBroadcast
	case <-b.ctx.Done():
		return nil, crdt.ErrNoMoreBroadcast
	}
}

// hand gives go-ds-crdt heads to walk; it gives up when the replica closes.
func (b *broadcaster) hand(data []byte) {
	select {
	case b.next <- data:
	case <-b.ctx.Done():
	}
}

// validate is the topic validator: a malformed heads message is dropped
// before it is forwarded to anyone, and the sender is told on.
func (r *Replica) validate(_ context.Context, from peer.ID, m *pubsub.Message) pubsub.ValidationResult {
	if from == r.host.ID() {
		return pubsub.ValidationAccept
	}
	if _, err := decodeHeads(m.Data); err != nil {
		r.misbehaved(from, err)
		return pubsub.ValidationReject
	}
	return pubsub.ValidationAccept
}

// handLocal gives go-ds-crdt the heads hs once every block below them that
// it has not merged is in the local blockstore, fetching the missing ones
// through bitswap (checked, for at most fetchTime). Heads it cannot
// complete are dropped: their holders re-announce them.
//
// Fix (TestAttackUnfetchableHeads): heads used to go to go-ds-crdt as they
// came. It walks them one at a time and waits on bitswap for every block
// it lacks, DAGSyncerTimeout per head and with no limit at all while it
// has no heads yet, so one well-formed head that no one can serve (made up
// by a hostile peer, or announced by one that went offline) stalled every
// head behind it, then every catch-up blocked in hand with its peer
// claimed: the node stopped syncing.
func (r *Replica) handLocal(hs []cid.Cid) {
	ctx, cancel := context.WithTimeout(r.ctx, fetchTime)
	defer cancel()
	if r.fetchBelow(ctx, hs) == nil {
		r.bc.hand(encodeHeads(hs))
	}
}

// fetchBelow walks down from hs through the local blockstore to the blocks
// go-ds-crdt has merged (or that an earlier walk found complete), fetching
// what is missing level by level.
func (r *Replica) fetchBelow(ctx context.Context, hs []cid.Cid) error {
	seen, fetching := cid.NewSet(), false
	for front := hs; len(front) > 0; {
		next, missing, err := r.walkLocal(ctx, front, seen)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			if !fetching {
				if !r.bc.takeFetch() {
					return errTooManyFetches
				}
				fetching = true
				defer r.bc.fetches.Add(-1)
			}
			below, err := r.fetchMissing(ctx, missing)
			if err != nil {
				return err
			}
			next = append(next, below...)
		}
		front = next
	}
	// Blocks are never deleted, so what is complete stays complete: the
	// next walk, for every heads message that names these again, stops
	// here instead of reading the store (that cost grew with go-ds-crdt's
	// backlog and, on a slow machine, starved the store).
	for _, c := range seen.Keys() {
		r.bc.complete.add(c)
	}
	return nil
}

// walkLocal visits one level: the links of the blocks in front that are
// here, and the blocks that are not.
func (r *Replica) walkLocal(ctx context.Context, front []cid.Cid, seen *cid.Set) (next, missing []cid.Cid, err error) {
	for _, c := range front {
		if !seen.Visit(c) || r.bc.complete.has(c) || r.merged(c) {
			continue
		}
		blk, err := r.bstore.Get(ctx, c)
		if err != nil {
			missing = append(missing, c)
			continue
		}
		nd, err := dag.DecodeProtobuf(blk.RawData())
		if err != nil {
			return nil, nil, err
		}
		for _, l := range nd.Links() {
			next = append(next, l.Cid)
		}
	}
	return next, missing, nil
}

// fetchMissing gets cs through the checked DAG (bitswap; the blockservice
// stores them) and returns their links.
func (r *Replica) fetchMissing(ctx context.Context, cs []cid.Cid) ([]cid.Cid, error) {
	var links []cid.Cid
	var raws [][]byte
	got := 0
	for o := range r.dag.GetMany(ctx, cs) {
		if o.Err != nil {
			return nil, o.Err
		}
		got++
		for _, l := range o.Node.Links() {
			links = append(links, l.Cid)
		}
		raws = append(raws, entriesOf(o.Node)...)
	}
	if len(raws) > 0 {
		// Core gets them now rather than when go-ds-crdt, which walks one
		// heads message at a time, merges them (it hands them again then;
		// core ignores duplicates).
		r.sink(raws)
	}
	if got < len(cs) {
		return nil, fmt.Errorf("%d of %d blocks fetched: %v", got, len(cs), ctx.Err())
	}
	return links, nil
}

// fetchTime bounds handLocal's wait for blocks through bitswap. Short: a
// forwarder of a heads message may not hold the blocks yet, and once it
// has merged them it announces its own heads, which are fetched by the
// catch-up protocol; waiting longer only holds a slot meanwhile.
const fetchTime = 10 * time.Second

// maxFetches bounds the bitswap fetches handLocal runs at once. Each may
// wait roundTime, and a flood of heads that no one can serve must not pile
// them up (a test run grew to gigabytes); heads over the bound are
// dropped, and come again.
const maxFetches = 8

var errTooManyFetches = errors.New("too many bitswap fetches running")

func (b *broadcaster) takeFetch() bool {
	if b.fetches.Add(1) > maxFetches {
		b.fetches.Add(-1)
		return false
	}
	return true
}

// entriesOf returns the entries in a checked node's delta (none if it is
// not a delta: the checked DAG has refused such nodes already).
func entriesOf(nd ipld.Node) [][]byte {
	pn, ok := nd.(*dag.ProtoNode)
	if !ok {
		return nil
	}
	d, err := deltaOf(pn)
	if err != nil {
		return nil
	}
	raws := make([][]byte, len(d.Elements))
	for i, el := range d.Elements {
		raws[i] = el.Value
	}
	return raws
}
