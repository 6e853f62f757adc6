package replica

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	dag "github.com/ipfs/boxo/ipld/merkledag"
	blocks "github.com/ipfs/go-block-format"
	cid "github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"

	"dac/core/entry"
	"dac/core/ids"
)

// CatchUpProtocol is DAC's block-fetch stream protocol. go-ds-crdt alone
// fetches a DAG one bitswap round trip per node (minutes for a town's
// month); here the client asks for the blocks below what it lacks and the
// server streams them breadth first, in windows that double each round, so
// a history of n deltas costs about log2(n) round trips.
//
// On one stream the client sends requests and reads replies:
//
//	request  {1: node id, 2: [wanted CIDs], 3: limit}
//	reply    {1: [server's head CIDs], 2: error text}, then up to limit
//	         [cid, block] frames (breadth first from the wanted CIDs), then
//	         an end frame
//
// A first request with limit 0 asks for the heads only. The client checks
// every block (its hash, that it was asked for or is linked from one that
// was, its delta's form) before storing it; one bad block ends the run and
// counts against the peer.
const CatchUpProtocol = protocol.ID("/dac/catchup/1.0.0")

const (
	firstWindow = 64
	maxWindow   = 16384
	maxRounds   = 64
	maxWant     = 4096
	roundTime   = 2 * time.Minute
)

type catchReq struct {
	Node  []byte   `cbor:"1,keyasint"`
	Want  [][]byte `cbor:"2,keyasint,omitempty"`
	Limit int      `cbor:"3,keyasint"`
}

type catchHead struct {
	Heads [][]byte `cbor:"1,keyasint"`
	Err   string   `cbor:"2,keyasint,omitempty"`
	Node  []byte   `cbor:"3,keyasint"` // the node this peer serves
}

type catchBlock struct {
	_ struct{} `cbor:",toarray"`
	C []byte
	D []byte
}

// serveCatchUp answers one client's requests on one stream.
func (r *Replica) serveCatchUp(s network.Stream) {
	defer s.Close()
	f := newFramer(s)
	for range maxRounds {
		_ = s.SetDeadline(time.Now().Add(roundTime))
		var req catchReq
		if err := f.read(&req); err != nil {
			return
		}
		if err := r.answer(f, req); err != nil {
			_ = s.Reset()
			return
		}
	}
}

func (r *Replica) answer(f *framer, req catchReq) error {
	node := r.cfg.Node[:]
	if !bytes.Equal(req.Node, node) || len(req.Want) > maxWant {
		_ = f.write(catchHead{Err: fmt.Sprintf("this peer serves node %s", r.cfg.Node), Node: node})
		return f.end()
	}
	hs := r.Heads()
	if err := f.write(catchHead{Heads: cidBytes(hs), Node: node}); err != nil {
		return err
	}
	queue := castAll(req.Want)
	seen := cid.NewSet()
	for sent := 0; len(queue) > 0 && sent < min(req.Limit, maxWindow); {
		c := queue[0]
		queue = queue[1:]
		if !seen.Visit(c) {
			continue
		}
		blk, err := r.bstore.Get(r.ctx, c)
		if err != nil {
			continue // not here: the client will ask someone else
		}
		if err := f.write(catchBlock{C: c.Bytes(), D: blk.RawData()}); err != nil {
			return err
		}
		sent++
		r.stats.add(&r.stats.catchUpServed, 1)
		if nd, err := dag.DecodeProtobuf(blk.RawData()); err == nil {
			for _, l := range nd.Links() {
				queue = append(queue, l.Cid)
			}
		}
	}
	return f.end()
}

func cidBytes(cs []cid.Cid) [][]byte {
	out := make([][]byte, len(cs))
	for i, c := range cs {
		out[i] = c.Bytes()
	}
	return out
}

