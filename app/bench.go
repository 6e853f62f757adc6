package app

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// IngestBench configures `dac bench ingest`.
type IngestBench struct {
	Entries int    // how many entries to ingest
	Batch   int    // entries per transaction
	Dir     string // scratch directory for the database
	Procs   int    // GOMAXPROCS during the run (0: leave as is)
}

// IngestResult compares full ingest with bare signature verification of the
// very same entries, measured in the same run.
type IngestResult struct {
	Entries    int     `json:"entries"`
	Authors    int     `json:"authors"`
	Batch      int     `json:"batch"`
	GOMAXPROCS int     `json:"gomaxprocs"`
	VerifyPerS float64 `json:"verify_per_s"` // ed25519 verifications per second, one goroutine
	IngestPerS float64 `json:"ingest_per_s"` // decode+verify+validate+apply+persist per second
	Ratio      float64 `json:"ratio"`        // IngestPerS / VerifyPerS
}

// BenchSet is n signed entries in wire form, plus exactly what bare
// verification of each needs (key, signed message, signature), so that
// the two measurements see the same bytes. Nothing decoded is kept: a
// device ingesting a history does not hold it all in memory.
type BenchSet struct {
	Raws    [][]byte
	keys    [][]byte
	msgs    [][]byte
	sigs    [][]byte
	Authors int
	first   ids.Hash // the genesis: the node id
	last    int64    // the newest claimed time
}

// NewBenchSet builds n entries of a demo node by many authors.
func NewBenchSet(n int) (*BenchSet, error) {
	es, authors, err := BenchEntries(n)
	if err != nil {
		return nil, err
	}
	return benchSetOf(es, authors), nil
}

// NewPayBenchSet builds a demo node of 1,000 members who pay each other and
// claim daily for as many days as it takes to reach about n entries: mostly
// pays and receives. Pays counts the payment entries among them.
func NewPayBenchSet(n int) (set *BenchSet, pays int, err error) {
	days := max(1, n/200)
	if days > 600 {
		return nil, 0, fmt.Errorf("at most about 120,000 entries (600 days of 1,000 members)")
	}
	w, err := demo.Generate(demo.Config{Members: 1000, Days: days, Seed: 9})
	if err != nil {
		return nil, 0, err
	}
	authors := map[[32]byte]bool{}
	for _, e := range w.Entries {
		authors[e.Author] = true
		if e.Kind == core.KindPay || e.Kind == core.KindReceive {
			pays++
		}
	}
	return benchSetOf(w.Entries, len(authors)), pays, nil
}

func benchSetOf(es []*entry.Signed, authors int) *BenchSet {
	b := &BenchSet{Authors: authors, first: es[0].ID, last: es[len(es)-1].Time}
	for _, e := range es {
		b.Raws = append(b.Raws, e.Raw)
		b.keys = append(b.keys, e.Author[:])
		b.msgs = append(b.msgs, entry.VerifyMessage(e.Payload))
		b.sigs = append(b.sigs, e.Sig)
	}
	return b
}

// BenchEntries makes n valid signed entries of a demo node by many authors.
func BenchEntries(n int) ([]*entry.Signed, int, error) {
	members := min(max(n/100, 20), 1000)
	w, err := demo.Generate(demo.Config{Members: members, Days: 30, Seed: 7})
	if err != nil {
		return nil, 0, err
	}
	if err := w.Activity(n - len(w.Entries)); err != nil {
		return nil, 0, err
	}
	authors := map[[32]byte]bool{}
	for _, e := range w.Entries {
		authors[e.Author] = true
	}
	return w.Entries[:n], len(authors), nil
}

// RunIngestBench measures bare verification and full ingest of b.
func RunIngestBench(b *BenchSet, cfg IngestBench) (IngestResult, error) {
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBenchBatch
	}
	if cfg.Procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cfg.Procs))
	}
	n := len(b.Raws)
	res := IngestResult{Entries: n, Authors: b.Authors, Batch: cfg.Batch, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	runtime.GC() // start both measurements from the same clean heap
	verify, err := timeVerify(b)
	if err != nil {
		return res, err
	}
	runtime.GC()
	ingest, err := timeIngest(b, cfg)
	if err != nil {
		return res, err
	}
	res.VerifyPerS = float64(n) / verify.Seconds()
	res.IngestPerS = float64(n) / ingest.Seconds()
	res.Ratio = res.IngestPerS / res.VerifyPerS
	return res, nil
}

// DefaultBenchBatch is entries per transaction: what a catch-up from a hub
// hands the store at once (a few hundred KiB).
const DefaultBenchBatch = 5000

// timeVerify is the physical limit on one core: crypto/ed25519 verifying
// each signature, one at a time.
func timeVerify(b *BenchSet) (time.Duration, error) {
	start := time.Now()
	for i := range b.Raws {
		if !ed25519.Verify(b.keys[i], b.msgs[i], b.sigs[i]) {
			return 0, fmt.Errorf("bench entry %d does not verify", i)
		}
	}
	return time.Since(start), nil
}

func timeIngest(b *BenchSet, cfg IngestBench) (time.Duration, error) {
	dir, err := os.MkdirTemp(cfg.Dir, "dac-bench-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(filepath.Join(dir, "bench.db"), core.DefaultRegistry())
	if err != nil {
		return 0, err
	}
	defer st.Close()
	if err := st.SetNode(b.first); err != nil {
		return 0, err
	}
	now := b.last + 1
	start := time.Now()
	for i := 0; i < len(b.Raws); i += cfg.Batch {
		res, err := st.Ingest(b.Raws[i:min(i+cfg.Batch, len(b.Raws))], now)
		if err != nil {
			return 0, err
		}
		if len(res.Rejected) > 0 || res.Invalid > 0 {
			return 0, fmt.Errorf("bench entries refused: %v", res.Rejected)
		}
	}
	if err := st.Checkpoint(); err != nil { // the deferred state rows count too
		return 0, err
	}
	return time.Since(start), nil
}
