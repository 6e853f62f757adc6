package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"dac/core/entry"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dac/app"
	"dac/assets"
	"dac/core"
	"dac/core/charter"
	"dac/core/identity"
	"dac/core/ids"
	"dac/core/store"
)

// fastKDF keeps identity tests quick; the format and the crypto are the real ones.
var fastKDF = identity.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

const pass = "correct horse battery"

// testClock is a fixed time that tests advance by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// recorder is an in-memory Publisher (an outside port): it keeps every batch,
// or fails while fail is set.
type recorder struct {
	mu      sync.Mutex
	batches [][][]byte
	fail    bool
}

var errOffline = errors.New("offline")

func (r *recorder) Publish(_ context.Context, raws [][]byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return errOffline
	}
	b := make([][]byte, len(raws))
	for i, raw := range raws {
		b[i] = append([]byte(nil), raw...)
	}
	r.batches = append(r.batches, b)
	return nil
}

// all returns every published raw, in order.
func (r *recorder) all() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out [][]byte
	for _, b := range r.batches {
		out = append(out, b...)
	}
	return out
}

// take returns and forgets every published raw.
func (r *recorder) take() [][]byte {
	out := r.all()
	r.mu.Lock()
	r.batches = nil
	r.mu.Unlock()
	return out
}

type opts struct {
	clock *testClock
	pub   app.Publisher
}

// open makes and starts an app on dir; it is closed at the end of the test.
func open(t *testing.T, dir string, o opts) *app.App {
	t.Helper()
	d := app.Deps{DataDir: dir, KDF: fastKDF}
	if o.clock != nil {
		d.Clock = o.clock.Now
	}
	if o.pub != nil {
		d.Publish = o.pub
	}
	a, err := app.New(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		a.Close()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func mustIdentity(t *testing.T, a *app.App) app.NewIdentity {
	t.Helper()
	id, err := a.CreateIdentity([]byte(pass))
	if err != nil {
		t.Fatalf("CreateIdentity: %v", err)
	}
	return id
}

func sampleCharter(t *testing.T) charter.Charter {
	t.Helper()
	c, err := charter.ParseJSON(assets.SampleCharter)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// founded is an app on a fresh directory with an identity and a node founded
// from the sample charter.
func founded(t *testing.T, o opts) (*app.App, app.NewIdentity, ids.Hash, string) {
	t.Helper()
	dir := t.TempDir()
	a := open(t, dir, o)
	id := mustIdentity(t, a)
	node, err := a.CreateNode(sampleCharter(t))
	if err != nil {
		t.Fatalf("CreateNode: %v", err)
	}
	return a, id, node, dir
}

func newPub(t *testing.T) ids.PubKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return ids.PubKey(pub)
}

// wantPlain checks that err is a plain message for people containing want.
func wantPlain(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", want)
	}
	var u *app.UserError
	if !errors.As(err, &u) {
		t.Errorf("%v (%T) is not an *app.UserError", err, err)
	}
	msg := app.Message(err)
	if !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
	for _, noise := range []string{"%!", "goroutine", "panic", "<nil>", "*errors."} {
		if strings.Contains(msg, noise) {
			t.Errorf("message %q contains %q", msg, noise)
		}
	}
}

func nodeDB(dir string, node ids.Hash) string {
	return filepath.Join(dir, "nodes", node.String(), "node.db")
}

// rawsOf reads every stored entry of a closed app's node database.
func rawsOf(t *testing.T, dir string, node ids.Hash) [][]byte {
	t.Helper()
	st, err := store.Open(nodeDB(dir, node), core.DefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	raws, _, err := st.Raw(0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return raws
}

// newApp makes an app that is not started yet (the caller closes it).
func newApp(dir string, clk *testClock, pub app.Publisher) (*app.App, error) {
	d := app.Deps{DataDir: dir, KDF: fastKDF, Publish: pub}
	if clk != nil {
		d.Clock = clk.Now
	}
	return app.New(d)
}

func logKind(kind string) store.LogQuery { return store.LogQuery{Kind: kind, Limit: 100} }

// rawsSoFar is every entry an open app's node holds, read through its log.
func rawsSoFar(t *testing.T, a *app.App) [][]byte {
	t.Helper()
	rows, err := a.Log(store.LogQuery{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := len(rows) - 1; i >= 0; i-- {
		e, err := a.Entry(rows[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.Raw)
	}
	return out
}

// forgedBundle is a bundle with a signed pay of a million units to payee by
// a fresh key that has no account in node.
func forgedBundle(t *testing.T, node ids.Hash, payee ids.PubKey) string {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	body, _ := entry.EncodeBody(core.Pay{To: payee, Amount: 1_000_000 * 1_000_000})
	e, err := entry.Sign(entry.Entry{Author: ids.PubKey(priv.Public().(ed25519.PublicKey)), Seq: 1,
		Time: time.Date(2026, 11, 1, 0, 0, 1, 0, time.UTC).UnixMilli(), Node: node, Kind: core.KindPay, Body: body}, priv)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := entry.Marshal(struct {
		_       struct{} `cbor:",toarray"`
		Node    ids.Hash
		Entries [][]byte
	}{Node: node, Entries: [][]byte{e.Raw}})
	return app.BundlePrefix + base64.RawURLEncoding.EncodeToString(b)
}

// pair is a founder's device and a second device whose identity the founder
// vouched for and admitted; the second has the record so far.
type pair struct {
	a, b       *app.App
	aID, bID   app.NewIdentity
	node       ids.Hash
	pubA, pubB *recorder
}

func newPair(t *testing.T, clk *testClock) pair {
	t.Helper()
	return newPairWith(t, clk, func(*charter.Charter, ids.PubKey) {})
}

// newPairWith is newPair with the sample charter edited first (edit sees
// the founder's key).
func newPairWith(t *testing.T, clk *testClock, edit func(ch *charter.Charter, founder ids.PubKey)) pair {
	t.Helper()
	p := pair{pubA: &recorder{}, pubB: &recorder{}}
	p.a = open(t, t.TempDir(), opts{clock: clk, pub: p.pubA})
	p.aID = mustIdentity(t, p.a)
	ch := sampleCharter(t)
	edit(&ch, p.aID.Public)
	var err error
	if p.node, err = p.a.CreateNode(ch); err != nil {
		t.Fatalf("CreateNode: %v", err)
	}
	p.b = open(t, t.TempDir(), opts{clock: clk, pub: p.pubB})
	p.bID = mustIdentity(t, p.b)
	if err := p.b.JoinNode(p.node); err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Vouch(p.bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Admit(p.bID.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Ingest(p.pubA.take()); err != nil {
		t.Fatal(err)
	}
	return p
}