func castAll(bs [][]byte) []cid.Cid {
	var out []cid.Cid
	for _, b := range bs {
		if c, err := cid.Cast(b); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// Progress reports a catch-up run as it goes.
type Progress struct {
	Round, Blocks, Entries int
	Bytes                  int64
	Frontier               int  // blocks known to be missing still
	Applying               bool // fetching is done; entries go to the store
}

// CatchUpResult is what a run fetched.
type CatchUpResult struct {
	Rounds, Blocks, Entries int
	Bytes                   int64
	Complete                bool      // every block below the peer's heads is here now
	Heads                   []cid.Cid // the peer's heads, handed to go-ds-crdt
}

// CatchUp fetches from p every block this replica lacks below p's heads,
// hands their entries to the sink (oldest first) and then gives the heads
// to go-ds-crdt, which walks them locally.
func (r *Replica) CatchUp(ctx context.Context, p peer.ID, progress func(Progress)) (CatchUpResult, error) {
	if !r.claim(ctx, p, true) {
		return CatchUpResult{}, ctx.Err()
	}
	return r.catchUp(ctx, p, progress)
}

// catchUpIdle runs a background catch-up unless one with p is running.
func (r *Replica) catchUpIdle(ctx context.Context, p peer.ID) {
	if r.claim(ctx, p, false) {
		_, _ = r.catchUp(ctx, p, nil)
	}
}

func (r *Replica) catchUp(ctx context.Context, p peer.ID, progress func(Progress)) (CatchUpResult, error) {
	defer r.release(p)
	if progress == nil {
		progress = func(Progress) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := openCatchUp(ctx, r.host, p)
	if err != nil {
		return CatchUpResult{}, fmt.Errorf("catch-up with %s: %w", p, err)
	}
	defer s.Close()
	go func() { <-ctx.Done(); _ = s.Reset() }()
	c := &catchRun{r: r, f: newFramer(s), peer: p, progress: progress}
	res, err := c.run(ctx)
	if err != nil && errors.Is(err, ErrBadBlock) {
		r.misbehaved(p, err)
	}
	return res, err
}

// claim takes the right to run a catch-up against p. An explicit run
// waits for a background one to end; a background run (wait false) skips.
func (r *Replica) claim(ctx context.Context, p peer.ID, wait bool) bool {
	for {
		r.catchMu.Lock()
		running, ok := r.busy[p]
		if !ok {
			r.busy[p] = make(chan struct{})
			r.catchMu.Unlock()
			return true
		}
		r.catchMu.Unlock()
		if !wait {
			return false
		}
		select {
		case <-running:
		case <-ctx.Done():
			return false
		}
	}
}

func (r *Replica) release(p peer.ID) {
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	close(r.busy[p])
	delete(r.busy, p)
}

// announceWhenMerged returns a job that waits until go-ds-crdt has merged
// heads and then announces this replica's heads: what it fetched spreads
// on to neighbours that are not connected to where it came from (they
// fetch it from here), instead of waiting for the next rebroadcast.
func (r *Replica) announceWhenMerged(heads []cid.Cid) func() {
	return func() {
		ctx, cancel := context.WithTimeout(r.ctx, roundTime)
		defer cancel()
		if r.WaitMerged(ctx, heads) == nil {
			r.announce()
		}
	}
}

// prefetch runs a catch-up for heads announced by p when their blocks are
// missing here; any error leaves the work to go-ds-crdt and bitswap.
func (r *Replica) prefetch(p peer.ID, hs []cid.Cid) {
	if len(r.missingBelow(hs)) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(r.ctx, roundTime)
	defer cancel()
	r.catchUpIdle(ctx, p)
}

// missingBelow are the blocks under cs that are not here: a block that is
// here is not enough (an interrupted catch-up or a bitswap fetch may have
// stored it without its ancestors), so local blocks that are neither merged
// nor known complete are walked through, locally, down to what is missing.
func (r *Replica) missingBelow(cs []cid.Cid) []cid.Cid {
	var out []cid.Cid
	seen := cid.NewSet()
	for front := cs; len(front) > 0; {
		next, missing, err := r.walkLocal(r.ctx, front, seen)
		if err != nil {
			return append(out, front...) // unreadable here: ask for it
		}
		out = append(out, missing...)
		front = next
	}
	return out
}

// catchRun is one client-side catch-up.
type catchRun struct {
	r        *Replica
	f        *framer
	peer     peer.ID
	progress func(Progress)
	res      CatchUpResult
	got      [][]*entry.Signed // entries of each block, in arrival order
	pre      *preverifier
	bw       *blockWriter
	have     *cid.Set // every block received in this run (some may still be queued for the blockstore)
}

func (c *catchRun) run(ctx context.Context) (CatchUpResult, error) {
	c.pre, c.bw, c.have = startPreverifier(), startBlockWriter(c.r), cid.NewSet()
	defer c.pre.stop()
	defer c.bw.wait()
	heads, err := c.round(nil, 0)
	if err != nil {
		return c.res, err
	}
	want := c.r.missingBelow(heads)
	for limit := firstWindow; len(want) > 0 && c.res.Rounds < maxRounds-1; limit = min(2*limit, maxWindow) {
		before := c.res.Blocks
		if want, err = c.fetch(want, limit); err != nil {
			return c.res, err
		}
		if c.res.Blocks == before {
			break // the peer lacks them too; bitswap may find them elsewhere
		}
	}
	c.res.Complete = len(want) == 0
	if c.res.Complete {
		for _, h := range heads { // everything below them is here now: handLocal need not walk it
			c.r.bc.complete.add(h)
		}
	}
	c.pre.stop() // its signatures are remembered: apply does not verify them again
	c.apply()    // meanwhile the blocks are still being stored, on their own database
	if err := c.bw.wait(); err != nil {
		return c.res, err
	}
	c.r.stats.add(&c.r.stats.catchUps, 1)
	if len(heads) > 0 {
		c.r.goRun(func() { c.r.handLocal(heads) }) // fix: was c.r.bc.hand(...) with the peer still claimed, see handLocal
	}
	c.res.Heads = heads
	if c.res.Blocks > 0 {
		c.r.goRun(c.r.announceWhenMerged(heads))
	}
	return c.res, ctx.Err()
}

// round sends one request and reads the reply's header.
func (c *catchRun) round(want []cid.Cid, limit int) ([]cid.Cid, error) {
	node := c.r.cfg.Node
	if err := c.f.write(catchReq{Node: node[:], Want: cidBytes(want), Limit: limit}); err != nil {
		return nil, err
	}
	if err := c.f.w.Flush(); err != nil {
		return nil, err
	}
	var h catchHead
	if err := c.f.read(&h); err != nil {
		return nil, err
	}
	if h.Err != "" {
		return nil, fmt.Errorf("peer %s: %s", c.peer, h.Err)
	}
	if len(h.Heads) > maxHeads {
		return nil, bad("%d heads", len(h.Heads))
	}
	hs := castAll(h.Heads)
	if limit == 0 {
		return hs, c.expectEnd()
	}
	return hs, nil
}

func (c *catchRun) expectEnd() error {
	b, err := c.f.readRaw()
	if err == nil && b != nil {
		err = bad("blocks sent when none were asked for")
	}
	return err
}

// fetch asks for want and the blocks below it, stores what comes, and
// returns the new frontier: the wanted blocks that did not come (the window
// may be narrower than the want list) and the blocks linked from what came,
// that are still missing.
func (c *catchRun) fetch(want []cid.Cid, limit int) ([]cid.Cid, error) {
	if len(want) > maxWant {
		want = want[:maxWant]
	}
	if _, err := c.round(want, limit); err != nil {
		return nil, err
	}
	allowed := cid.NewSet()
	for _, w := range want {
		allowed.Add(w)
	}
	received := cid.NewSet()
	var blks []blocks.Block
	var links []cid.Cid
	for {
		b, err := c.f.readRaw()
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		blk, ls, err := c.block(b, allowed, received)
		if err != nil {
			return nil, err
		}
		blks = append(blks, blk)
		links = append(links, ls...)
	}
	if err := c.bw.put(blks); err != nil {
		return nil, err
	}
	c.res.Rounds++
	var next []cid.Cid
	for _, l := range append(want, links...) { // wants beyond the window stay wanted
		if !c.have.Has(l) {
			next = append(next, l)
		}
	}
	next = c.r.missingBelow(dedup(next))
	c.progress(Progress{Round: c.res.Rounds, Blocks: c.res.Blocks, Entries: c.res.Entries, Bytes: c.res.Bytes, Frontier: len(next)})
	return next, nil
}

// block checks one received frame and keeps its entries.
func (c *catchRun) block(frame []byte, allowed, received *cid.Set) (blocks.Block, []cid.Cid, error) {
	var cb catchBlock
	if err := unmarshalFrame(frame, &cb); err != nil {
		return nil, nil, err
	}
	k, err := cid.Cast(cb.C)
	if err != nil || !allowed.Has(k) || received.Has(k) {
		return nil, nil, bad("block %s was not asked for", k)
	}
	nd, d, err := decodeBlock(k, cb.D)
	if err != nil {
		return nil, nil, err
	}
	es, err := checkDeltaEntries(c.r.cfg.Node, d, false) // signatures: core checks them on ingest
	if err != nil {
		return nil, nil, err
	}
	received.Add(k)
	c.have.Add(k)
	var links []cid.Cid
	for _, l := range nd.Links() {
		allowed.Add(l.Cid)
		links = append(links, l.Cid)
	}
	c.got = append(c.got, es)
	c.pre.offer(es)
	c.res.Blocks++
	c.res.Entries += len(es)
	c.res.Bytes += int64(len(cb.D))
	c.r.stats.add(&c.r.stats.catchUpBlocks, 1)
	c.r.stats.add(&c.r.stats.catchUpEntries, int64(len(es)))
	blk, err := blocks.NewBlockWithCid(cb.D, k)
	return blk, links, err
}

// apply hands the fetched entries to the sink, oldest block first (blocks
// came newest first), so that core rarely has to hold an entry pending.
func (c *catchRun) apply() {
	c.progress(Progress{Round: c.res.Rounds, Blocks: c.res.Blocks, Entries: c.res.Entries, Bytes: c.res.Bytes, Applying: true})
	var batch []*entry.Signed
	for i := len(c.got) - 1; i >= 0; i-- {
		batch = append(batch, c.got[i]...)
		if len(batch) >= 5000 || i == 0 {
			c.r.sinkSigned(batch)
			batch = nil
		}
	}
	c.got = nil
}

func dedup(cs []cid.Cid) []cid.Cid {
	s := cid.NewSet()
	out := cs[:0]
	for _, c := range cs {
		if s.Visit(c) {
			out = append(out, c)
		}
	}
	return out
}

// openCatchUp opens a catch-up stream, over a limited (relayed) connection
// too: the protocol is bounded by its windows and is how devices that see
// each other only through a hub's relay still sync.
func openCatchUp(ctx context.Context, h host.Host, p peer.ID) (network.Stream, error) {
	return h.NewStream(network.WithAllowLimitedConn(ctx, "dac catch-up"), p, CatchUpProtocol)
}

// AskNode asks peer p which node it serves (a fresh device learns its node
// this way from a hub's or a neighbour's pairing code).
func AskNode(ctx context.Context, h host.Host, p peer.ID) (ids.Hash, error) {
	s, err := openCatchUp(ctx, h, p)
	if err != nil {
		return ids.Hash{}, err
	}
	defer s.Close()
	if d, ok := ctx.Deadline(); ok {
		_ = s.SetDeadline(d)
	}
	f := newFramer(s)
	if err := f.write(catchReq{}); err != nil {
		return ids.Hash{}, err
	}
	if err := f.w.Flush(); err != nil {
		return ids.Hash{}, err
	}
	var hd catchHead
	if err := f.read(&hd); err != nil {
		return ids.Hash{}, err
	}
	if len(hd.Node) != len(ids.Hash{}) {
		return ids.Hash{}, bad("peer named no node")
	}
	return ids.Hash(hd.Node), nil
}

// PeerHeads asks p for its current heads.
func (r *Replica) PeerHeads(ctx context.Context, p peer.ID) ([]cid.Cid, error) {
	s, err := openCatchUp(ctx, r.host, p)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if d, ok := ctx.Deadline(); ok {
		_ = s.SetDeadline(d)
	}
	c := &catchRun{r: r, f: newFramer(s), peer: p, progress: func(Progress) {}}
	return c.round(nil, 0)
}

// PeerHasOurs says whether p holds every block below this replica's heads
// (each of our heads is in p's blockstore as p's head or an ancestor of
// one: p names it as a head, or asking p for it returns it).
func (r *Replica) PeerHasOurs(ctx context.Context, p peer.ID) (bool, error) {
	theirs, err := r.PeerHeads(ctx, p)
	if err != nil {
		return false, err
	}
	mine := r.Heads()
	set := cid.NewSet()
	for _, c := range theirs {
		set.Add(c)
	}
	for _, c := range mine {
		if !set.Has(c) {
			return r.peerHolds(ctx, p, c)
		}
	}
	return true, nil
}

// peerHolds asks p for one block (a window of one).
func (r *Replica) peerHolds(ctx context.Context, p peer.ID, c cid.Cid) (bool, error) {
	s, err := openCatchUp(ctx, r.host, p)
	if err != nil {
		return false, err
	}
	defer s.Close()
	run := &catchRun{r: r, f: newFramer(s), peer: p, progress: func(Progress) {}}
	if _, err := run.round([]cid.Cid{c}, 1); err != nil {
		return false, err
	}
	b, err := run.f.readRaw()
	if err != nil || b == nil {
		return false, err
	}
	return true, nil
}

// TopicPeers are the peers replicating this namespace with us.
func (r *Replica) TopicPeers() []peer.ID { return r.topic.ListPeers() }

// Merge gives go-ds-crdt heads to walk; it fetches what is missing through
// bitswap, one round trip per delta. (CatchUp is the fast way; this is
// go-ds-crdt's own, kept for the benchmark that compares them.)
func (r *Replica) Merge(heads []cid.Cid) { r.bc.hand(encodeHeads(heads)) }
