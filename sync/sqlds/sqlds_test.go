package sqlds_test

import (
	"context"
	"path/filepath"
	"testing"

	ds "github.com/ipfs/go-datastore"
	"github.com/ipfs/go-datastore/query"
	dstest "github.com/ipfs/go-datastore/test"

	"dac/sync/sqlds"
)

func open(t *testing.T) *sqlds.Datastore {
	t.Helper()
	d, err := sqlds.Open(filepath.Join(t.TempDir(), "ds.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// go-datastore's own conformance suite.
func TestGoDatastoreSuite(t *testing.T) { dstest.SubtestAll(t, open(t)) }

// The keys that break go-ds-sql: quotes, and other SQL-significant text.
func TestAwkwardKeys(t *testing.T) {
	d, ctx := open(t), context.Background()
	keys := []string{`/it's`, `/say "hi"`, `/a;DROP TABLE kv;--`, `/percent%_`, `/uni/çà€`, `/back\slash`}
	for i, k := range keys {
		if err := d.Put(ctx, ds.NewKey(k), []byte{byte(i)}); err != nil {
			t.Fatalf("Put %q: %v", k, err)
		}
	}
	for i, k := range keys {
		v, err := d.Get(ctx, ds.NewKey(k))
		if err != nil || len(v) != 1 || v[0] != byte(i) {
			t.Fatalf("Get %q = %v, %v", k, v, err)
		}
	}
	res, err := d.Query(ctx, query.Query{})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := res.Rest()
	if len(all) != len(keys) {
		t.Fatalf("query found %d keys, want %d", len(all), len(keys))
	}
}

func TestPrefixSelectsChildrenOnly(t *testing.T) {
	d, ctx := open(t), context.Background()
	for _, k := range []string{"/a", "/a/b", "/a/c/d", "/ab", "/a0", "/b"} {
		if err := d.Put(ctx, ds.NewKey(k), []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := d.Query(ctx, query.Query{Prefix: "/a", KeysOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := res.Rest()
	if len(got) != 2 || got[0].Key != "/a/b" || got[1].Key != "/a/c/d" {
		t.Fatalf("prefix /a gave %v", got)
	}
}

// A batch is one transaction: until Commit nothing of it is visible, and a
// batch that is never committed (a crash) leaves nothing behind.
func TestBatchIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ds.db")
	d, err := sqlds.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, _ := d.Batch(ctx)
	for i := range 100 {
		_ = b.Put(ctx, ds.NewKey("/k").ChildString(string(rune('a'+i%26))+string(rune('0'+i/26))), []byte{1})
	}
	if n := count(t, d); n != 0 {
		t.Fatalf("%d keys visible before Commit", n)
	}
	abandoned, _ := d.Batch(ctx)
	_ = abandoned.Put(ctx, ds.NewKey("/lost"), []byte{1})
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	d.Close()
	again, err := sqlds.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := count(t, again); n != 100 {
		t.Fatalf("%d keys after reopening, want the committed batch's 100", n)
	}
	if ok, _ := again.Has(ctx, ds.NewKey("/lost")); ok {
		t.Fatal("an uncommitted batch left a key")
	}
}

func count(t *testing.T, d *sqlds.Datastore) int {
	t.Helper()
	res, err := d.Query(context.Background(), query.Query{KeysOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	all, err := res.Rest()
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}
