package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"dac/core"
	"dac/core/ids"
	"dac/core/store"
	"dac/sync/p2p"
	"dac/sync/replica"
)

// Addrs are this device's full network addresses (with /p2p/<peer id>).
func (o *Online) Addrs() []string { return p2p.Addrs(o.h) }

// PairingCode is what another device needs to reach this one.
func (o *Online) PairingCode() string { return p2p.Code(o.h) }

// PeerID is this device's network identity.
func (o *Online) PeerID() string { return o.h.ID().String() }

// Peer is a connected peer.
type Peer struct {
	ID      string   `json:"id"`
	Addrs   []string `json:"addrs"`   // the addresses of the open connections
	Replica bool     `json:"replica"` // it replicates the current node (on its topic)
}

// Peers lists the connected peers.
func (o *Online) Peers() []Peer {
	onTopic := map[peer.ID]bool{}
	if r, err := o.replica(); err == nil {
		for _, p := range r.TopicPeers() {
			onTopic[p] = true
		}
	}
	var out []Peer
	for _, id := range o.h.Network().Peers() {
		p := Peer{ID: id.String(), Replica: onTopic[id]}
		for _, c := range o.h.Network().ConnsToPeer(id) {
			p.Addrs = append(p.Addrs, c.RemoteMultiaddr().String())
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Peer) int { return compareStr(a.ID, b.ID) })
	return out
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SyncStats are the replica's totals.
func (o *Online) SyncStats() (replica.Stats, error) {
	r, err := o.replica()
	if err != nil {
		return replica.Stats{}, err
	}
	return r.Stats(), nil
}

// SyncProgress reports a sync with one peer as it goes.
type SyncProgress struct {
	Stage   string // "connecting", "joining", "fetching", "applying", "sending"
	Round   int
	Blocks  int
	Entries int
	Bytes   int64
}

// SyncReport tells what a sync with one peer did.
type SyncReport struct {
	Peer        string         `json:"peer"`
	Node        ids.Hash       `json:"node"`
	Joined      bool           `json:"joined"`  // this device took the node from the peer
	Fetched     int            `json:"fetched"` // entries received (duplicates included)
	Added       int            `json:"added"`   // entries new to this device
	Entries     int            `json:"entries"` // entries held now
	StateHash   ids.Hash       `json:"state_hash"`
	NewByKind   map[string]int `json:"new_by_kind"`   // what the new entries are (pay, receive, admit…)
	PeerHasOurs bool           `json:"peer_has_ours"` // the peer holds everything this device holds
	Seconds     float64        `json:"seconds"`
}

// SyncWith connects to the peer a pairing code names and syncs until both
// hold the same entries (or the deadline): this device fetches what it
// lacks with the catch-up protocol; the peer fetches this device's entries
// the same way when it sees it join. A device without a node joins the
// peer's.
func (o *Online) SyncWith(ctx context.Context, code string, progress func(SyncProgress)) (SyncReport, error) {
	start := time.Now()
	if progress == nil {
		progress = func(SyncProgress) {}
	}
	info, err := p2p.ParseCode(code)
	if err != nil {
		return SyncReport{}, &UserError{Msg: err.Error(), Cause: err}
	}
	progress(SyncProgress{Stage: "connecting"})
	if err := o.h.Connect(ctx, info); err != nil {
		return SyncReport{}, Userf(err, "the peer is unreachable: nothing answered at the addresses in its pairing code (is it running, and on this network?)")
	}
	rep := SyncReport{Peer: info.ID.String()}
	if rep.Joined, err = o.ensureNode(ctx, info.ID, progress); err != nil {
		return rep, err
	}
	r, err := o.replica()
	if err != nil {
		return rep, err
	}
	before, err := o.a.Status()
	if err != nil {
		return rep, err
	}
	mark := o.a.lastOrd()
	if err := o.exchange(ctx, r, info.ID, &rep, progress); err != nil {
		return rep, err
	}
	if err := o.a.ConfirmCaughtUp(); err != nil { // a restored key has its history now
		return rep, err
	}
	after, err := o.a.Status()
	if err != nil {
		return rep, err
	}
	rep.Node, rep.Entries, rep.StateHash = after.Node, after.Entries, after.StateHash
	rep.Added = after.Entries - before.Entries
	rep.NewByKind = o.a.kindsSince(mark)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// ensureNode makes sure this device holds the peer's node, joining it if
// the device holds none.
func (o *Online) ensureNode(ctx context.Context, p peer.ID, progress func(SyncProgress)) (bool, error) {
	theirs, err := replica.AskNode(ctx, o.h, p)
	if err != nil {
		return false, Userf(err, "the peer does not answer as a DAC device (%s)", shortErr(err))
	}
	st, err := o.a.node()
	if err == nil {
		if mine := st.Node(); mine != theirs {
			return false, &UserError{Msg: "the peer holds node " + theirs.Short() + ", this device holds node " + mine.Short()}
		}
		return false, nil
	}
	if !errors.Is(err, ErrNoNode) {
		return false, err
	}
	progress(SyncProgress{Stage: "joining"})
	if err := o.a.JoinNode(theirs); err != nil {
		return false, err
	}
	return true, o.attach(theirs)
}

// exchange fetches from p until p's heads are ours too, then waits (a
// little) for p to fetch ours.
func (o *Online) exchange(ctx context.Context, r *replica.Replica, p peer.ID, rep *SyncReport, progress func(SyncProgress)) error {
	res, err := r.CatchUp(ctx, p, func(pr replica.Progress) {
		stage := "fetching"
		if pr.Applying {
			stage = "applying"
		}
		progress(SyncProgress{Stage: stage, Round: pr.Round, Blocks: pr.Blocks, Entries: pr.Entries, Bytes: pr.Bytes})
	})
	rep.Fetched += res.Entries
	if err != nil {
		return Userf(err, "the sync with the peer broke off (%s)", shortErr(err))
	}
	if res.Complete {
		_ = r.WaitMerged(ctx, res.Heads) // leave go-ds-crdt's record clean before going offline
	}
	if err := o.a.flushOutbox(ctx); err != nil {
		return Userf(err, "cannot hand this device's entries to the network: %v", err)
	}
	progress(SyncProgress{Stage: "sending"})
	node, seq := o.a.ownHead() // read before asking: the answer covers at least this
	rep.PeerHasOurs = o.waitPeer(ctx, r, p, 15*time.Second)
	if rep.PeerHasOurs && seq > 0 && o.isHub(p) {
		_ = o.a.noteHubSeen(node, seq)
	}
	return nil
}

// waitPeer polls p's heads until they include all of ours.
func (o *Online) waitPeer(ctx context.Context, r *replica.Replica, p peer.ID, d time.Duration) bool {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for {
		if ok, err := r.PeerHasOurs(ctx, p); err == nil && ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// shortErr is a cause squeezed onto one short line: libp2p's dial errors
// span several lines ("all dials failed\n  * [addr] …"), and a plain
// message must stay one line. It cuts at a rune boundary.
func shortErr(err error) string {
	s := []rune(strings.Join(strings.Fields(err.Error()), " "))
	if len(s) > 120 {
		return string(s[:120]) + "…"
	}
	return string(s)
}

// dialHubs keeps connections to the hubs the charter names (dialing every
// minute those not connected) and asks them every check what they hold.
func (o *Online) dialHubs(check time.Duration) {
	t := time.NewTicker(check)
	defer t.Stop()
	lastDial := time.Time{}
	for {
		if time.Since(lastDial) >= time.Minute {
			lastDial = time.Now()
			o.connectHubs()
		}
		o.checkHubs()
		select {
		case <-o.ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (o *Online) connectHubs() {
	for _, code := range o.charterHubs() {
		info, err := p2p.ParseCode(code)
		if err != nil || info.ID == o.h.ID() || len(o.h.Network().ConnsToPeer(info.ID)) > 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(o.ctx, 20*time.Second)
		_ = o.h.Connect(ctx, info)
		cancel()
	}
}

func (o *Online) charterHubs() []string {
	st, err := o.a.node()
	if err != nil {
		return nil
	}
	var hubs []string
	st.View(func(s *core.State) {
		if c := o.a.policy(s); c != nil {
			hubs = slices.Clone(c.Hubs)
		}
	})
	return hubs
}

// lastOrd is the position of the latest stored entry (0 if none).
func (a *App) lastOrd() int64 {
	rows, err := a.Log(store.LogQuery{Limit: 1})
	if err != nil || len(rows) == 0 {
		return 0
	}
	return rows[0].Ord
}

// kindsSince counts the entries stored after position ord, by kind.
func (a *App) kindsSince(ord int64) map[string]int {
	out := map[string]int{}
	for before := int64(0); ; {
		rows, err := a.Log(store.LogQuery{Before: before, Limit: 1000})
		if err != nil || len(rows) == 0 {
			return out
		}
		for _, r := range rows {
			if r.Ord <= ord {
				return out
			}
			out[r.Kind]++
		}
		before = rows[len(rows)-1].Ord
	}
}
