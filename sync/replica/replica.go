// Package replica keeps one DAC namespace (a node's set of signed entries)
// replicated with go-ds-crdt over libp2p: boxo bitswap, blockservice and
// merkledag for blocks, gossipsub for heads, and DAC's own catch-up stream
// protocol (catchup.go) so that a fresh or long-offline replica fetches a
// whole history in a few round trips instead of one per delta.
//
// The replica moves bytes and checks their form; it decides nothing. Every
// entry it receives is statically checked (checkDelta) before go-ds-crdt
// merges it and is then handed to the Sink, where core validates and
// applies it exactly like a local one.
package replica

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ipfs/boxo/bitswap"
	"github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	"github.com/ipfs/boxo/datastore/dshelp"
	dag "github.com/ipfs/boxo/ipld/merkledag"
	cid "github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	crdt "github.com/ipfs/go-ds-crdt"
	logging "github.com/ipfs/go-log/v2"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"

	"dac/core/entry"
	"dac/core/ids"
)

// Sink takes the entries a replica receives. app implements it (through
// core/store); it must accept duplicates and entries in any order.
type Sink interface {
	// Ingest applies a batch of wire entries and says how many were
	// refused as invalid (bad signatures, wrong node, malformed).
	Ingest(raws [][]byte) (refused int, err error)
}

// SignedSink is a Sink that also takes entries already decoded: the
// catch-up decodes every entry to check its block, and decoding again
// would be a tenth of applying. The entries are checked and verified as
// Ingest would.
type SignedSink interface {
	IngestSigned(es []*entry.Signed) (refused int, err error)
}

// Options tune a replica; DefaultOptions documents the defaults.
type Options struct {
	// BatchWindow is how long local writes are gathered into one delta,
	// BatchEntries and BatchBytes bound a delta: DAG depth grows with
	// batches, not entries.
	BatchWindow  time.Duration
	BatchEntries int
	BatchBytes   int
	// Rebroadcast is how often the current heads are re-announced.
	Rebroadcast time.Duration
	// CatchUpOnJoin runs the fast catch-up against every peer that joins
	// the node's topic (hubs and neighbours alike).
	CatchUpOnJoin bool
	// FastCatchUp fetches the blocks below heads announced on pubsub with
	// the catch-up protocol before go-ds-crdt walks them; off, go-ds-crdt
	// fetches them through bitswap alone, one round trip per delta (kept
	// for comparison in the benchmarks).
	FastCatchUp bool
	// Misbehaved is told of every peer that sent something no honest
	// replica sends (the p2p gater counts strikes and refuses repeat
	// offenders). Optional.
	Misbehaved func(peer.ID, error)
	Logger     logging.StandardLogger
}

// DefaultOptions: 200 ms windows of at most 1,000 entries or 512 KiB,
// heads re-announced every 10 s, catch-up when a peer joins and before
// walking announced heads.
func DefaultOptions() Options {
	return Options{
		BatchWindow:   200 * time.Millisecond,
		BatchEntries:  1000,
		BatchBytes:    512 << 10,
		Rebroadcast:   10 * time.Second,
		CatchUpOnJoin: true,
		FastCatchUp:   true,
		Logger:        quietLogger(),
	}
}

func (o Options) validate() error {
	if o.BatchWindow <= 0 || o.BatchEntries <= 0 || o.BatchEntries > maxDeltaEntries ||
		o.BatchBytes <= 0 || o.BatchBytes > maxBlockBytes/2 || o.Rebroadcast <= 0 || o.Logger == nil {
		return fmt.Errorf("replica: bad options %+v", o)
	}
	return nil
}

// quietLogger keeps go-ds-crdt to errors, and boxo's blockservice quiet:
// it logs every fetch abandoned at its deadline (handLocal gives bitswap
// fetchTime, then drops heads it cannot complete), which is normal here.
func quietLogger() logging.StandardLogger {
	_ = logging.SetLogLevel("crdt", "error")
	_ = logging.SetLogLevel("blockservice", "fatal")
	return logging.Logger("crdt")
}

// closingLogger drops go-ds-crdt's complaints while the replica closes
// (its workers report their cancelled contexts as errors).
type closingLogger struct {
	logging.StandardLogger
	closing func() bool
}

func (l closingLogger) Error(args ...any) {
	if !l.closing() {
		l.StandardLogger.Error(args...)
	}
}

func (l closingLogger) Errorf(format string, args ...any) {
	if !l.closing() {
		l.StandardLogger.Errorf(format, args...)
	}
}

func (l closingLogger) Warn(args ...any) {
	if !l.closing() {
		l.StandardLogger.Warn(args...)
	}
}

// Config wires a replica to its host, its storage and its sink.
type Config struct {
	Host   host.Host
	PubSub *pubsub.PubSub
	Store  ds.Batching // the replica's own datastore (sync/sqlds), shared by no one else
	Node   ids.Hash    // the node whose entries this namespace holds
	Sink   Sink
	Opts   Options
}

// Replica is one running namespace.
type Replica struct {
	cfg     Config
	host    host.Host
	ns      string
	ctx     context.Context
	cancel  context.CancelFunc
	bstore  blockstore.Blockstore
	bswap   *bitswap.Bitswap
	dag     *checkedDAG
	crdt    *crdt.Datastore
	topic   *pubsub.Topic
	sub     *pubsub.Subscription
	events  *pubsub.TopicEventHandler
	pumping map[peer.ID]int // heads messages in hand per sender (pumpLoop), at most maxPumping
	bc      *broadcaster
	pubs    chan pubReq
	inq     chan []byte
	wg      sync.WaitGroup
	catchMu sync.Mutex
	busy    map[peer.ID]chan struct{} // peers a catch-up runs against now; closed when it ends
	stats   counters
}

