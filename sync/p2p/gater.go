package p2p

import (
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Gater counts the offences of each peer (a malformed heads message, a
// block that does not hash to its name, an entry of another node…) and,
// at Strikes offences within Window, disconnects the peer and refuses it
// for Ban. Honest peers never offend: a single strike is already a bug or
// an attack, but a few are forgiven so that one bad relay does not cut a
// neighbour off for long.
type Gater struct {
	Strikes int
	Window  time.Duration
	Ban     time.Duration
	Now     func() time.Time

	mu     sync.Mutex
	h      host.Host
	counts map[peer.ID][]time.Time
	banned map[peer.ID]time.Time
}

// NewGater: 3 strikes within 10 minutes ban a peer for an hour.
func NewGater() *Gater {
	return &Gater{Strikes: 3, Window: 10 * time.Minute, Ban: time.Hour, Now: time.Now,
		counts: map[peer.ID][]time.Time{}, banned: map[peer.ID]time.Time{}}
}

func (g *Gater) attach(h host.Host) {
	g.mu.Lock()
	g.h = h
	g.mu.Unlock()
}

// Strike records an offence by p and bans it at the limit.
func (g *Gater) Strike(p peer.ID) {
	g.mu.Lock()
	now := g.Now()
	recent := []time.Time{now}
	for _, t := range g.counts[p] {
		if now.Sub(t) < g.Window {
			recent = append(recent, t)
		}
	}
	g.counts[p] = recent
	ban := len(recent) >= g.Strikes
	if ban {
		g.banned[p] = now.Add(g.Ban)
		delete(g.counts, p)
	}
	h := g.h
	g.mu.Unlock()
	if ban && h != nil {
		_ = h.Network().ClosePeer(p)
	}
}

// Banned says whether p is refused now.
func (g *Gater) Banned(p peer.ID) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	until, ok := g.banned[p]
	if ok && !g.Now().Before(until) {
		delete(g.banned, p)
		return false
	}
	return ok
}

// InterceptPeerDial refuses to dial a banned peer.
func (g *Gater) InterceptPeerDial(p peer.ID) bool { return !g.Banned(p) }

// InterceptAddrDial allows every address of an allowed peer.
func (g *Gater) InterceptAddrDial(p peer.ID, _ ma.Multiaddr) bool { return !g.Banned(p) }

// InterceptAccept allows every inbound connection until the peer is known.
func (g *Gater) InterceptAccept(network.ConnMultiaddrs) bool { return true }

// InterceptSecured refuses a banned peer once its identity is known.
func (g *Gater) InterceptSecured(_ network.Direction, p peer.ID, _ network.ConnMultiaddrs) bool {
	return !g.Banned(p)
}

// InterceptUpgraded allows every upgraded connection.
func (g *Gater) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }
