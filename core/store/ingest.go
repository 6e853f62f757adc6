package store

import (
	"cmp"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// MaxPending and MaxPendingBytes bound the entries held while their
// dependencies are missing, so a peer cannot fill the device with orphans.
const (
	MaxPending      = 200_000
	MaxPendingBytes = 64 << 20
)

// Result tells what became of a batch of offered entries.
type Result struct {
	Added     []ids.Hash        // newly applied, in order (valid or invalid by the rules)
	Invalid   int               // of Added, how many broke a rule and had no effect
	Pending   int               // entries waiting for a prev or ref after this batch (all batches)
	Duplicate int               // already known
	Rejected  []Rejection       // refused outright, never stored
	Forks     []entry.ForkProof // forks this batch revealed (a replica files them as fork reports)
}

// Rejection is one refused entry, by its index in the batch.
type Rejection struct {
	Index int
	Err   error
}

// Ingest decodes, verifies, checks, applies and persists a batch of wire
// entries in one transaction. now is the receiver's clock (unix ms).
func (s *Store) Ingest(raws [][]byte, now int64) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rules := entry.Rules{Node: s.node, Now: now, KnownKind: s.st.Registry().Known}
	good, at, res := verifyAll(len(raws), func(lo, hi int, out []verified) { checkShare(raws[lo:hi], out, rules) })
	return s.ingestGood(good, at, res)
}

// IngestSigned is Ingest for entries a caller has decoded already (the
// catch-up decodes every entry to check its block): it runs the same
// checks and signature verification, and skips decoding them again. The
// entries must come from entry.Decode (their fields are the decoding of
// their Raw bytes, which is what is stored).
func (s *Store) IngestSigned(es []*entry.Signed, now int64) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rules := entry.Rules{Node: s.node, Now: now, KnownKind: s.st.Registry().Known}
	good, at, res := verifyAll(len(es), func(lo, hi int, out []verified) { checkSigned(es[lo:hi], out, rules) })
	return s.ingestGood(good, at, res)
}

// ingestGood applies the entries that passed the static checks.
func (s *Store) ingestGood(good []*entry.Signed, at map[ids.Hash]int, res Result) (Result, error) {
	if !chainOrdered(good) {
		slices.SortFunc(good, func(a, b *entry.Signed) int {
			if c := slices.Compare(a.Author[:], b.Author[:]); c != 0 {
				return c
			}
			return cmp.Compare(a.Seq, b.Seq)
		})
	}
	err := s.write(func(w *writer) error {
		w.res, w.at = &res, at
		for _, e := range good {
			if err := w.offer(e); err != nil {
				return err
			}
		}
		res.Pending = len(s.pending)
		return nil
	})
	return res, err
}

// chainOrdered says whether every author's entries come in rising seq
// order. Then the batch is applied in the order given: a peer or a bundle
// sends entries in a causal order, and sorting them by author would make
// every entry that refers to another author's later one wait in pending.
// Otherwise it is sorted by (author, seq), so that each chain at least is
// in order. Either way the state is the same (it does not depend on the
// order of application); only the positions (ord) differ.
func chainOrdered(es []*entry.Signed) bool {
	last := make(map[ids.PubKey]uint64, 64)
	for _, e := range es {
		if s, ok := last[e.Author]; ok && e.Seq <= s {
			return false
		}
		last[e.Author] = e.Seq
	}
	return true
}

type verified struct {
	e   *entry.Signed
	err error
}

// verifyAll runs the static checks and verifies signatures in batches, in
// parallel when GOMAXPROCS allows: each worker takes a contiguous share. It
// returns the good entries and their index in the batch.
func verifyAll(n int, check func(lo, hi int, out []verified)) ([]*entry.Signed, map[ids.Hash]int, Result) {
	out := make([]verified, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	share := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += share {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			check(lo, hi, out[lo:hi])
		}(lo, min(lo+share, n))
	}
	wg.Wait()
	var res Result
	good := make([]*entry.Signed, 0, n)
	at := make(map[ids.Hash]int, n)
	for i, v := range out {
		if v.err != nil {
			res.Rejected = append(res.Rejected, Rejection{Index: i, Err: v.err})
			continue
		}
		good = append(good, v.e)
		at[v.e.ID] = i
	}
	return good, at, res
}

