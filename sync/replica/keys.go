package replica

import (
	"strconv"

	ds "github.com/ipfs/go-datastore"

	"dac/core/entry"
)

// Key layout inside a replica's go-ds-crdt namespace. go-ds-crdt resolves
// a key written twice by DAG height, not by time, so no key is ever written
// twice: every entry lives under its own key, derived from the entry alone,
//
//	/e/<author, 64 hex>/<seq, decimal>/<entry id, 64 hex>
//
// e.g. /e/3b6a…f1/17/9c0d…42. Two replicas that hold the same entry hold it
// under the same key; a forked chain (two entries with one author and seq)
// keeps both under two keys, and core turns them into a fork proof. Nothing
// is ever deleted (a delta with tombstones is refused).
const entryPrefix = "/e/"

// EntryKey is the key an entry is stored under.
func EntryKey(s *entry.Signed) ds.Key {
	return ds.RawKey(entryPrefix + s.Author.String() + "/" + strconv.FormatUint(s.Seq, 10) + "/" + s.ID.String())
}
