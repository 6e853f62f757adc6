package app_test

import (
	"slices"
	"testing"
	"time"

	"dac/core/entry"
)

// TestTwoDevicesConverge: device B joins A's node, takes A's entries and
// reaches the same state; once admitted, B's own entries reach A the same way.
func TestTwoDevicesConverge(t *testing.T) {
	clk := newClock()
	dirA := t.TempDir()
	a := open(t, dirA, opts{clock: clk})
	mustIdentity(t, a)
	node, err := a.CreateNode(sampleCharter(t))
	if err != nil {
		t.Fatal(err)
	}
	x := newPub(t)
	for _, step := range []func() (*entry.Signed, error){
		func() (*entry.Signed, error) { return a.Vouch(x) },
		func() (*entry.Signed, error) { return a.Admit(x) },
		func() (*entry.Signed, error) { return a.Vouch(newPub(t)) },
	} {
		clk.Advance(time.Minute)
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	wantA, err := a.Status()
	if err != nil {
		t.Fatal(err)
	}
	membersA, _ := a.Members()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	raws := rawsOf(t, dirA, node)
	if len(raws) != 4 {
		t.Fatalf("A's database holds %d entries, want 4", len(raws))
	}

	// Device B: its own directory and identity.
	clk.Advance(time.Minute)
	b := open(t, t.TempDir(), opts{clock: clk})
	bID := mustIdentity(t, b)
	if err := b.JoinNode(node); err != nil {
		t.Fatalf("JoinNode: %v", err)
	}
	s, err := b.Status()
	if err != nil {
		t.Fatalf("Status of a joined, empty node: %v", err)
	}
	if s.Node != node || s.Entries != 0 {
		t.Fatalf("Status of a joined node = %+v", s)
	}
	// Out of order: the genesis comes last; the rest waits for it.
	rev := slices.Clone(raws)
	slices.Reverse(rev)
	res, err := b.Ingest(rev[:3])
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Pending != 3 {
		t.Errorf("Ingest without the genesis = %+v, want 3 pending", res)
	}
	if s, _ := b.Status(); s.Pending != 3 || s.Entries != 0 {
		t.Errorf("Status with 3 entries waiting = %+v", s)
	}
	res, err = b.Ingest(rev[3:])
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 4 || res.Pending != 0 || res.Rejected != 0 || res.Invalid != 0 {
		t.Errorf("Ingest of the genesis = %+v, want all 4 added, none pending", res)
	}
	if s, _ := b.Status(); s.Pending != 0 {
		t.Errorf("%d entries still pending after the genesis arrived", s.Pending)
	}
	gotB, err := b.Status()
	if err != nil {
		t.Fatal(err)
	}
	if gotB.StateHash != wantA.StateHash || gotB.Entries != wantA.Entries || gotB.Members != wantA.Members || gotB.Name != wantA.Name {
		t.Fatalf("B %+v, A %+v: not converged", gotB, wantA)
	}
	if membersB, _ := b.Members(); !slices.Equal(membersB, membersA) {
		t.Errorf("members differ:\nA %+v\nB %+v", membersA, membersB)
	}
	if gotB.Me == nil || gotB.Me.Key != bID.Public || gotB.Me.Member {
		t.Errorf("B.Me = %+v, want B, not a member", gotB.Me)
	}
	// Ingesting the same again changes nothing.
	res, err = b.Ingest(raws)
	if err != nil || res.Duplicate != 4 || res.Added != 0 {
		t.Errorf("Ingest again = %+v, %v; want 4 duplicates", res, err)
	}

	// B is not a member: its vouch is refused, plainly, and leaves no trace.
	_, err = b.Vouch(newPub(t))
	wantPlain(t, err, "not a member")
	if s, _ := b.Status(); s.StateHash != wantA.StateHash || s.Entries != 4 {
		t.Errorf("a refused vouch changed B: %+v", s)
	}

	// A comes back with a publisher: the entries it made without one go out
	// at Start. Its vouch for B then reaches B the same way.
	pubA := &recorder{}
	a = open(t, dirA, opts{clock: clk, pub: pubA})
	if got := pubA.take(); !slices.EqualFunc(got, raws, slices.Equal) {
		t.Errorf("A published %d entries at Start, want its 4 waiting ones", len(got))
	}
	if err := a.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if _, err := a.Vouch(bID.Public); err != nil {
		t.Fatal(err)
	}
	// The second admission needs two vouches; x cannot sign on this device.
	_, err = a.Admit(bID.Public)
	wantPlain(t, err, "needs 2 vouches")
	if res, err := b.Ingest(pubA.take()); err != nil || res.Added != 1 {
		t.Fatalf("B.Ingest(A's vouch) = %+v, %v", res, err)
	}
	sa, _ := a.Status()
	sb, _ := b.Status()
	if sa.StateHash != sb.StateHash || sa.Entries != 5 || sb.Entries != 5 {
		t.Errorf("after A's vouch: A %+v, B %+v", sa, sb)
	}
}

// TestAdmittedDeviceWrites: B is admitted on A's node; its own entries,
// published, bring A to the same state, and the other way round.
func TestAdmittedDeviceWrites(t *testing.T) {
	clk := newClock()
	pubA, pubB := &recorder{}, &recorder{}
	a, _, node, _ := founded(t, opts{clock: clk, pub: pubA})
	b := open(t, t.TempDir(), opts{clock: clk, pub: pubB})
	bID := mustIdentity(t, b)
	if err := b.JoinNode(node); err != nil {
		t.Fatal(err)
	}

	clk.Advance(time.Minute)
	if _, err := a.Vouch(bID.Public); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if _, err := a.Admit(bID.Public); err != nil {
		t.Fatal(err)
	}
	fromA := pubA.take()
	if len(fromA) != 3 {
		t.Fatalf("A published %d entries (genesis, vouch, admit), want 3", len(fromA))
	}
	if res, err := b.Ingest(fromA); err != nil || res.Added != 3 {
		t.Fatalf("B.Ingest = %+v, %v", res, err)
	}
	sb, _ := b.Status()
	if sb.Me == nil || !sb.Me.Member || sb.Members != 2 {
		t.Fatalf("B after its admission: %+v (me %+v)", sb, sb.Me)
	}

	// B, now a member, vouches; A takes it.
	y := newPub(t)
	clk.Advance(time.Minute)
	e, err := b.Vouch(y)
	if err != nil {
		t.Fatalf("B.Vouch as a member: %v", err)
	}
	if e.Author != bID.Public || e.Seq != 1 {
		t.Errorf("B's vouch: author %s seq %d", e.Author.Short(), e.Seq)
	}
	fromB := pubB.take()
	if len(fromB) != 1 {
		t.Fatalf("B published %d entries, want its 1 vouch", len(fromB))
	}
	if res, err := a.Ingest(fromB); err != nil || res.Added != 1 {
		t.Fatalf("A.Ingest = %+v, %v", res, err)
	}
	// With B's vouch and its own, A can admit the second applicant.
	clk.Advance(time.Minute)
	if _, err := a.Vouch(y); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if _, err := a.Admit(y); err != nil {
		t.Fatalf("Admit with two vouches: %v", err)
	}
	if res, err := b.Ingest(pubA.take()); err != nil || res.Added != 2 {
		t.Fatalf("B.Ingest = %+v, %v", res, err)
	}
	sa, _ := a.Status()
	sb, _ = b.Status()
	if sa.StateHash != sb.StateHash || sa.Entries != 6 || sb.Entries != 6 || sa.Members != 3 {
		t.Fatalf("not converged: A %+v, B %+v", sa, sb)
	}
	ra, _ := a.Rebuild(true, nil)
	rb, _ := b.Rebuild(true, nil)
	if !ra.Match() || !rb.Match() || ra.Rebuilt != rb.Rebuilt {
		t.Errorf("rebuild: A %+v, B %+v", ra, rb)
	}
}

func TestIngestRefusesOtherNodes(t *testing.T) {
	pubA := &recorder{}
	clk := newClock()
	_, _, _, _ = founded(t, opts{clock: clk, pub: pubA})
	clk.Advance(time.Second)
	b, _, nodeB, _ := founded(t, opts{clock: clk})
	before, _ := b.Status()
	res, err := b.Ingest(pubA.take())
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Rejected != 1 {
		t.Errorf("Ingest of another node's genesis = %+v, want 1 rejected", res)
	}
	after, _ := b.Status()
	if after.Node != nodeB || after.StateHash != before.StateHash || after.Entries != before.Entries {
		t.Errorf("another node's entry changed B: %+v -> %+v", before, after)
	}
	// Without a node, Ingest says so plainly.
	c := open(t, t.TempDir(), opts{})
	_, err = c.Ingest(nil)
	wantPlain(t, err, "no node")
}