// checkShare decodes and checks raws into out, then batch-verifies the
// entries that passed.
func checkShare(raws [][]byte, out []verified, r entry.Rules) {
	es := make([]*entry.Signed, len(raws))
	for i, raw := range raws {
		e, err := entry.Decode(raw)
		es[i], out[i] = e, verified{e, err}
	}
	checkDecoded(es, out, r)
}

// checkSigned checks decoded entries into out, then batch-verifies those
// that passed.
func checkSigned(es []*entry.Signed, out []verified, r entry.Rules) {
	for i, e := range es {
		out[i] = verified{e, nil}
	}
	checkDecoded(es, out, r)
}

// checkDecoded runs the static checks on the entries out does not refuse
// yet, then verifies their signatures in batches.
func checkDecoded(es []*entry.Signed, out []verified, r entry.Rules) {
	var pass []*entry.Signed
	var at []int
	for i, e := range es {
		if out[i].err == nil {
			out[i].err = entry.Check(e, r)
		}
		if out[i].err == nil {
			pass = append(pass, e)
			at = append(at, i)
		}
	}
	for j, err := range entry.VerifyBatch(pass) {
		if err != nil {
			out[at[j]] = verified{nil, err}
		}
	}
}

// write runs fn in one transaction and persists the state changes it made.
// If anything fails, the in-memory state is reloaded from the database, so
// memory never holds what the disk does not.
func (s *Store) write(fn func(w *writer) error) error {
	return s.writeSync(false, fn)
}

// writeDurable is write with synchronous=FULL: the commit is on stable
// storage before it returns, power loss included.
func (s *Store) writeDurable(fn func(w *writer) error) error {
	return s.writeSync(true, fn)
}

