package app

import (
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// Status is the node at a glance.
type Status struct {
	Node      ids.Hash
	Name      string
	StateHash ids.Hash
	Entries   int
	Invalid   int
	Pending   int
	Members   int
	Me        *MemberStatus // nil without an identity
}

// MemberStatus is this device's person in the node.
type MemberStatus struct {
	Key    ids.PubKey
	Member bool
	Epoch  uint32
	Since  int64
}

// Status reports on the current node.
func (a *App) Status() (Status, error) {
	st, err := a.node()
	if err != nil {
		return Status{}, err
	}
	s, err := st.Stats()
	if err != nil {
		return Status{}, err
	}
	out := Status{Node: st.Node(), StateHash: s.StateHash, Entries: s.Entries, Invalid: s.Invalid,
		Pending: s.Pending, Members: s.Members}
	me, meErr := a.Whoami()
	st.View(func(cs *core.State) {
		if c := cs.Charter(); c != nil {
			out.Name = c.Name
		}
		if meErr == nil {
			r, ok := cs.MemberOf(me)
			out.Me = &MemberStatus{Key: me, Member: ok && r.Active, Epoch: r.Epoch, Since: r.Since}
		}
	})
	return out, nil
}

// Log lists entries in the order they were stored, latest first.
func (a *App) Log(q store.LogQuery) ([]store.LogRow, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	return st.Log(q)
}

// Members lists the directory.
func (a *App) Members() ([]core.Member, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	var m []core.Member
	st.View(func(s *core.State) { m = s.Members() })
	return m, nil
}

// Rebuild recomputes the derived state from the entries; with check it only
// compares the hashes.
func (a *App) Rebuild(check bool, progress func(done, total int)) (store.RebuildReport, error) {
	st, err := a.node()
	if err != nil {
		return store.RebuildReport{}, err
	}
	return st.Rebuild(!check, progress)
}

func idsOf(raws [][]byte) []ids.Hash {
	out := make([]ids.Hash, 0, len(raws))
	for _, r := range raws {
		if e, err := entry.Decode(r); err == nil {
			out = append(out, e.ID)
		}
	}
	return out
}

// Repair rebuilds the current node's derived state from its entries, even
// when the stored state is damaged and the node cannot be opened.
func (a *App) Repair() (store.RebuildReport, error) {
	id, ok, err := a.dir.current()
	if err != nil {
		return store.RebuildReport{}, err
	}
	if !ok {
		return store.RebuildReport{}, ErrNoNode
	}
	a.mu.Lock()
	old := a.st
	a.st = nil
	a.mu.Unlock()
	if old != nil {
		old.Close()
	}
	rep, err := store.Repair(a.dir.nodeDB(id), a.d.Registry)
	if err != nil {
		return rep, err
	}
	return rep, a.open(id)
}

// Entry returns a stored entry by id.
func (a *App) Entry(id ids.Hash) (*entry.Signed, error) {
	st, err := a.node()
	if err != nil {
		return nil, err
	}
	return st.Entry(id)
}
