// Package app is DAC's headless use-case layer: the one API that the GUI, the
// kiosk, the hub and the CLI all drive. It owns the data directory (the
// keystore, one SQLite store per node), turns commands into signed entries
// through core/store, answers queries and emits typed events. It never
// imports Fyne.
package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"dac/core"
	"dac/core/identity"
	"dac/core/store"
)

// Deps are what the app needs from the outside; zero fields get defaults.
type Deps struct {
	DataDir  string             // required: where keys and nodes live
	Clock    func() time.Time   // default time.Now
	Rand     io.Reader          // default crypto/rand.Reader
	KDF      identity.KDFParams // default identity.DefaultKDF()
	Registry *core.Registry     // default core.DefaultRegistry()
	Publish  Publisher          // where own entries go once durable; nil: they wait in the outbox
}

// Publisher hands this device's durable entries to the network. The sync
// layer implements it; the app declares it so that app never imports sync.
type Publisher interface {
	Publish(ctx context.Context, raws [][]byte) error
}

// App is one running DAC on one device.
type App struct {
	d   Deps
	dir dataDir

	mu      sync.Mutex
	flushMu sync.Mutex   // one outbox hand-over at a time
	hubMu   sync.Mutex   // one hub-seen update at a time
	st      *store.Store // the current node, nil if none
	key     ed25519.PrivateKey
	subs    map[int]chan Event
	nsubs   int
	online  *Online // nil while offline
}

// New checks deps and prepares the data directory. It opens nothing yet.
func New(d Deps) (*App, error) {
	if d.DataDir == "" {
		return nil, errors.New("app: no data directory")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Rand == nil {
		d.Rand = rand.Reader
	}
	if d.KDF == (identity.KDFParams{}) {
		d.KDF = identity.DefaultKDF()
	}
	if err := d.KDF.Validate(); err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	if d.Registry == nil {
		d.Registry = core.DefaultRegistry()
	}
	if err := os.MkdirAll(d.DataDir, 0o700); err != nil {
		return nil, Userf(err, "cannot use the data directory %s", d.DataDir)
	}
	return &App{d: d, dir: dataDir(d.DataDir), subs: map[int]chan Event{}}, nil
}

// Start opens the current node, if any, and offers waiting own entries to
// the publisher. Being offline is normal: if the hand-over fails the entries
// stay in the outbox for the next try, and Start still succeeds.
func (a *App) Start(ctx context.Context) error {
	id, ok, err := a.dir.current()
	if err != nil || !ok {
		return err
	}
	if err := a.open(id); err != nil {
		return err
	}
	_ = a.flushOutbox(ctx)
	return nil
}

// Close locks the identity and closes the store.
func (a *App) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lockLocked()
	for id, ch := range a.subs {
		close(ch)
		delete(a.subs, id)
	}
	if a.st == nil {
		return nil
	}
	err := a.st.Close()
	a.st = nil
	return err
}

func (a *App) now() int64 { return a.d.Clock().UnixMilli() }

// Now is the app's clock (a fixed one in tests).
func (a *App) Now() time.Time { return a.d.Clock() }

// node returns the open store or a plain error.
func (a *App) node() (*store.Store, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st == nil {
		return nil, ErrNoNode
	}
	return a.st, nil
}

func (a *App) flushOutbox(ctx context.Context) error {
	a.flushMu.Lock()
	defer a.flushMu.Unlock()
	st, err := a.node()
	pub := a.publisher()
	if err != nil || pub == nil {
		return nil
	}
	raws, err := st.Outbox()
	if err != nil || len(raws) == 0 {
		return err
	}
	if err := pub.Publish(ctx, raws); err != nil {
		return err // they stay in the outbox for the next try
	}
	return st.MarkSent(idsOf(raws)...)
}

// publisher is where own entries go: the network when online, else
// Deps.Publish (nil: they wait in the outbox).
func (a *App) publisher() Publisher {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.online != nil {
		return a.online
	}
	return a.d.Publish
}

func (a *App) setOnline(o *Online) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.online = o
}
