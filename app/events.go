package app

import (
	"dac/core/ids"
)

// Event is something that happened, for the GUI and the hub to react to.
type Event interface{ event() }

// EntryAdded: this device signed and stored a new entry.
type EntryAdded struct {
	ID     ids.Hash
	Author ids.PubKey
	Kind   string
}

// Ingested: a batch from a peer or a bundle was processed.
type Ingested struct {
	Added, Invalid, Pending, Duplicate, Rejected int
	Forks                                        int // forks this batch revealed (reported if unlocked)
}

func (EntryAdded) event() {}
func (Ingested) event()   {}

// Subscribe returns a channel of events and a function to stop. A slow
// reader misses events rather than blocking the app (buffer of 256).
func (a *App) Subscribe() (<-chan Event, func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ch := make(chan Event, 256)
	id := a.nsubs
	a.nsubs++
	a.subs[id] = ch
	return ch, func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if c, ok := a.subs[id]; ok {
			close(c)
			delete(a.subs, id)
		}
	}
}

func (a *App) emit(e Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ch := range a.subs {
		select {
		case ch <- e:
		default:
		}
	}
}
