package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"

	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
	"dac/sync/p2p"
	"dac/sync/replica"
	"dac/sync/sqlds"
)

// NetConfig says how this device goes online.
type NetConfig struct {
	Listen  []string        // multiaddrs; nil: p2p.DefaultListen (all interfaces, any port)
	Relay   bool            // serve circuit relay v2 with explicit limits (hubs)
	MDNS    bool            // find and be found by DAC devices on the LAN
	Host    host.Host       // a ready host (tests use mocknet); nil: built from the network key
	Replica replica.Options // zero value: replica.DefaultOptions()
	// HubCheck is how often to ask the charter's hubs whether they hold
	// this device's entries (for the offline cap); 0: DefaultHubCheck.
	HubCheck time.Duration
}

// Online is this device on the network: a libp2p host, gossipsub and the
// replica of the current node. The app hands it own entries (it is the
// Publisher) and it hands the app what peers send (the replica's Sink).
type Online struct {
	a     *App
	h     host.Host
	ownH  bool
	ps    *pubsub.PubSub
	gater *p2p.Gater
	mdns  io.Closer
	opts  replica.Options
	ctx   context.Context
	stop  context.CancelFunc

	mu   sync.Mutex
	r    *replica.Replica
	ds   *sqlds.Datastore
	node ids.Hash
}

// GoOnline starts networking. Being online is optional: everything else in
// the app works without it, and entries wait in the outbox meanwhile.
func (a *App) GoOnline(ctx context.Context, cfg NetConfig) (*Online, error) {
	o := &Online{a: a, h: cfg.Host, gater: p2p.NewGater(), opts: cfg.Replica}
	o.ctx, o.stop = context.WithCancel(context.Background())
	if o.opts.BatchWindow == 0 {
		o.opts = replica.DefaultOptions()
	}
	o.opts.Misbehaved = func(p peer.ID, _ error) { o.gater.Strike(p) }
	if err := o.start(cfg); err != nil {
		o.Close()
		return nil, err
	}
	a.setOnline(o)
	if err := o.attachCurrent(); err != nil {
		o.Close()
		return nil, err
	}
	go o.dialHubs(cmp.Or(cfg.HubCheck, DefaultHubCheck))
	return o, nil
}

func (o *Online) start(cfg NetConfig) error {
	if o.h == nil {
		key, err := p2p.LoadKey(o.a.dir.networkKey())
		if err != nil {
			return Userf(err, "cannot read this device's network key: %v", err)
		}
		if o.h, err = p2p.NewHost(p2p.Config{Key: key, Listen: cfg.Listen, Relay: cfg.Relay, Gater: o.gater}); err != nil {
			return Userf(err, "cannot start networking: %v", err)
		}
		o.ownH = true
	}
	var err error
	if o.ps, err = pubsub.NewGossipSub(o.ctx, o.h); err != nil { // stopped by Close
		return err
	}
	if cfg.MDNS {
		if o.mdns, err = p2p.StartMDNS(o.h, nil); err != nil {
			return Userf(err, "cannot announce this device on the LAN: %v", err)
		}
	}
	return nil
}

// attachCurrent starts the replica of the current node, if there is one.
func (o *Online) attachCurrent() error {
	st, err := o.a.node()
	if errors.Is(err, ErrNoNode) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := o.attach(st.Node()); err != nil {
		return err
	}
	return o.a.flushOutbox(context.Background())
}

func (o *Online) attach(node ids.Hash) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.r != nil {
		if o.node == node {
			return nil
		}
		return fmt.Errorf("this device is online for node %s already", o.node.Short())
	}
	d, err := sqlds.Open(filepath.Join(filepath.Dir(o.a.dir.nodeDB(node)), "sync.db"))
	if err != nil {
		return Userf(err, "cannot open the sync database: %v", err)
	}
	r, err := replica.New(replica.Config{Host: o.h, PubSub: o.ps, Store: d, Node: node,
		Sink: sinkFor{a: o.a, node: node}, Opts: o.opts})
	if err != nil {
		d.Close()
		return err
	}
	o.r, o.ds, o.node = r, d, node
	return nil
}

// replica returns the running replica or a plain error.
func (o *Online) replica() (*replica.Replica, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.r == nil {
		return nil, &UserError{Msg: "this device holds no node yet: join one first"}
	}
	return o.r, nil
}

// Publish hands own entries to the replica (Online is the app's Publisher).
func (o *Online) Publish(ctx context.Context, raws [][]byte) error {
	r, err := o.replica()
	if err != nil {
		return err
	}
	return r.Publish(ctx, raws)
}

// Close stops networking; the stores stay open.
func (o *Online) Close() error {
	o.a.setOnline(nil)
	var errs []error
	o.mu.Lock()
	if o.r != nil {
		errs = append(errs, o.r.Close(), o.ds.Close())
		o.r, o.ds = nil, nil
	}
	o.mu.Unlock()
	o.stop() // after the replica has left its topic: this ends gossipsub and the hub dialer
	if o.mdns != nil {
		errs = append(errs, o.mdns.Close())
	}
	if o.ownH && o.h != nil {
		errs = append(errs, o.h.Close())
	}
	return errors.Join(errs...)
}

// sinkFor is the replica's Sink: entries go through core like local ones.
type sinkFor struct {
	a    *App
	node ids.Hash
}

func (s sinkFor) Ingest(raws [][]byte) (int, error) {
	st, err := s.a.node()
	if err != nil {
		return 0, err
	}
	if st.Node() != s.node {
		return 0, fmt.Errorf("the current node changed to %s", st.Node().Short())
	}
	ev, err := s.a.Ingest(raws)
	return ev.Rejected, err
}

// IngestSigned takes a catch-up's entries already decoded (replica.SignedSink).
func (s sinkFor) IngestSigned(es []*entry.Signed) (int, error) {
	st, err := s.a.node()
	if err != nil {
		return 0, err
	}
	if st.Node() != s.node {
		return 0, fmt.Errorf("the current node changed to %s", st.Node().Short())
	}
	ev, _, err := s.a.ingestWith(func(st *store.Store) (store.Result, error) { return st.IngestSigned(es, s.a.now()) })
	return ev.Rejected, err
}
