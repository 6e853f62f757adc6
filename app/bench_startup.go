package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dac/core/entry"
	"dac/core/ids"
)

// StartupBenchSeed is the seed of the node `dac bench startup` builds (the
// one BenchEntries generates); its demo resident is the member who opens it.
const StartupBenchSeed = 7

// BuildBenchNode stores a node of about n entries by many authors (see
// BenchEntries) on this device, makes it current and seals the demo
// resident's key under passphrase, so that opening the app on this data
// directory is what a resident of a busy town does every morning.
func (a *App) BuildBenchNode(n int, passphrase []byte) (DemoReport, error) {
	es, _, err := BenchEntries(n)
	if err != nil {
		return DemoReport{}, err
	}
	if err := a.storeEntries(es[0].ID, es, nil); err != nil {
		return DemoReport{}, err
	}
	if err := a.UseNode(es[0].ID); err != nil {
		return DemoReport{}, err
	}
	phrase, err := DemoPhrase(StartupBenchSeed, DemoResident)
	if err != nil {
		return DemoReport{}, err
	}
	if _, err := a.RestoreIdentity(phrase, passphrase); err != nil {
		return DemoReport{}, err
	}
	a.Lock()
	st, err := a.Status()
	if err != nil {
		return DemoReport{}, err
	}
	return DemoReport{Node: es[0].ID, Entries: len(es), Members: st.Members}, nil
}

// StartupPhases is how long each step of opening the app took, in seconds:
// open the data directory and the node (the state), unlock the key (argon2id,
// slow on purpose), and build the home screen with its figures.
type StartupPhases struct {
	OpenS   float64 `json:"open_s"`
	UnlockS float64 `json:"unlock_s"`
	HomeS   float64 `json:"home_s"`
}

// lap returns the seconds since start and moves start to now.
func lap(start *time.Time) float64 {
	now := time.Now()
	d := now.Sub(*start).Seconds()
	*start = now
	return d
}

// storeEntries puts es into node's store in batches, as carried here.
func (a *App) storeEntries(node ids.Hash, es []*entry.Signed, progress func(done, total int)) error {
	st, err := a.openStore(node)
	if err != nil {
		return err
	}
	defer st.Close()
	const batch = 5000
	for i := 0; i < len(es); i += batch {
		res, err := st.Ingest(rawsOf(es[i:min(i+batch, len(es))]), a.now())
		if err != nil {
			return err
		}
		if len(res.Rejected) > 0 {
			return fmt.Errorf("demo entry refused: %w", res.Rejected[0].Err)
		}
		if err := st.Enqueue(res.Added...); err != nil { // for the network, as if carried here
			return err
		}
		if progress != nil {
			progress(min(i+batch, len(es)), len(es))
		}
	}
	return st.Close()
}

// ProbeStartup opens the app on deps.DataDir as the GUI does: open the
// current node while unlocking with passphrase (ui.Run opens the node behind
// the unlock screen), then home(a) builds the home screen (the GUI's, or only
// its figures when there is no GUI). It returns how long each step took; the
// caller runs it in a fresh process (`dac bench startup`).
func ProbeStartup(deps Deps, passphrase []byte, home func(a *App) error) (StartupPhases, error) {
	var p StartupPhases
	a, err := New(deps)
	if err != nil {
		return p, err
	}
	defer a.Close()
	opened := make(chan error, 1)
	go func() {
		t := time.Now()
		err := a.Start(context.Background())
		p.OpenS = lap(&t)
		opened <- err
	}()
	t := time.Now()
	err = a.Unlock(passphrase)
	p.UnlockS = lap(&t)
	if err := errors.Join(<-opened, err); err != nil {
		return p, err
	}
	t = time.Now()
	if err := home(a); err != nil {
		return p, err
	}
	p.HomeS = lap(&t)
	return p, nil
}

// HomeFigures reads what the home screen shows (for a probe without a GUI).
func HomeFigures(a *App) error {
	if _, err := a.Status(); err != nil {
		return err
	}
	if _, err := a.Balance(); err != nil {
		return err
	}
	_, err := a.Waiting()
	return err
}