func (s *Store) writeSync(durable bool, fn func(w *writer) error) error {
	if durable {
		if _, err := s.db.Exec(`PRAGMA synchronous = FULL`); err != nil {
			return err
		}
		defer s.db.Exec(`PRAGMA synchronous = NORMAL`) //nolint:errcheck // NORMAL is only the faster default
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	w := &writer{s: s, tx: tx}
	s.w = w
	defer func() { s.w = nil }()
	err = fn(w)
	if err == nil {
		err = w.flush()
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		tx.Rollback() //nolint:errcheck // the error that matters is err
		return errors.Join(err, s.reload())
	}
	for id := range w.done {
		s.recent.add(id)
	}
	return nil
}

func (s *Store) reload() error {
	s.st = core.New(s.st.Registry())
	s.useAncestry(s.st)
	clear(s.heads)
	clear(s.waiting)
	clear(s.pending)
	clear(s.pendingBy)
	s.pendingBytes = 0
	s.recent.reset()
	if err := s.loadState(); err != nil {
		return err
	}
	return s.loadPending()
}

// writer applies entries inside one transaction, with prepared statements
// (modernc's prepare costs several microseconds: never per entry).
type writer struct {
	s     *Store
	tx    *sql.Tx
	res   *Result
	stmts map[string]*sql.Stmt
	done  map[ids.Hash]bool // applied in this transaction
	at    map[ids.Hash]int  // batch index of the entries offered in this transaction
	rows  []any             // buffered entry rows, 8 values each (see insert)
	// checkpoint forces the state rows to be written with this transaction.
	checkpoint bool
}

// stmt returns the transaction's prepared statement for q.
func (w *writer) stmt(q string) (*sql.Stmt, error) {
	if st, ok := w.stmts[q]; ok {
		return st, nil
	}
	st, err := w.tx.Prepare(q)
	if err != nil {
		return nil, err
	}
	if w.stmts == nil {
		w.stmts = map[string]*sql.Stmt{}
	}
	w.stmts[q] = st
	return st, nil
}

// QueryRow makes the writer a querier that reuses prepared statements.
func (w *writer) QueryRow(q string, args ...any) *sql.Row {
	st, err := w.stmt(q)
	if err != nil {
		return w.tx.QueryRow(q, args...)
	}
	return st.QueryRow(args...)
}

func (w *writer) exec(q string, args ...any) error {
	st, err := w.stmt(q)
	if err == nil {
		_, err = st.Exec(args...)
	}
	return err
}

func (w *writer) offer(e *entry.Signed) error {
	s := w.s
	if w.known(e) {
		w.res.Duplicate++
		return nil
	}
	if !s.ready(e, w) {
		return w.park(e)
	}
	if err := w.apply(e); err != nil {
		return err
	}
	return w.release(e.ID)
}

// known reports whether e is already stored or pending. When e lies beyond
// the last applied entry of an author who never forked, it cannot be stored
// yet, and the lookup is skipped.
func (w *writer) known(e *entry.Signed) bool {
	if _, ok := w.s.pending[e.ID]; ok {
		return true
	}
	if h, ok := w.s.heads[e.Author]; ok && e.Seq > h.Seq && !w.s.st.Forked(e.Author) {
		return false
	}
	return w.s.has(e.ID, w)
}

// reject records an entry refused outright.
func (w *writer) reject(e *entry.Signed, err error) {
	i, ok := w.at[e.ID]
	if !ok {
		i = -1 // parked by an earlier batch
	}
	w.res.Rejected = append(w.res.Rejected, Rejection{Index: i, Err: err})
}

func (w *writer) park(e *entry.Signed) error {
	if len(w.s.pending) >= MaxPending || w.s.pendingBytes+len(e.Raw) > MaxPendingBytes {
		w.reject(e, fmt.Errorf("too many entries are waiting for their predecessors (%d, %d MiB): send those first",
			len(w.s.pending), w.s.pendingBytes>>20))
		return nil
	}
	if err := w.exec(`INSERT INTO pending(id, raw) VALUES (?, ?)`, e.ID[:], e.Raw); err != nil {
		return err
	}
	return w.s.wait(e, w)
}

// release applies the pending entries that were waiting only for id.
func (w *writer) release(id ids.Hash) error {
	queue := []ids.Hash{id}
	for len(queue) > 0 {
		done := queue[0]
		queue = queue[1:]
		waiters := w.s.waiting[done]
		delete(w.s.waiting, done)
		for _, pid := range waiters {
			e, ok := w.s.pending[pid]
			if !ok || !w.s.ready(e, w) {
				continue
			}
			if err := w.unpark(e); err != nil {
				return err
			}
			queue = append(queue, e.ID)
		}
	}
	return nil
}

func (w *writer) unpark(e *entry.Signed) error {
	w.s.forget(e)
	if err := w.exec(`DELETE FROM pending WHERE id = ?`, e.ID[:]); err != nil {
		return err
	}
	return w.apply(e)
}

// ready reports whether all of e's dependencies are applied: missing without
// building a list, for the common case.
func (s *Store) ready(e *entry.Signed, q querier) bool {
	if e.Seq > 1 && !s.applied(e, e.Prev, q) {
		return false
	}
	if e.Kind != entry.GenesisKind && !s.applied(e, e.Node, q) {
		return false
	}
	for _, r := range e.Refs {
		if !s.applied(e, r, q) {
			return false
		}
	}
	return true
}

// missing lists e's dependencies that are not applied yet.
func (s *Store) missing(e *entry.Signed, q querier) []ids.Hash {
	var out []ids.Hash
	for _, d := range core.Deps(e) {
		if !s.applied(e, d, q) {
			out = append(out, d)
		}
	}
	return out
}

func (s *Store) applied(e *entry.Signed, d ids.Hash, q querier) bool {
	if d == e.Prev {
		if h, ok := s.heads[e.Author]; ok && h.ID == d {
			return true
		}
	}
	if d == s.node && !s.st.Node().IsZero() {
		return true
	}
	return s.has(d, q)
}