// Namespace is the go-ds-crdt namespace of a node.
func Namespace(node ids.Hash) string { return "/dac/node/" + node.String() }

// New starts a replica. Close it before closing its store.
func New(cfg Config) (*Replica, error) {
	if cfg.Host == nil || cfg.PubSub == nil || cfg.Store == nil || cfg.Sink == nil || cfg.Node.IsZero() {
		return nil, errors.New("replica: incomplete config")
	}
	if err := cfg.Opts.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Replica{cfg: cfg, host: cfg.Host, ns: Namespace(cfg.Node), ctx: ctx, cancel: cancel,
		pubs: make(chan pubReq), inq: make(chan []byte, 4096), pumping: map[peer.ID]int{}, busy: map[peer.ID]chan struct{}{}}
	if err := r.start(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *Replica) start() error {
	r.bstore = blockstore.NewBlockstore(r.cfg.Store, blockstore.WriteThrough(true)) // blocks are content-addressed: rewriting one is harmless and cheaper than asking first
	r.bswap = bitswap.New(r.ctx, bsnet.NewFromIpfsHost(r.host), nil, r.bstore,
		bitswap.ProviderSearchDelay(time.Hour)) // no DHT: only connected peers are asked
	bserv := blockservice.New(r.bstore, r.bswap)
	r.dag = &checkedDAG{DAGService: dag.NewDAGService(bserv), node: r.cfg.Node, ok: newCIDSet(1 << 16),
		bad: func(err error) { r.stats.add(&r.stats.refusedBlocks, 1) }}
	if err := r.joinTopic(); err != nil {
		return err
	}
	opts := crdt.DefaultOptions()
	opts.Logger = closingLogger{StandardLogger: r.cfg.Opts.Logger, closing: func() bool { return r.ctx.Err() != nil }}
	opts.RebroadcastInterval = r.cfg.Opts.Rebroadcast
	opts.PutHook = r.putHook
	opts.MaxBatchDeltaSize = maxBlockBytes / 2
	opts.DAGSyncerTimeout = 2 * time.Minute
	var err error
	if r.crdt, err = crdt.New(r.cfg.Store, ds.NewKey(r.ns), r.dag, r.bc, opts); err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	r.host.SetStreamHandler(CatchUpProtocol, r.serveCatchUp)
	r.goRun(r.batchLoop)
	r.goRun(r.ingestLoop)
	r.goRun(r.pumpLoop)
	r.goRun(r.joinLoop)
	return nil
}

func (r *Replica) joinTopic() error {
	name := TopicOf(r.ns)
	if err := r.cfg.PubSub.RegisterTopicValidator(name, r.validate); err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	var err error
	if r.topic, err = r.cfg.PubSub.Join(name); err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	if r.sub, err = r.topic.Subscribe(); err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	r.bc = &broadcaster{ctx: r.ctx, topic: r.topic, next: make(chan []byte, 64), complete: newCIDSet(1 << 16)}
	if r.events, err = r.topic.EventHandler(); err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	return nil
}

func (r *Replica) goRun(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

// Close stops the replica. Entries handed to Publish and acknowledged are
// in the store already; nothing else is lost either (go-ds-crdt resumes
// from its persisted heads).
func (r *Replica) Close() error {
	r.cancel()
	var errs []error
	if r.crdt != nil {
		errs = append(errs, r.crdt.Close())
	}
	r.host.RemoveStreamHandler(CatchUpProtocol)
	if r.sub != nil {
		r.sub.Cancel()
	}
	if r.bswap != nil {
		errs = append(errs, r.bswap.Close())
	}
	r.wg.Wait()
	if r.topic != nil {
		errs = append(errs, r.topic.Close())
		_ = r.cfg.PubSub.UnregisterTopicValidator(TopicOf(r.ns))
	}
	return errors.Join(errs...)
}

// Heads are the current heads of this replica's DAG.
func (r *Replica) Heads() []cid.Cid {
	return r.crdt.InternalStats(r.ctx).Heads
}

// merged says whether go-ds-crdt has merged block c. It reads
// go-ds-crdt's own record (<namespace>/b/<multihash key>, the layout of the
// pinned v0.6.8), which it writes once a block's delta is in the set.
func (r *Replica) merged(c cid.Cid) bool {
	k := ds.NewKey(r.ns).ChildString("b").ChildString(dshelp.MultihashToDsKey(c.Hash()).String())
	ok, err := r.cfg.Store.Has(r.ctx, k)
	return err == nil && ok
}

// WaitMerged waits until go-ds-crdt has merged every block in cs (after a
// catch-up it walks the fetched DAG in the background).
// It polls go-ds-crdt's record, from every 10 ms up to every 320 ms: a
// mesh of busy replicas runs many of these at once, and each poll is a
// store lookup.
func (r *Replica) WaitMerged(ctx context.Context, cs []cid.Cid) error {
	wait := 10 * time.Millisecond
	for _, c := range cs {
		for !r.merged(c) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-r.ctx.Done():
				return r.ctx.Err()
			case <-time.After(wait):
			}
			wait = min(2*wait, 320*time.Millisecond)
		}
	}
	return nil
}

// misbehaved counts a peer's offence and tells the gater.
func (r *Replica) misbehaved(p peer.ID, err error) {
	r.stats.add(&r.stats.offences, 1)
	r.cfg.Opts.Logger.Warnf("peer %s misbehaved: %v", p, err)
	if r.cfg.Opts.Misbehaved != nil {
		r.cfg.Opts.Misbehaved(p, err)
	}
}
