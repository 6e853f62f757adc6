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

// RunIngestBench measures verification and ingest of es.
func RunIngestBench(es []*entry.Signed, authors int, cfg IngestBench) (IngestResult, error) {
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cfg.Procs))
	}
	res := IngestResult{Entries: len(es), Authors: authors, Batch: cfg.Batch, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	verify, err := timeVerify(es)
	if err != nil {
		return res, err
	}
	ingest, err := timeIngest(es, cfg)
	if err != nil {
		return res, err
	}
	res.VerifyPerS = float64(len(es)) / verify.Seconds()
	res.IngestPerS = float64(len(es)) / ingest.Seconds()
	res.Ratio = res.IngestPerS / res.VerifyPerS
	return res, nil
}

func timeVerify(es []*entry.Signed) (time.Duration, error) {
	start := time.Now()
	for _, e := range es {
		if !ed25519.Verify(e.Author[:], entry.VerifyMessage(e.Payload), e.Sig) {
			return 0, fmt.Errorf("bench entry %s does not verify", e.ID.Short())
		}
	}
	return time.Since(start), nil
}

func timeIngest(es []*entry.Signed, cfg IngestBench) (time.Duration, error) {
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
	if err := st.SetNode(es[0].ID); err != nil {
		return 0, err
	}
	raws := rawsOf(es)
	now := es[len(es)-1].Time + 1
	start := time.Now()
	for i := 0; i < len(raws); i += cfg.Batch {
		res, err := st.Ingest(raws[i:min(i+cfg.Batch, len(raws))], now)
		if err != nil {
			return 0, err
		}
		if len(res.Rejected) > 0 || res.Invalid > 0 {
			return 0, fmt.Errorf("bench entries refused: %v", res.Rejected)
		}
	}
	return time.Since(start), nil
}
