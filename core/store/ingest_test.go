package store_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

func TestIngestOneBatchReachesTheWorldState(t *testing.T) {
	w := world(t, 40, 10, 1)
	s := newStore(t, w)
	res := ingest(t, s, w.Entries, receiverNow(w))
	if len(res.Added) != len(w.Entries) || res.Invalid != 0 || res.Pending != 0 || res.Duplicate != 0 {
		t.Errorf("Result: %d added, %d invalid, %d pending, %d duplicate; want %d added only",
			len(res.Added), res.Invalid, res.Pending, res.Duplicate, len(w.Entries))
	}
	st := stats(t, s)
	if st.StateHash != w.State.Hash() {
		t.Errorf("state hash %s, want %s", st.StateHash.Short(), w.State.Hash().Short())
	}
	if st.Entries != len(w.Entries) || st.Invalid != 0 || st.Pending != 0 {
		t.Errorf("stats %+v, want %d entries, none invalid or pending", st, len(w.Entries))
	}
	if st.Members != w.State.ActiveMembers() || st.Members < 20 {
		t.Errorf("%d members, want %d", st.Members, w.State.ActiveMembers())
	}
	var got, want map[string]int
	s.View(func(st *core.State) { got = st.Counts() })
	want = w.State.Counts()
	for tbl, n := range want {
		if got[tbl] != n {
			t.Errorf("table %s: %d rows, want %d", tbl, got[tbl], n)
		}
	}
	t.Logf("%d entries, %d members", st.Entries, st.Members)
}

// orders are ways to split a world's entries into batches. Some deliver
// entries before their dependencies, so the store must park them.
var orders = []struct {
	name  string
	parks bool // some entry stays parked after its batch
	split func(es []*entry.Signed, rng *rand.Rand) [][]*entry.Signed
}{
	{"one by one in dependency order", false, func(es []*entry.Signed, _ *rand.Rand) [][]*entry.Signed {
		return singles(es)
	}},
	{"random permutation in random batches", true, func(es []*entry.Signed, rng *rand.Rand) [][]*entry.Signed {
		return randomBatches(shuffled(es, rng), rng)
	}},
	{"one by one in reverse order", true, func(es []*entry.Signed, _ *rand.Rand) [][]*entry.Signed {
		r := slices.Clone(es)
		slices.Reverse(r)
		return singles(r)
	}},
	{"reverse order in one batch", false, func(es []*entry.Signed, _ *rand.Rand) [][]*entry.Signed {
		r := slices.Clone(es)
		slices.Reverse(r)
		return [][]*entry.Signed{r}
	}},
}

func singles(es []*entry.Signed) [][]*entry.Signed {
	out := make([][]*entry.Signed, len(es))
	for i, e := range es {
		out[i] = []*entry.Signed{e}
	}
	return out
}

func randomBatches(es []*entry.Signed, rng *rand.Rand) [][]*entry.Signed {
	var out [][]*entry.Signed
	for len(es) > 0 {
		n := min(len(es), 1+rng.IntN(40))
		out = append(out, es[:n])
		es = es[n:]
	}
	return out
}

// ingestBatches offers the batches in turn and checks the bookkeeping of
// every Result against Stats. It returns how many entries were parked at
// some point.
func ingestBatches(t *testing.T, s *store.Store, batches [][]*entry.Signed, now int64) (parked int) {
	t.Helper()
	added, pending := 0, 0
	for i, b := range batches {
		res := ingest(t, s, b, now)
		if res.Invalid != 0 || res.Duplicate != 0 {
			t.Fatalf("batch %d: %d invalid, %d duplicate", i, res.Invalid, res.Duplicate)
		}
		added += len(res.Added)
		pending = res.Pending // entries waiting after this batch
		parked += res.Pending
		st := stats(t, s)
		if st.Entries != added || st.Pending != pending {
			t.Fatalf("after batch %d: stats say %d entries, %d pending; results say %d, %d",
				i, st.Entries, st.Pending, added, pending)
		}
		if st.Entries+st.Pending != countUpTo(batches, i) {
			t.Fatalf("after batch %d: %d stored + %d pending, but %d offered", i, st.Entries, st.Pending, countUpTo(batches, i))
		}
	}
	return parked
}

