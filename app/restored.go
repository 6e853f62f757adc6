package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"dac/core/ids"
)

// A key restored from its recovery phrase may have a history this device has
// not seen: the old phone may have written entries 1…50 that never reached
// here. Signing now would give the new entry a sequence number already
// used, a fork, and a fork opens a sanction against the member. So after a
// restore this device signs nothing until it has synced with a peer (a hub or
// a neighbour hands over everything it holds of this key), or the member says
// the key was never used anywhere else. A demo node built on this device is
// exempt: its whole history was generated here.
//
// The marker is the file `restored` in the data directory; `nodes/<id>/local`
// marks a node generated on this device.

func (d dataDir) restored() string { return filepath.Join(string(d), "restored") }

func (d dataDir) localNode(id ids.Hash) string {
	return filepath.Join(string(d), "nodes", id.String(), "local")
}

// ErrNotCaughtUp is returned instead of signing while a restored key has not
// yet been synced.
var ErrNotCaughtUp = &UserError{Msg: "this key was restored on this device and your earlier entries may not be here yet: " +
	"sync with a hub or a neighbour first (dac sync --peer CODE, or Node → Sync). " +
	"If this key was never used on another device, confirm it with 'dac confirm-restore'"}

// AwaitingCatchUp reports whether a restored key waits for its first sync
// before it may sign on the current node (never on a node generated here).
func (a *App) AwaitingCatchUp() bool {
	if !a.restoredMarker() {
		return false
	}
	st, err := a.node()
	return err != nil || !a.localNode(st.Node())
}

func (a *App) restoredMarker() bool {
	_, err := os.Stat(a.dir.restored())
	return err == nil
}

func (a *App) localNode(id ids.Hash) bool {
	_, err := os.Stat(a.dir.localNode(id))
	return err == nil
}

// ConfirmCaughtUp ends the wait: the member says every earlier entry of
// the key is on this device (or there never was one), or a sync just
// brought them.
func (a *App) ConfirmCaughtUp() error {
	err := os.Remove(a.dir.restored())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Userf(err, "cannot update %s", a.dir.restored())
	}
	return nil
}

func (a *App) markRestored() error {
	return writeFileAtomic(a.dir.restored(), []byte("restored from a recovery phrase; waiting for the first sync\n"), 0o600)
}

func (a *App) markLocalNode(id ids.Hash) error {
	return writeFileAtomic(a.dir.localNode(id), []byte("generated on this device\n"), 0o600)
}

// mayPost refuses to sign on node while a restored key waits for a sync.
func (a *App) mayPost(node ids.Hash) error {
	if a.restoredMarker() && !a.localNode(node) {
		return ErrNotCaughtUp
	}
	return nil
}

// DataDir is where this device keeps its keys and nodes.
func (a *App) DataDir() string { return string(a.dir) }
