// Package testnet builds networks of real DAC replicas for tests,
// benchmarks and `dac bench sync`: each peer has a libp2p host (on a
// libp2p mocknet, or on loopback TCP), gossipsub, a SQLite datastore
// (sync/sqlds), a core store (core/store) as its sink and a replica. Nothing
// in it is a fake: only the network between peers may be simulated.
package testnet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
	"dac/sync/replica"
	"dac/sync/sqlds"
)

// Sink applies what a replica receives to a real core store, with a fixed
// receiver clock.
type Sink struct {
	St  *store.Store
	Now int64
	In  atomic.Int64 // entries offered
}

// Ingest implements replica.Sink.
func (s *Sink) Ingest(raws [][]byte) (int, error) {
	s.In.Add(int64(len(raws)))
	res, err := s.St.Ingest(raws, s.Now)
	return len(res.Rejected), err
}

// IngestSigned implements replica.SignedSink.
func (s *Sink) IngestSigned(es []*entry.Signed) (int, error) {
	s.In.Add(int64(len(es)))
	res, err := s.St.IngestSigned(es, s.Now)
	return len(res.Rejected), err
}

// Peer is one device.
type Peer struct {
	H    host.Host
	PS   *pubsub.PubSub
	DS   *sqlds.Datastore
	Sink *Sink
	R    *replica.Replica
	ownH bool
}

// NewPeer starts a replica of node on h with its files in dir.
func NewPeer(h host.Host, node ids.Hash, now int64, opts replica.Options, dir string) (*Peer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	d, err := sqlds.Open(filepath.Join(dir, "sync.db"))
	if err != nil {
		return nil, err
	}
	st, err := store.Open(filepath.Join(dir, "node.db"), core.DefaultRegistry())
	if err != nil {
		d.Close()
		return nil, err
	}
	p := &Peer{H: h, DS: d, Sink: &Sink{St: st, Now: now}}
	if err := p.start(node, opts); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Peer) start(node ids.Hash, opts replica.Options) error {
	if err := p.Sink.St.SetNode(node); err != nil {
		return err
	}
	var err error
	if p.PS, err = pubsub.NewGossipSub(context.Background(), p.H); err != nil {
		return err
	}
	p.R, err = replica.New(replica.Config{Host: p.H, PubSub: p.PS, Store: p.DS, Node: node, Sink: p.Sink, Opts: opts})
	return err
}

// Close stops the peer (and its host if the peer made it).
func (p *Peer) Close() error {
	var errs []error
	if p.R != nil {
		errs = append(errs, p.R.Close())
	}
	errs = append(errs, p.DS.Close(), p.Sink.St.Close())
	if p.ownH {
		errs = append(errs, p.H.Close())
	}
	return errors.Join(errs...)
}

// Stats are the core store's counts.
func (p *Peer) Stats() store.Stats {
	st, _ := p.Sink.St.Stats()
	return st
}

// Publish writes es through p as devices do: per entries per Publish call,
// each call waiting for its delta (so the DAG has len(es)/per nodes at
// most, batched further only by the replica's window).
func (p *Peer) Publish(ctx context.Context, es []*entry.Signed, per int) error {
	for lo := 0; lo < len(es); lo += per {
		if err := p.R.Publish(ctx, Raws(es[lo:min(lo+per, len(es))])); err != nil {
			return err
		}
	}
	return nil
}

// Raws are the wire bytes of es.
func Raws(es []*entry.Signed) [][]byte {
	out := make([][]byte, len(es))
	for i, e := range es {
		out[i] = e.Raw
	}
	return out
}

// Mesh makes n peers on a new mocknet, linked with lo (zero: no latency)
// but not yet connected. Their files go under dir.
func Mesh(n int, node ids.Hash, now int64, opts replica.Options, dir string, lo mocknet.LinkOptions) (mocknet.Mocknet, []*Peer, error) {
	mn := mocknet.New()
	mn.SetLinkDefaults(lo)
	var ps []*Peer
	for i := range n {
		h, err := mn.GenPeer()
		if err == nil {
			var p *Peer
			p, err = NewPeer(h, node, now, opts, filepath.Join(dir, fmt.Sprintf("peer%02d", i)))
			ps = append(ps, p)
		}
		if err != nil {
			CloseAll(ps)
			mn.Close()
			return nil, nil, err
		}
	}
	if err := mn.LinkAll(); err != nil {
		CloseAll(ps)
		mn.Close()
		return nil, nil, err
	}
	return mn, ps, nil
}

// CloseAll closes every peer.
func CloseAll(ps []*Peer) {
	for _, p := range ps {
		if p != nil {
			p.Close()
		}
	}
}

// NewTCPPeer starts a peer on a real libp2p host listening on loopback TCP.
func NewTCPPeer(node ids.Hash, now int64, opts replica.Options, dir string) (*Peer, error) {
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	if err != nil {
		return nil, err
	}
	p, err := NewPeer(h, node, now, opts, dir)
	if err != nil {
		h.Close()
		return nil, err
	}
	p.ownH = true
	return p, nil
}

// WaitFor polls cond every 10 ms until it holds or d passes.
func WaitFor(ctx context.Context, d time.Duration, cond func() bool) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// SameState says whether every peer has the state hash of the first.
func SameState(ps []*Peer) bool {
	want := ps[0].Stats().StateHash
	for _, p := range ps[1:] {
		if p.Stats().StateHash != want {
			return false
		}
	}
	return true
}