func countUpTo(batches [][]*entry.Signed, i int) int {
	n := 0
	for _, b := range batches[:i+1] {
		n += len(b)
	}
	return n
}

func TestIngestAnyOrderGivesTheSameState(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		w := world(t, 40, 10, seed)
		want := w.State.Hash()
		now := receiverNow(w)
		for _, o := range orders {
			t.Run(fmt.Sprintf("seed %d/%s", seed, o.name), func(t *testing.T) {
				t.Parallel()
				rng := rand.New(rand.NewPCG(uint64(seed), 99))
				s := newStore(t, w)
				batches := o.split(w.Entries, rng)
				parked := ingestBatches(t, s, batches, now)
				st := stats(t, s)
				if st.StateHash != want {
					t.Errorf("state hash %s, want %s", st.StateHash.Short(), want.Short())
				}
				if st.Entries != len(w.Entries) || st.Pending != 0 || st.Invalid != 0 {
					t.Errorf("stats %+v, want %d entries, none pending or invalid", st, len(w.Entries))
				}
				if !o.parks && parked != 0 {
					t.Errorf("%d entries left parked after their batch", parked)
				}
				if st.Members != w.State.ActiveMembers() {
					t.Errorf("%d members, want %d", st.Members, w.State.ActiveMembers())
				}
				if o.parks && parked == 0 {
					t.Errorf("no entry was ever parked: the order does not test pending")
				}

				// Everything again, in one batch and in the same batches:
				// all duplicates, nothing changes.
				res := ingest(t, s, w.Entries, now)
				if res.Duplicate != len(w.Entries) || len(res.Added) != 0 || res.Pending != 0 {
					t.Errorf("re-ingest: %d duplicate, %d added, %d pending; want %d duplicate only",
						res.Duplicate, len(res.Added), res.Pending, len(w.Entries))
				}
				dups := 0
				for _, b := range batches {
					dups += ingest(t, s, b, now).Duplicate
				}
				if dups != len(w.Entries) {
					t.Errorf("re-ingest in batches: %d duplicates, want %d", dups, len(w.Entries))
				}
				if st2 := stats(t, s); st2 != st {
					t.Errorf("re-ingest changed stats: %+v, was %+v", st2, st)
				}
			})
		}
	}
}

// TestPendingSurvivesReopen parks entries, closes the store and delivers
// their dependencies to the reopened one.
func TestPendingSurvivesReopen(t *testing.T) {
	w := world(t, 30, 6, 5)
	now := receiverNow(w)
	s := newStore(t, w)
	half := len(w.Entries) / 2
	// The second half first: all of it waits (at least for the genesis).
	res := ingest(t, s, w.Entries[half:], now)
	if len(res.Added) != 0 || res.Pending != len(w.Entries)-half {
		t.Fatalf("second half first: %d added, %d pending; want 0, %d", len(res.Added), res.Pending, len(w.Entries)-half)
	}
	path := s.Path()
	s.Close()

	s = openAt(t, path)
	if st := stats(t, s); st.Pending != len(w.Entries)-half || st.Entries != 0 {
		t.Fatalf("reopened: %+v", st)
	}
	// Parked entries are duplicates too.
	if res := ingest(t, s, w.Entries[half:half+3], now); res.Duplicate != 3 {
		t.Errorf("re-offering parked entries: %d duplicate, want 3", res.Duplicate)
	}
	res = ingest(t, s, w.Entries[:half], now)
	if len(res.Added) != len(w.Entries) {
		t.Errorf("first half: %d added, want all %d", len(res.Added), len(w.Entries))
	}
	st := stats(t, s)
	if st.Pending != 0 || st.Entries != len(w.Entries) || st.StateHash != w.State.Hash() {
		t.Errorf("stats %+v, want %d entries, hash %s", st, len(w.Entries), w.State.Hash().Short())
	}
	s.Close()
	s = openAt(t, path)
	if st := stats(t, s); st.Pending != 0 || st.StateHash != w.State.Hash() {
		t.Errorf("reopened: %+v", st)
	}
}

