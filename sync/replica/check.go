package replica

import (
	"context"
	"errors"
	"fmt"
	"sync"

	dag "github.com/ipfs/boxo/ipld/merkledag"
	cid "github.com/ipfs/go-cid"
	"github.com/ipfs/go-ds-crdt/pb"
	ipld "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
	"google.golang.org/protobuf/proto"

	"dac/core/entry"
	"dac/core/ids"
)

// Limits on what a peer may hand us. A delta is one batch of a device's
// writes (see Options.BatchEntries); a block is a delta plus links to the
// heads it was written on.
const (
	maxBlockBytes   = 2 << 20 // go-ds-crdt's own deltas stay under MaxBatchDeltaSize (1 MiB here)
	maxDeltaEntries = 4096
	maxLinks        = 1024
)

// ErrBadBlock marks a block or delta that no honest replica would send.
var ErrBadBlock = errors.New("bad block")

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadBlock, fmt.Sprintf(format, args...))
}

// decodeBlock checks that data is the block c names (a CIDv1 dag-pb
// SHA-256 block, as go-ds-crdt writes them) and decodes its delta.
func decodeBlock(c cid.Cid, data []byte) (*dag.ProtoNode, *pb.Delta, error) {
	p := c.Prefix()
	if p.Version != 1 || p.Codec != cid.DagProtobuf || p.MhType != mh.SHA2_256 {
		return nil, nil, bad("block %s is not a CIDv1 dag-pb sha2-256 block", c)
	}
	if len(data) > maxBlockBytes {
		return nil, nil, bad("block %s is %d bytes, the limit is %d", c, len(data), maxBlockBytes)
	}
	sum, err := p.Sum(data)
	if err != nil || !sum.Equals(c) {
		return nil, nil, bad("block data does not hash to %s", c)
	}
	nd, err := dag.DecodeProtobuf(data)
	if err != nil {
		return nil, nil, bad("block %s: %v", c, err)
	}
	if err := nd.SetCidBuilder(p); err != nil { // name it as asked (the decoder's default is CIDv0)
		return nil, nil, bad("block %s: %v", c, err)
	}
	d, err := deltaOf(nd)
	return nd, d, err
}

func deltaOf(nd *dag.ProtoNode) (*pb.Delta, error) {
	if len(nd.Links()) > maxLinks {
		return nil, bad("block %s links %d heads, the limit is %d", nd.Cid(), len(nd.Links()), maxLinks)
	}
	var d pb.Delta
	if err := proto.Unmarshal(nd.Data(), &d); err != nil {
		return nil, bad("block %s: no delta: %v", nd.Cid(), err)
	}
	return &d, nil
}

// checkDelta is the static check a delta passes before anything in it is
// merged or applied: no tombstones (nothing is ever deleted), a bounded
// number of elements, each a well-formed DAC entry of this node stored
// under its own key. With verify it also checks every signature (in
// batches). It returns the entries' wire bytes.
func checkDelta(node ids.Hash, d *pb.Delta, verify bool) ([][]byte, error) {
	es, err := checkDeltaEntries(node, d, verify)
	if err != nil {
		return nil, err
	}
	return rawsOf(es), nil
}

// rawsOf is the entries' wire bytes.
func rawsOf(es []*entry.Signed) [][]byte {
	raws := make([][]byte, len(es))
	for i, e := range es {
		raws[i] = e.Raw
	}
	return raws
}

// checkDeltaEntries is checkDelta returning the decoded entries.
func checkDeltaEntries(node ids.Hash, d *pb.Delta, verify bool) ([]*entry.Signed, error) {
	if len(d.Tombstones) > 0 {
		return nil, bad("delta deletes %d keys; DAC never deletes", len(d.Tombstones))
	}
	if len(d.Elements) > maxDeltaEntries {
		return nil, bad("delta holds %d entries, the limit is %d", len(d.Elements), maxDeltaEntries)
	}
	es := make([]*entry.Signed, 0, len(d.Elements))
	for _, el := range d.Elements {
		s, err := checkElement(node, el)
		if err != nil {
			return nil, err
		}
		es = append(es, s)
	}
	if verify {
		for i, err := range entry.VerifyBatch(es) {
			if err != nil {
				return nil, bad("entry %s: %v", es[i].ID.Short(), err)
			}
		}
	}
	return es, nil
}

