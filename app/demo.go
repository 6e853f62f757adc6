package app

import (
	"fmt"

	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

// DemoReport says what BuildDemo made.
type DemoReport struct {
	Node    ids.Hash
	Entries int
	Members int
}

// BuildDemo generates the deterministic demo node of cfg, stores it on this
// device and makes it current. Building it again is harmless: entries that
// are already there are skipped. progress, if not nil, sees each batch.
func (a *App) BuildDemo(cfg demo.Config, progress func(done, total int)) (DemoReport, error) {
	// The last day starts at start+(days-1) days: refuse before generating
	// years of entries (the generator may even fail on such spans).
	start := cfg.Start
	if start == 0 {
		start = demo.DefaultStart
	}
	const dayMs = 24 * 3600 * 1000
	if int64(max(cfg.Days, 1)-1) > (a.now()+entry.MaxSkewMillis-start)/dayMs { // no overflow for any Days
		return DemoReport{}, futureDemo(cfg.Days)
	}
	w, err := demo.Generate(cfg)
	if err != nil {
		return DemoReport{}, Userf(err, "cannot build the demo: %v", err)
	}
	if w.Clock() > a.now()+entry.MaxSkewMillis {
		return DemoReport{}, futureDemo(cfg.Days)
	}
	if err := a.storeEntries(w.Node, w.Entries, progress); err != nil {
		return DemoReport{}, err
	}
	if err := a.markLocalNode(w.Node); err != nil {
		return DemoReport{}, err
	}
	if err := a.UseNode(w.Node); err != nil {
		return DemoReport{}, err
	}
	return DemoReport{Node: w.Node, Entries: len(w.Entries), Members: w.State.ActiveMembers()}, nil
}

func futureDemo(days int) error {
	return &UserError{Msg: fmt.Sprintf("a demo of %d days would reach into the future; use fewer days", days)}
}

func rawsOf(es []*entry.Signed) [][]byte {
	out := make([][]byte, len(es))
	for i, e := range es {
		out[i] = e.Raw
	}
	return out
}