func TestRebuild(t *testing.T) {
	w := world(t, 40, 10, 2)
	now := receiverNow(w)
	rng := rand.New(rand.NewPCG(2, 3))
	s := newStore(t, w)
	ingestBatches(t, s, randomBatches(shuffled(w.Entries, rng), rng), now)
	want := w.State.Hash()

	for _, write := range []bool{false, true, false} {
		calls := 0
		rep, err := s.Rebuild(write, func(done, total int) { calls++ })
		if err != nil {
			t.Fatalf("Rebuild(%v): %v", write, err)
		}
		if !rep.Match() || rep.Rebuilt != rep.Stored || rep.Stored != want {
			t.Errorf("Rebuild(%v): stored %s, rebuilt %s, want both %s", write, rep.Stored.Short(), rep.Rebuilt.Short(), want.Short())
		}
		if rep.Entries != len(w.Entries) || rep.Invalid != 0 {
			t.Errorf("Rebuild(%v): %d entries, %d invalid; want %d, 0", write, rep.Entries, rep.Invalid, len(w.Entries))
		}
		if calls != len(w.Entries)/10000 {
			t.Errorf("Rebuild(%v): progress called %d times", write, calls)
		}
		if h := stats(t, s).StateHash; h != want {
			t.Errorf("after Rebuild(%v): hash %s, want %s", write, h.Short(), want.Short())
		}
	}

	// The store keeps working after a rewriting rebuild.
	extra := vouchBy(t, w, activeMember(t, w), demo.Pub(newKey(1)), w.Clock())
	if res := ingest(t, s, []*entry.Signed{extra}, now); len(res.Added) != 1 || res.Invalid != 0 {
		t.Fatalf("after rebuild: %+v", res)
	}
	path := s.Path()
	wantNow := stats(t, s).StateHash
	if wantNow == want {
		t.Fatal("a new vouch did not change the state hash")
	}
	s.Close()

	// Persisted, loaded and verified on open.
	s = openAt(t, path)
	if h := stats(t, s).StateHash; h != wantNow {
		t.Errorf("reopened: hash %s, want %s", h.Short(), wantNow.Short())
	}
	rep, err := s.Rebuild(false, nil)
	if err != nil || !rep.Match() || rep.Entries != len(w.Entries)+1 {
		t.Errorf("Rebuild after reopen: %+v, %v", rep, err)
	}
}

// TestRebuildRepairsVerdicts: an entry's stored verdict (the invalid column)
// is not part of the state hash, so Open cannot see it edited; Rebuild must
// find and correct it.
func TestRebuildRepairsVerdicts(t *testing.T) {
	w := world(t, 20, 4, 4)
	s := newStore(t, w)
	ingest(t, s, w.Entries, receiverNow(w))
	path := s.Path()
	s.Close()
	db := rawDB(t, path)
	execSQL(t, db, `UPDATE entries SET invalid = 'tampered' WHERE ord = 2`)
	db.Close()

	s = openAt(t, path)
	if rows, err := s.Log(store.LogQuery{Limit: 1000}); err != nil || rows[len(rows)-2].Invalid != "tampered" {
		t.Fatalf("the tampering did not show: %v", err)
	}
	rep, err := s.Rebuild(true, nil)
	if err != nil || !rep.Match() || rep.Invalid != 0 {
		t.Fatalf("Rebuild: %+v, %v", rep, err)
	}
	rows, err := s.Log(store.LogQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Invalid != "" {
			t.Errorf("after Rebuild, entry %d is still marked invalid: %q", r.Ord, r.Invalid)
		}
	}
	if st := stats(t, s); st.Invalid != 0 || st.StateHash != w.State.Hash() {
		t.Errorf("after Rebuild: %+v", st)
	}
}

