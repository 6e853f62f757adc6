package app_test

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"dac/app"
	"dac/core"
	"dac/core/ids"
	"dac/core/store"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

func TestNodeLife(t *testing.T) {
	clk := newClock()
	a, me, node, _ := founded(t, opts{clock: clk})

	s, err := a.Status()
	if err != nil {
		t.Fatal(err)
	}
	if s.Node != node || s.Name != "Demo Commons" || s.Members != 1 || s.Entries != 1 || s.Invalid != 0 || s.Pending != 0 {
		t.Fatalf("Status after CreateNode = %+v", s)
	}
	if s.StateHash.IsZero() {
		t.Error("zero state hash")
	}
	if s.Me == nil || s.Me.Key != me.Public || !s.Me.Member {
		t.Fatalf("Status.Me = %+v, want the founder as a member", s.Me)
	}
	if ns, err := a.Nodes(); err != nil || !slices.Equal(ns, []ids.Hash{node}) {
		t.Fatalf("Nodes = %v, %v; want [%s]", ns, err, node)
	}

	// The first applicant: one vouch suffices.
	x := newPub(t)
	clk.Advance(time.Minute)
	if _, err := a.Vouch(x); err != nil {
		t.Fatalf("Vouch(x): %v", err)
	}
	clk.Advance(time.Minute)
	if _, err := a.Admit(x); err != nil {
		t.Fatalf("Admit(x): %v", err)
	}
	if m := member(t, a, x); m == nil || !m.Active || m.Epoch != 0 || m.Since != clk.Now().UnixMilli() {
		t.Fatalf("x in Members = %+v, want active since now", m)
	}

	// The second: the founder's vouch alone no longer suffices.
	y := newPub(t)
	clk.Advance(time.Minute)
	if _, err := a.Vouch(y); err != nil {
		t.Fatalf("Vouch(y): %v", err)
	}
	before, _ := a.Status()
	clk.Advance(time.Minute)
	_, err = a.Admit(y)
	wantPlain(t, err, "needs 2 vouches")
	if after, _ := a.Status(); after.Entries != before.Entries || after.StateHash != before.StateHash {
		t.Errorf("a refused admission changed the node: %+v -> %+v", before, after)
	}
	if m := member(t, a, y); m != nil {
		t.Errorf("y became %+v on a refused admission", m)
	}
	// Vouching for oneself is refused plainly too.
	_, err = a.Vouch(me.Public)
	wantPlain(t, err, "vouch for themselves")

	s, _ = a.Status()
	if s.Members != 2 || s.Entries != 4 {
		t.Fatalf("Status = %+v, want 2 members and 4 entries", s)
	}

	// Leave.
	clk.Advance(time.Minute)
	if _, err := a.Leave("moving away"); err != nil {
		t.Fatalf("Leave: %v", err)
	}
	s, _ = a.Status()
	if s.Me == nil || s.Me.Member || s.Members != 1 || s.Entries != 5 {
		t.Fatalf("Status after Leave = %+v (me %+v)", s, s.Me)
	}
	if m := member(t, a, me.Public); m == nil || m.Active {
		t.Errorf("founder after Leave = %+v, want inactive", m)
	}
	// A former member can no longer vouch.
	_, err = a.Vouch(newPub(t))
	wantPlain(t, err, "not a member")

	// The log, newest first.
	rows, err := a.Log(store.LogQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for i, r := range rows {
		kinds = append(kinds, r.Kind)
		if r.Author != me.Public || r.Invalid != "" {
			t.Errorf("log row %d = %+v", i, r)
		}
		if i > 0 && (r.Ord >= rows[i-1].Ord || r.Time > rows[i-1].Time) {
			t.Errorf("log row %d (ord %d) is not older than row %d (ord %d)", i, r.Ord, i-1, rows[i-1].Ord)
		}
	}
	if want := []string{"leave", "vouch", "admit", "vouch", "genesis"}; !slices.Equal(kinds, want) {
		t.Fatalf("log kinds %v, want %v", kinds, want)
	}
	if rows[4].ID != node {
		t.Errorf("oldest log entry %s is not the genesis %s", rows[4].ID, node)
	}
	vouches, err := a.Log(store.LogQuery{Kind: core.KindVouch})
	if err != nil || len(vouches) != 2 {
		t.Errorf("Log(kind vouch) = %d rows, %v; want 2", len(vouches), err)
	}
	page, err := a.Log(store.LogQuery{Limit: 2, Before: rows[1].Ord})
	if err != nil || len(page) != 2 || page[0].ID != rows[2].ID || page[1].ID != rows[3].ID {
		t.Errorf("Log(before %d, limit 2) = %+v, %v", rows[1].Ord, page, err)
	}

	// Rebuilding from the entries gives the same state.
	rep, err := a.Rebuild(true, nil)
	if err != nil || !rep.Match() || rep.Entries != 5 {
		t.Errorf("Rebuild(check) = %+v, %v", rep, err)
	}
}

func member(t *testing.T, a *app.App, k ids.PubKey) *core.Member {
	t.Helper()
	ms, err := a.Members()
	if err != nil {
		t.Fatal(err)
	}
	for i := range ms {
		if ms[i].Key == k {
			return &ms[i]
		}
	}
	return nil
}

// TestNodeSurvivesRestart: the node opened at start is the current one, with
// the same state.
func TestNodeSurvivesRestart(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	a := open(t, dir, opts{clock: clk})
	me := mustIdentity(t, a)
	node, err := a.CreateNode(sampleCharter(t))
	if err != nil {
		t.Fatal(err)
	}
	x := newPub(t)
	if _, err := a.Vouch(x); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(x); err != nil {
		t.Fatal(err)
	}
	want, _ := a.Status()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b := open(t, dir, opts{clock: clk})
	got, err := b.Status()
	if err != nil {
		t.Fatal(err)
	}
	if got.Node != node || got.StateHash != want.StateHash || got.Entries != 3 || got.Members != 2 {
		t.Fatalf("after restart %+v, want %+v", got, want)
	}
	if got.Me == nil || got.Me.Key != me.Public || !got.Me.Member {
		t.Errorf("Me after restart = %+v", got.Me)
	}
	// Unlocked again, it continues its own chain.
	if err := b.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	e, err := b.Vouch(newPub(t))
	if err != nil {
		t.Fatalf("Vouch after restart: %v", err)
	}
	if e.Seq != 4 {
		t.Errorf("vouch after restart has seq %d, want 4", e.Seq)
	}
}

func TestUseAndJoinNode(t *testing.T) {
	clk := newClock()
	a, _, first, _ := founded(t, opts{clock: clk})
	clk.Advance(time.Second) // another genesis time, another node
	second, err := a.CreateNode(sampleCharter(t))
	if err != nil {
		t.Fatal(err)
	}
	if second == first {
		t.Fatal("the second node has the first one's id")
	}
	if s, _ := a.Status(); s.Node != second {
		t.Fatalf("current node %s, want the new %s", s.Node, second)
	}
	if err := a.UseNode(first); err != nil {
		t.Fatal(err)
	}
	if s, _ := a.Status(); s.Node != first {
		t.Fatalf("current node %s after UseNode, want %s", s.Node, first)
	}
	ns, _ := a.Nodes()
	if len(ns) != 2 {
		t.Errorf("Nodes = %v, want 2", ns)
	}
	var unknown ids.Hash
	unknown[0] = 1
	err = a.UseNode(unknown)
	wantPlain(t, err, "there is no node")
	if s, _ := a.Status(); s.Node != first {
		t.Errorf("a failed UseNode moved the current node to %s", s.Node)
	}
	err = a.JoinNode(ids.Hash{})
	wantPlain(t, err, "64 hex digits")
	var e *app.UserError
	if !errors.As(err, &e) {
		t.Fatal("not a UserError")
	}
}

// TestDamagedStateAtStart: derived state edited behind the app's back is
// caught when the node opens, with a plain message that names the repair.
func TestDamagedStateAtStart(t *testing.T) {
	clk := newClock()
	a, _, node, dir := founded(t, opts{clock: clk})
	x := newPub(t)
	if _, err := a.Vouch(x); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Admit(x); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", nodeDB(dir, node))
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`DELETE FROM state_rows WHERE tbl = 'vouch'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("deleted %d vouch rows, want 1", n)
	}
	db.Close()

	b, err := newApp(dir, clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Start(t.Context())
	wantPlain(t, err, "dac rebuild")
	if !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Start: %v does not wrap store.ErrDamaged", err)
	}
	if strings.Contains(app.Message(err), dir) {
		t.Errorf("the message %q shows the file path", app.Message(err))
	}
	// Switching to the node explicitly meets the same check.
	wantPlain(t, b.UseNode(node), "dac rebuild")
}
