package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"dac/app"
)

// RunConfig is how `dac` opens the GUI.
type RunConfig struct {
	DataDir     string
	Network     bool   // go online (LAN discovery, the node's hubs) when a node is open
	Screenshots string // if set: save a PNG of every screen into this directory, then quit
	Passphrase  string // unlock with this at start (screenshots and scripted demos only)
}

// Run opens the window and returns when it closes. The node is opened
// while the window shows the unlock screen (a big node takes a second to
// load, which the person spends typing the passphrase).
func Run(cfg RunConfig) error {
	a, err := app.New(app.Deps{DataDir: cfg.DataDir})
	if err != nil {
		return err
	}
	defer a.Close()
	started := make(chan error, 1)
	go func() { started <- a.Start(context.Background()) }()
	fa := newFyneApp("org.dac.citizen")
	w := fa.NewWindow("DAC")
	w.Resize(fyne.NewSize(420, 780))
	var o Options
	if cfg.Network {
		o.Net = func(ctx context.Context) (Online, error) {
			return a.GoOnline(ctx, app.NetConfig{MDNS: true})
		}
	}
	s := NewShell(w, a, o)
	defer s.Close()
	if cfg.Passphrase != "" && a.Unlock([]byte(cfg.Passphrase)) == nil {
		s.unlocked = true
	}
	s.Opening()
	s.Start()
	go func() {
		err := <-started
		fyne.Do(func() { s.Opened(err) })
	}()
	if cfg.Screenshots != "" {
		go shootAll(fa, w, s, cfg.Screenshots)
	}
	w.ShowAndRun()
	return nil
}

func startApp(cfg RunConfig) (*app.App, error) {
	a, err := app.New(app.Deps{DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	if err := a.Start(context.Background()); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// newFyneApp is the Fyne app with the look and language chosen in the settings.
func newFyneApp(id string) fyne.App {
	fa := fyneapp.NewWithID(id)
	ApplyLook(fa, LoadLook(fa.Preferences()))
	SetLanguage(LoadLanguage(fa.Preferences()))
	return fa
}

// RunKiosk opens the kiosk full screen on a data directory that holds a
// node, and returns when it closes; idle is how long a session lasts unused.
func RunKiosk(cfg RunConfig, idle time.Duration) error {
	a, err := startApp(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.Status(); errors.Is(err, app.ErrNoNode) {
		return errKioskNoNode
	}
	fa := newFyneApp("org.dac.kiosk")
	w := fa.NewWindow("DAC")
	w.SetFullScreen(cfg.Screenshots == "") // screenshots shoot the phone and desktop sizes
	k := NewKiosk(w, a, Options{}, idle)
	defer k.Close()
	k.Start()
	if cfg.Network {
		go k.goOnline(func(ctx context.Context) (Online, error) {
			return a.GoOnline(ctx, app.NetConfig{MDNS: true})
		})
	}
	if cfg.Screenshots != "" {
		go shootKiosk(fa, w, k, cfg.Screenshots)
	}
	w.ShowAndRun()
	if k.online != nil {
		k.online.Close()
	}
	return nil
}

var errKioskNoNode = &app.UserError{Msg: "this kiosk holds no node yet: sync it with a hub (dac sync --peer CODE) or build the demo (dac demo) first"}
