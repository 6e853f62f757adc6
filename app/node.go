package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"

	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
	"dac/core/store"
)

// CreateNode founds a node with this device's identity as its sole founder
// (and its registrar unless the charter names one) and makes it current.
func (a *App) CreateNode(c charter.Charter) (ids.Hash, error) {
	key, err := a.signer()
	if err != nil {
		return ids.Hash{}, err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	if c.Membership.Registrar.IsZero() {
		c.Membership.Registrar = me
	}
	if c.Treasury != nil && len(c.Treasury.Stewards) == 0 {
		t := *c.Treasury
		t.Stewards = []ids.PubKey{me} // the founder holds the treasury until stewards are elected
		c.Treasury = &t
	}
	if c.Rations != nil && len(c.Rations.Points) == 0 {
		r := *c.Rations
		r.Points = []ids.PubKey{me} // the founder's key serves as the point until the node lists its points
		c.Rations = &r
	}
	if c.Housing != nil && len(c.Housing.Office) == 0 {
		h := *c.Housing
		h.Office = []ids.PubKey{me} // the founder holds the housing office until it is filled by election
		c.Housing = &h
	}
	g, err := core.BuildGenesis(c, []ed25519.PrivateKey{key}, a.now())
	if err != nil {
		return ids.Hash{}, err
	}
	st, err := a.openStore(g.ID)
	if err != nil {
		return ids.Hash{}, err
	}
	if err := st.Found(g); err != nil {
		st.Close()
		os.RemoveAll(filepath.Dir(a.dir.nodeDB(g.ID))) //nolint:errcheck // best effort: nothing of value is there
		return ids.Hash{}, Userf(err, "the charter cannot found a node: %v", err)
	}
	st.Close()
	if err := a.UseNode(g.ID); err != nil {
		return ids.Hash{}, err
	}
	a.emit(EntryAdded{ID: g.ID, Author: me, Kind: g.Kind})
	_ = a.flushOutbox(context.Background()) // like post: a failed hand-over is retried at the next start
	return g.ID, nil
}

// UseNode makes id the current node (opened now and at every start).
func (a *App) UseNode(id ids.Hash) error {
	if _, err := os.Stat(a.dir.nodeDB(id)); err != nil {
		return Userf(err, "there is no node %s on this device", id.Short())
	}
	if err := a.open(id); err != nil {
		return err
	}
	return a.dir.setCurrent(id)
}

// Nodes lists the nodes held on this device.
func (a *App) Nodes() ([]ids.Hash, error) { return a.dir.nodes() }

func (a *App) openStore(id ids.Hash) (*store.Store, error) {
	path := a.dir.nodeDB(id)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	st, err := store.Open(path, a.d.Registry)
	if errors.Is(err, store.ErrDamaged) {
		return nil, Userf(err, "%s", store.ErrDamaged.Error())
	}
	if err != nil {
		return nil, Userf(err, "cannot open the node database %s: %v", path, err)
	}
	if err := st.SetNode(id); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// open switches the current store to node id.
func (a *App) open(id ids.Hash) error {
	st, err := a.openStore(id)
	if err != nil {
		return err
	}
	a.mu.Lock()
	old := a.st
	a.st = st
	a.mu.Unlock()
	if old != nil {
		return old.Close()
	}
	return nil
}

// JoinNode prepares this device to hold node id: an empty store that entries
// from a hub, a neighbour or a bundle fill (Ingest). It becomes current.
func (a *App) JoinNode(id ids.Hash) error {
	if id.IsZero() {
		return &UserError{Msg: "a node id is 64 hex digits, not all zero"}
	}
	st, err := a.openStore(id)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	return a.UseNode(id)
}
