package ui

import (
	"context"

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

// Run opens the window and returns when it closes.
func Run(cfg RunConfig) error {
	a, err := app.New(app.Deps{DataDir: cfg.DataDir})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Start(context.Background()); err != nil {
		return err
	}
	fa := fyneapp.NewWithID("org.dac.citizen")
	ApplyLook(fa, LoadLook(fa.Preferences()))
	SetLanguage(LoadLanguage(fa.Preferences()))
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
	s.Start()
	if cfg.Screenshots != "" {
		go shootAll(fa, w, s, cfg.Screenshots)
	}
	w.ShowAndRun()
	return nil
}