func checkElement(node ids.Hash, el *pb.Element) (*entry.Signed, error) {
	s, err := entry.Decode(el.Value)
	if err != nil {
		return nil, bad("element %.80q: %v", el.Key, err)
	}
	if el.Key != EntryKey(s).String() {
		return nil, bad("entry %s stored under the wrong key %.80q", s.ID.Short(), el.Key)
	}
	if err := entry.Check(s, entry.Rules{Node: node, Now: maxTime}); err != nil {
		return nil, bad("entry %s: %v", s.ID.Short(), err)
	}
	return s, nil
}

// maxTime disables the future-time check here: that one needs the
// receiver's clock and is core's (a too-early entry is refused on arrival
// and accepted when offered again).
const maxTime = int64(^uint64(0) >> 2)

// checkedDAG is the DAG service go-ds-crdt reads through: every node it
// hands over has passed checkDelta with signatures, so nothing unchecked is
// ever merged. Blocks this replica wrote or checked already are remembered
// (a bounded set) and not checked twice.
type checkedDAG struct {
	ipld.DAGService
	node ids.Hash
	ok   *cidSet
	bad  func(error) // told of every refused block
}

var _ ipld.DAGService = (*checkedDAG)(nil)

func (c *checkedDAG) check(nd ipld.Node) error {
	if c.ok.has(nd.Cid()) {
		return nil
	}
	pn, isProto := nd.(*dag.ProtoNode)
	if !isProto {
		return c.refuse(bad("block %s is not a dag-pb node", nd.Cid()))
	}
	d, err := deltaOf(pn)
	if err == nil {
		_, err = checkDelta(c.node, d, true)
	}
	if err != nil {
		return c.refuse(err)
	}
	c.ok.add(nd.Cid())
	return nil
}

func (c *checkedDAG) refuse(err error) error {
	if c.bad != nil {
		c.bad(err)
	}
	return err
}

// Get returns a checked node.
func (c *checkedDAG) Get(ctx context.Context, k cid.Cid) (ipld.Node, error) {
	return checkedGet(ctx, c.DAGService, c, k)
}

// GetMany returns checked nodes (a refused one as an error).
func (c *checkedDAG) GetMany(ctx context.Context, ks []cid.Cid) <-chan *ipld.NodeOption {
	return checkedMany(ctx, c.DAGService, c, ks)
}

// Add stores a node this replica wrote.
func (c *checkedDAG) Add(ctx context.Context, nd ipld.Node) error {
	if err := c.DAGService.Add(ctx, nd); err != nil {
		return err
	}
	c.ok.add(nd.Cid())
	return nil
}

// Session makes go-ds-crdt fetch a branch in one bitswap session, checked.
func (c *checkedDAG) Session(ctx context.Context) ipld.NodeGetter {
	return &checkedGetter{g: dag.NewSession(ctx, c.DAGService), c: c}
}

type checkedGetter struct {
	g ipld.NodeGetter
	c *checkedDAG
}

func (s *checkedGetter) Get(ctx context.Context, k cid.Cid) (ipld.Node, error) {
	return checkedGet(ctx, s.g, s.c, k)
}

func (s *checkedGetter) GetMany(ctx context.Context, ks []cid.Cid) <-chan *ipld.NodeOption {
	return checkedMany(ctx, s.g, s.c, ks)
}

func checkedGet(ctx context.Context, g ipld.NodeGetter, c *checkedDAG, k cid.Cid) (ipld.Node, error) {
	nd, err := g.Get(ctx, k)
	if err != nil {
		return nil, err
	}
	if err := c.check(nd); err != nil {
		return nil, err
	}
	return nd, nil
}

func checkedMany(ctx context.Context, g ipld.NodeGetter, c *checkedDAG, ks []cid.Cid) <-chan *ipld.NodeOption {
	out := make(chan *ipld.NodeOption, len(ks))
	go func() {
		defer close(out)
		for o := range g.GetMany(ctx, ks) {
			if o.Err == nil {
				if err := c.check(o.Node); err != nil {
					o = &ipld.NodeOption{Err: err}
				}
			}
			out <- o
		}
	}()
	return out
}

// cidSet is a bounded set of CIDs: when full it forgets everything (a
// forgotten block is only checked again, never trusted without a check).
type cidSet struct {
	mu  sync.Mutex
	m   map[cid.Cid]struct{}
	max int
}

func newCIDSet(max int) *cidSet { return &cidSet{m: map[cid.Cid]struct{}{}, max: max} }

func (s *cidSet) add(c cid.Cid) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= s.max {
		clear(s.m)
	}
	s.m[c] = struct{}{}
}

func (s *cidSet) has(c cid.Cid) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[c]
	return ok
}
