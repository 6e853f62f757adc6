package replica

import (
	"context"

	cid "github.com/ipfs/go-cid"
	crdt "github.com/ipfs/go-ds-crdt"
	"github.com/ipfs/go-ds-crdt/pb"
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

// headsMsg is a heads message and the peer it came from ("" if local).
type headsMsg struct {
	from  peer.ID
	heads []cid.Cid
	data  []byte
}

// broadcaster is the crdt.Broadcaster of a replica: it publishes on the
// node's topic and hands go-ds-crdt the heads it should walk, whether they
// came by pubsub (after the fast catch-up fetched their blocks, see
// Replica.prefetch) or from a catch-up run.
type broadcaster struct {
	ctx   context.Context
	topic *pubsub.Topic
	next  chan []byte
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