func TestIngestRejectsWithoutStoring(t *testing.T) {
	w := world(t, 40, 10, 1)
	now := receiverNow(w)
	s := newStore(t, w)
	ingest(t, s, w.Entries, now)
	before := stats(t, s)
	member := activeMember(t, w)
	const hour = 3600 * 1000

	badSig := vouchBy(t, w, member, demo.Pub(newKey(1)), now)
	brokenSig := slices.Clone(badSig.Raw)
	brokenSig[len(brokenSig)-1] ^= 1 // the signature is the last field
	future := vouchBy(t, w, member, demo.Pub(newKey(2)), now+hour)
	otherNode := next(t, w.State, ids.Sum("test", []byte("another node")), member, core.KindVouch,
		core.Vouch{Applicant: demo.Pub(newKey(3))}, w.State.MembershipRefs(demo.Pub(member)), now)
	unknown := next(t, w.State, w.Node, member, "teleport", map[string]int{"to": 1}, nil, now)
	otherGenesis := world(t, 3, 0, 77).Entries[0]

	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"broken signature", brokenSig, entry.ErrBadSignature},
		{"another node", otherNode.Raw, entry.ErrWrongNode},
		{"another node's genesis", otherGenesis.Raw, entry.ErrWrongNode},
		{"an hour in the future", future.Raw, entry.ErrFutureTime},
		{"unknown kind", unknown.Raw, entry.ErrUnknownKind},
		{"not CBOR", []byte("hello"), entry.ErrMalformed},
		{"oversized", make([]byte, entry.MaxBytes+1), entry.ErrOversized},
	}
	// One batch with every bad entry, between two good ones.
	other := otherMember(t, w, member)
	good := vouchBy(t, w, other, demo.Pub(newKey(4)), now)
	batch := [][]byte{good.Raw}
	for _, tc := range tests {
		batch = append(batch, tc.raw)
	}
	res, err := s.Ingest(batch, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 1 || res.Added[0] != good.ID {
		t.Errorf("added %d entries, want only the good one", len(res.Added))
	}
	byIndex := map[int]error{}
	for _, r := range res.Rejected {
		byIndex[r.Index] = r.Err
	}
	if len(res.Rejected) != len(tests) {
		t.Errorf("%d rejected, want %d: %v", len(res.Rejected), len(tests), res.Rejected)
	}
	for i, tc := range tests {
		err := byIndex[i+1]
		if !isRejectOf(err, tc.want) {
			t.Errorf("%s: rejected with %v, want %v", tc.name, err, tc.want)
		}
	}
	after := stats(t, s)
	if after.Entries != before.Entries+1 || after.Pending != 0 {
		t.Errorf("entries %d -> %d, pending %d: rejected entries were stored", before.Entries, after.Entries, after.Pending)
	}
	for _, id := range []ids.Hash{badSig.ID, future.ID, otherNode.ID, unknown.ID, otherGenesis.ID} {
		if _, err := s.Entry(id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a rejected entry is stored: %v", err)
		}
	}

	// Each alone, too.
	for i, tc := range tests {
		res, err := s.Ingest([][]byte{tc.raw}, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rejected) != 1 || res.Rejected[0].Index != 0 || !isRejectOf(res.Rejected[0].Err, tc.want) {
			t.Errorf("%d %s alone: %+v", i, tc.name, res)
		}
	}
	if st := stats(t, s); st != after {
		t.Errorf("stats changed by rejected entries: %+v, was %+v", st, after)
	}

	// The future entry is fine once its time has come; its signature was never the problem.
	res = ingest(t, s, []*entry.Signed{future}, now+hour)
	if len(res.Added) != 1 || res.Added[0] != future.ID || res.Invalid != 0 {
		t.Errorf("the future entry offered later: %+v", res)
	}
	if got := stats(t, s).Entries; got != before.Entries+2 {
		t.Errorf("%d entries, want %d", got, before.Entries+2)
	}
	// Just inside the allowed skew is accepted at once.
	soon := chainAfter(t, good, other, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(5))},
		w.State.MembershipRefs(demo.Pub(other)), now+entry.MaxSkewMillis)
	if res := ingest(t, s, []*entry.Signed{soon}, now); len(res.Added) != 1 || res.Invalid != 0 {
		t.Errorf("an entry at the skew limit: %+v", res)
	}
}

