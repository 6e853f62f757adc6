package app

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"dac/core"
	"dac/core/ids"
	"dac/sync/p2p"
)

// The offline cap bounds what a device pays "not yet seen by a hub": a
// payment a hub holds can no longer be double-spent unseen (anyone who
// meets the hub learns of it), so only the others are at risk. The device
// learns that a hub holds its entries by asking it (replica.PeerHasOurs)
// after a sync with it and, while online, every HubCheck. It keeps, per
// node, the highest sequence number of its own chain that a charter hub
// held: `nodes/<id>/hub-seen`. Nothing else trusts this file: it only
// lets the device's own cap check count fewer payments, and the payee's
// import still sums the payer's whole day from the record.

// DefaultHubCheck is how often an online device asks its hubs what they hold.
const DefaultHubCheck = 15 * time.Second

func (d dataDir) hubSeen(node ids.Hash) string {
	return filepath.Join(string(d), "nodes", node.String(), "hub-seen")
}

// HubSeen is the highest seq of this device's chain on node that a hub
// of the node is known to hold (0: none).
func (a *App) HubSeen(node ids.Hash) uint64 {
	b, err := os.ReadFile(a.dir.hubSeen(node))
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return n
}

// noteHubSeen records that a hub holds this device's chain up to seq.
func (a *App) noteHubSeen(node ids.Hash, seq uint64) error {
	a.hubMu.Lock()
	defer a.hubMu.Unlock()
	if seq <= a.HubSeen(node) {
		return nil
	}
	err := writeFileAtomic(a.dir.hubSeen(node), []byte(strconv.FormatUint(seq, 10)+"\n"), 0o600)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the node is gone
	}
	return err
}

// ownHead is this device's seq on its current node (0: none, or no node).
func (a *App) ownHead() (ids.Hash, uint64) {
	me, err := a.Whoami()
	st, err2 := a.node()
	if err != nil || err2 != nil {
		return ids.Hash{}, 0
	}
	var seq uint64
	st.View(func(s *core.State) {
		if h, ok := s.Head(me); ok {
			seq = h.Seq
		}
	})
	return st.Node(), seq
}

// isHub reports whether p is one of the charter's hubs.
func (o *Online) isHub(p peer.ID) bool {
	for _, code := range o.charterHubs() {
		if info, err := p2p.ParseCode(code); err == nil && info.ID == p {
			return true
		}
	}
	return false
}

// checkHub asks hub p whether it holds everything this device holds and,
// if so, records this device's head as seen by a hub.
func (o *Online) checkHub(ctx context.Context, p peer.ID) {
	node, seq := o.a.ownHead() // read before asking: the answer covers at least this
	r, err := o.replica()
	if err != nil || seq == 0 || seq <= o.a.HubSeen(node) {
		return
	}
	if ok, err := r.PeerHasOurs(ctx, p); err == nil && ok {
		_ = o.a.noteHubSeen(node, seq)
	}
}

// checkHubs asks every connected charter hub.
func (o *Online) checkHubs() {
	for _, code := range o.charterHubs() {
		info, err := p2p.ParseCode(code)
		if err != nil || len(o.h.Network().ConnsToPeer(info.ID)) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(o.ctx, 10*time.Second)
		o.checkHub(ctx, info.ID)
		cancel()
	}
}
