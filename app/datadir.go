package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dac/core/ids"
)

// dataDir is the layout of the data directory:
//
//	identity.json           the sealed keystore (core/identity format), 0600
//	current                 hex id of the node opened at start
//	network.key             this device's libp2p key (not the member key), 0600
//	nodes/<node id>/node.db one SQLite store per node (core/store)
//	nodes/<node id>/sync.db its replica: go-ds-crdt state and DAG blocks (sync/sqlds)
type dataDir string

func (d dataDir) networkKey() string { return filepath.Join(string(d), "network.key") }

func (d dataDir) identity() string { return filepath.Join(string(d), "identity.json") }
func (d dataDir) nodeDB(id ids.Hash) string {
	return filepath.Join(string(d), "nodes", id.String(), "node.db")
}

func (d dataDir) current() (ids.Hash, bool, error) {
	b, err := os.ReadFile(filepath.Join(string(d), "current"))
	if errors.Is(err, fs.ErrNotExist) {
		return ids.Hash{}, false, nil
	}
	if err != nil {
		return ids.Hash{}, false, err
	}
	id, err := ids.ParseHash(strings.TrimSpace(string(b)))
	if err != nil {
		return ids.Hash{}, false, fmt.Errorf("%s: %w", filepath.Join(string(d), "current"), err)
	}
	return id, true, nil
}

func (d dataDir) setCurrent(id ids.Hash) error {
	return writeFileAtomic(filepath.Join(string(d), "current"), []byte(id.String()+"\n"), 0o600)
}

// nodes lists the node ids that have a database here.
func (d dataDir) nodes() ([]ids.Hash, error) {
	ents, err := os.ReadDir(filepath.Join(string(d), "nodes"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var out []ids.Hash
	for _, e := range ents {
		if id, err := ids.ParseHash(e.Name()); err == nil {
			out = append(out, id)
		}
	}
	return out, err
}

// writeFileAtomic writes via a temporary file, fsync and rename, so a crash
// leaves either the old file or the new one, never a torn one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	return writeVia(path, data, perm, os.Rename)
}

// writeFileNew is writeFileAtomic for a file that must not exist yet: the
// final step is a hard link, which fails rather than replace anything (two
// `dac init` at once cannot overwrite a key whose phrase was shown).
func writeFileNew(path string, data []byte, perm os.FileMode) error {
	return writeVia(path, data, perm, os.Link)
}

func writeVia(path string, data []byte, perm os.FileMode, place func(tmp, path string) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) //nolint:errcheck // gone after the rename
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return place(f.Name(), path)
}