// otherMember is an active member of w other than not.
func otherMember(t *testing.T, w *demo.World, not ed25519.PrivateKey) ed25519.PrivateKey {
	t.Helper()
	for _, k := range w.Keys {
		r, ok := w.State.MemberOf(demo.Pub(k))
		if ok && r.Active && !k.Equal(not) {
			return k
		}
	}
	t.Fatal("no second active member")
	return nil
}

// chainAfter builds k's entry that follows prev (k's own) in its chain.
func chainAfter(t testing.TB, prev *entry.Signed, k ed25519.PrivateKey, kind string, b any, refs []ids.Hash, time int64) *entry.Signed {
	t.Helper()
	return signed(t, k, entry.Entry{Seq: prev.Seq + 1, Prev: prev.ID, Time: max(time, prev.Time),
		Node: prev.Node, Kind: kind, Refs: refs, Body: body(t, b)})
}

// TestConcurrentIngest: writers and readers share one store; the store
// serialises them and ends in the world's state.
func TestConcurrentIngest(t *testing.T) {
	w := world(t, 40, 10, 9)
	now := receiverNow(w)
	s := newStore(t, w)
	rng := rand.New(rand.NewPCG(9, 9))
	const writers = 4
	errs := make(chan error, writers+1)
	stop := make(chan struct{})
	parts := make([][][]*entry.Signed, writers)
	for i := range writers {
		// Each writer offers every entry, in its own random batches.
		parts[i] = randomBatches(shuffled(w.Entries, rng), rng)
	}
	for i := range writers {
		go func() {
			for _, b := range parts[i] {
				res, err := s.Ingest(rawsOf(b), now)
				if err == nil && len(res.Rejected) > 0 {
					err = res.Rejected[0].Err
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	go func() { // a reader, as a UI would be
		for {
			select {
			case <-stop:
				errs <- nil
				return
			default:
			}
			if _, err := s.Stats(); err != nil {
				errs <- err
				return
			}
			if _, err := s.Log(store.LogQuery{Limit: 5}); err != nil {
				errs <- err
				return
			}
			s.View(func(st *core.State) { st.ActiveMembers() })
		}
	}()
	for range writers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	close(stop)
	if err := <-errs; err != nil {
		t.Error(err)
	}
	st := stats(t, s)
	if st.StateHash != w.State.Hash() || st.Entries != len(w.Entries) || st.Pending != 0 {
		t.Errorf("after concurrent ingest: %+v, want %d entries and hash %s", st, len(w.Entries), w.State.Hash().Short())
	}
}

// IngestSigned (entries decoded by the caller) reaches the same state as
// Ingest and refuses what Ingest refuses: a bad signature, another node.
func TestIngestSignedIsIngest(t *testing.T) {
	w := world(t, 30, 8, 4)
	s := newStore(t, w)
	good := w.Entries[len(w.Entries)/2]
	forged := *good
	forged.Sig = append([]byte(nil), good.Sig...)
	forged.Sig[3] ^= 1
	es := append([]*entry.Signed{&forged}, w.Entries...)
	res, err := s.IngestSigned(es, receiverNow(w))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Index != 0 {
		t.Fatalf("rejected %+v, want the forged signature only", res.Rejected)
	}
	if st := stats(t, s); st.StateHash != w.State.Hash() || st.Entries != len(w.Entries) {
		t.Fatalf("state %s with %d entries, want %s with %d", st.StateHash.Short(), st.Entries, w.State.Hash().Short(), len(w.Entries))
	}
}
