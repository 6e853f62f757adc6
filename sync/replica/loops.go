package replica

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	cid "github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"

	"dac/core/entry"
)

// pubReq is one Publish call waiting for its delta to be written.
type pubReq struct {
	raws [][]byte
	done chan error
}

// Publish writes this device's entries into the replica and announces
// them. Calls within one BatchWindow share one delta (one DAG node). It
// returns once the delta is stored locally; peers fetch it from there.
func (r *Replica) Publish(ctx context.Context, raws [][]byte) error {
	if len(raws) == 0 {
		return nil
	}
	req := pubReq{raws: raws, done: make(chan error, 1)}
	select {
	case r.pubs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-r.ctx.Done():
		return errors.New("replica closed")
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// batchLoop gathers Publish calls for one window (or until the size
// bounds) and writes them as one delta.
func (r *Replica) batchLoop() {
	o := r.cfg.Opts
	for {
		var reqs []pubReq
		select {
		case q := <-r.pubs:
			reqs = append(reqs, q)
		case <-r.ctx.Done():
			return
		}
		n, size := count(reqs[0].raws)
		timer := time.NewTimer(o.BatchWindow)
	gather:
		for n < o.BatchEntries && size < o.BatchBytes {
			select {
			case q := <-r.pubs:
				reqs = append(reqs, q)
				dn, ds := count(q.raws)
				n, size = n+dn, size+ds
			case <-timer.C:
				break gather
			case <-r.ctx.Done():
				break gather
			}
		}
		timer.Stop()
		r.commit(reqs)
	}
}

func count(raws [][]byte) (n, size int) {
	for _, b := range raws {
		size += len(b)
	}
	return len(raws), size
}

// commit writes the gathered entries, splitting at the size bounds.
func (r *Replica) commit(reqs []pubReq) {
	var all [][]byte
	for _, q := range reqs {
		all = append(all, q.raws...)
	}
	err := r.write(all)
	for _, q := range reqs {
		q.done <- err
	}
}

func (r *Replica) write(raws [][]byte) error {
	o := r.cfg.Opts
	for len(raws) > 0 {
		n, size := 0, 0
		for n < len(raws) && n < o.BatchEntries && (n == 0 || size+len(raws[n]) <= o.BatchBytes) {
			size += len(raws[n])
			n++
		}
		if err := r.writeDelta(raws[:n]); err != nil {
			return err
		}
		raws = raws[n:]
	}
	return nil
}

func (r *Replica) writeDelta(raws [][]byte) error {
	b, err := r.crdt.Batch(r.ctx)
	if err != nil {
		return err
	}
	for _, raw := range raws {
		s, err := entry.Decode(raw)
		if err != nil {
			return err
		}
		if err := b.Put(r.ctx, EntryKey(s), raw); err != nil {
			return err
		}
	}
	if err := b.Commit(r.ctx); err != nil {
		return err
	}
	r.stats.add(&r.stats.deltasOut, 1)
	r.stats.add(&r.stats.entriesOut, int64(len(raws)))
	return nil
}

// putHook is go-ds-crdt's callback for every element merged (local or
// remote); the entry goes to the sink through ingestLoop.
func (r *Replica) putHook(_ ds.Key, v []byte) {
	raw := append([]byte(nil), v...)
	select {
	case r.inq <- raw:
	case <-r.ctx.Done():
	}
}

// ingestLoop hands merged entries to the sink in batches: whatever has
// arrived, up to ingestBatch, as soon as the sink is free.
const ingestBatch = 2000

func (r *Replica) ingestLoop() {
	for {
		var raws [][]byte
		select {
		case raw := <-r.inq:
			raws = append(raws, raw)
		case <-r.ctx.Done():
			return
		}
	more:
		for len(raws) < ingestBatch {
			select {
			case raw := <-r.inq:
				raws = append(raws, raw)
			default:
				break more
			}
		}
		r.sink(raws)
	}
}

// sinkSigned hands decoded entries to the sink, without decoding them
// again when it can take them so.
func (r *Replica) sinkSigned(es []*entry.Signed) {
	ss, ok := r.cfg.Sink.(SignedSink)
	if !ok {
		r.sink(rawsOf(es))
		return
	}
	refused, err := ss.IngestSigned(es)
	if err != nil {
		r.cfg.Opts.Logger.Errorf("sink: %v", err)
	}
	r.stats.add(&r.stats.entriesIn, int64(len(es)))
	r.stats.add(&r.stats.refusedEntries, int64(refused))
}

func (r *Replica) sink(raws [][]byte) {
	refused, err := r.cfg.Sink.Ingest(raws)
	if err != nil {
		r.cfg.Opts.Logger.Errorf("sink: %v", err)
	}
	r.stats.add(&r.stats.entriesIn, int64(len(raws)))
	r.stats.add(&r.stats.refusedEntries, int64(refused))
}

// pumpLoop takes heads from pubsub. When their blocks are missing it first
// runs the fast catch-up against the sender, so go-ds-crdt walks local
// blocks instead of fetching them one bitswap round trip at a time; if that
// fails, handLocal fetches the rest through bitswap.
func (r *Replica) pumpLoop() {
	for {
		m, err := r.sub.Next(r.ctx)
		if err != nil {
			return
		}
		if m.ReceivedFrom == r.host.ID() {
			continue
		}
		hs, err := decodeHeads(m.Data)
		if err != nil {
			continue // the validator has dealt with it
		}
		if r.cfg.Opts.FastCatchUp && r.allKnown(hs) {
			continue // nothing new: the common case once a mesh has converged
		}
		if !r.cfg.Opts.FastCatchUp {
			r.bc.hand(m.Data)
			continue
		}
		src := m.ReceivedFrom // a forwarder; the publisher itself holds the blocks for sure
		if from := m.GetFrom(); len(r.host.Network().ConnsToPeer(from)) > 0 {
			src = from
		}
		from := m.GetFrom() // the signed origin (gossipsub's StrictSign), not the forwarder
		if !r.pumpSlot(from, 1) {
			continue // maxPumping messages from this origin in hand already: this one comes again
		}
		r.goRun(func() {
			defer r.pumpSlot(from, -1)
			r.prefetch(src, hs)
			r.handLocal(hs) // not r.bc.hand(m.Data), see handLocal
		})
	}
}

// allKnown says whether every head is one this replica has walked to
// completion already (remembered in memory; no store lookups).
func (r *Replica) allKnown(hs []cid.Cid) bool {
	for _, h := range hs {
		if !r.bc.complete.has(h) {
			return false
		}
	}
	return true
}

// maxPumping bounds the heads messages from one origin being fetched and
// handed at once, so that a flood (or a slow device) cannot pile up
// goroutines, and a flooding origin cannot crowd out the others (even
// when honest peers forward its well-formed heads): heads are
// re-announced every Rebroadcast, so a dropped message costs a delay only.
const maxPumping = 4

// pumpSlot takes (d = 1) or gives back (d = -1) one of p's slots.
func (r *Replica) pumpSlot(p peer.ID, d int) bool {
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	if d > 0 && r.pumping[p] >= maxPumping {
		return false
	}
	r.pumping[p] += d
	if r.pumping[p] == 0 {
		delete(r.pumping, p)
	}
	return true
}

// joinLoop re-announces the heads whenever a peer joins the topic (an
// update published just before would otherwise wait for the next
// rebroadcast, go-ds-crdt#15) and catches up with the newcomer.
func (r *Replica) joinLoop() {
	defer r.events.Cancel()
	for {
		e, err := r.events.NextPeerEvent(r.ctx)
		if err != nil {
			return
		}
		if e.Type != pubsub.PeerJoin {
			continue
		}
		r.announce()
		if r.cfg.Opts.CatchUpOnJoin {
			p := e.Peer
			r.goRun(func() { r.catchUpIdle(r.ctx, p) })
		}
	}
}

// announce publishes the current heads.
func (r *Replica) announce() {
	if hs := r.Heads(); len(hs) > 0 {
		_ = r.topic.Publish(r.ctx, encodeHeads(hs))
	}
}

// Stats are a replica's running totals.
type Stats struct {
	DeltasOut, EntriesOut         int64 // written by this device
	EntriesIn                     int64 // handed to the sink (duplicates included)
	RefusedEntries, RefusedBlocks int64
	Offences                      int64 // peer misbehaviours seen
	CatchUps, CatchUpBlocks       int64
	CatchUpEntries, CatchUpServed int64
}

type counters struct {
	deltasOut, entriesOut, entriesIn, refusedEntries, refusedBlocks, offences atomic.Int64
	catchUps, catchUpBlocks, catchUpEntries, catchUpServed                    atomic.Int64
}

func (c *counters) add(v *atomic.Int64, n int64) { v.Add(n) }

// Stats returns the running totals.
func (r *Replica) Stats() Stats {
	c := &r.stats
	return Stats{DeltasOut: c.deltasOut.Load(), EntriesOut: c.entriesOut.Load(), EntriesIn: c.entriesIn.Load(),
		RefusedEntries: c.refusedEntries.Load(), RefusedBlocks: c.refusedBlocks.Load(), Offences: c.offences.Load(),
		CatchUps: c.catchUps.Load(), CatchUpBlocks: c.catchUpBlocks.Load(), CatchUpEntries: c.catchUpEntries.Load(),
		CatchUpServed: c.catchUpServed.Load()}
}
