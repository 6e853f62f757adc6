package ui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
)

// shot is one screenshot: a name and how to get the screen there.
type shot struct {
	name string
	show func(s *Shell)
}

// mainShots are the screens of a device with an open node, in tab order.
var mainShots = []shot{
	{"home", func(s *Shell) { s.Tab(0) }},
	{"wallet-send", func(s *Shell) { s.Tab(1); s.wallet.Show(0) }},
	{"wallet-receive", func(s *Shell) { s.wallet.Show(1) }},
	{"wallet-history", func(s *Shell) { s.wallet.Show(2) }},
	{"wallet-explainer", func(s *Shell) { s.wallet.Show(3) }},
	{"node-charter", func(s *Shell) { s.Tab(2); s.node.Show(0) }},
	{"node-members", func(s *Shell) { s.node.Show(1) }},
	{"node-audit", func(s *Shell) { s.node.Show(2) }},
	{"settings", func(s *Shell) { s.Tab(3) }},
	{"unlock", func(s *Shell) { s.Lock() }},
}

// welcomeShots are the onboarding screens of a device with no identity.
var welcomeShots = []shot{
	{"welcome", func(s *Shell) { s.Route() }},
	{"create", func(s *Shell) { s.show(NewCreateScreen(s).Content()) }},
	{"restore", func(s *Shell) { s.show(NewRestoreScreen(s).Content()) }},
	{"demo", func(s *Shell) { s.show(NewDemoScreen(s).Content()) }},
}

// screenSizes are the window sizes shot: a phone and a desktop.
var screenSizes = []struct {
	name string
	size fyne.Size
}{{"phone", fyne.NewSize(360, 740)}, {"desktop", fyne.NewSize(1280, 800)}}

// shootAll saves dir/<size>-<screen>.png for every screen and size, then
// quits. It runs on its own goroutine; every UI call goes through fyne.Do.
func shootAll(a fyne.App, w fyne.Window, s *Shell, dir string) {
	defer fyne.Do(a.Quit)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		return
	}
	var main bool
	fyne.DoAndWait(func() { main = s.main != nil })
	shots := welcomeShots
	if main {
		shots = mainShots
	}
	for _, sz := range screenSizes {
		fyne.DoAndWait(func() { w.Resize(sz.size); s.Route() })
		for _, sh := range shots {
			fyne.DoAndWait(func() { sh.show(s) })
			if err := saveShot(w, filepath.Join(dir, sz.name+"-"+sh.name+".png")); err != nil {
				fmt.Fprintln(os.Stderr, "screenshots:", err)
				return
			}
		}
		fyne.DoAndWait(func() { s.unlocked = main })
	}
}

func saveShot(w fyne.Window, path string) error {
	time.Sleep(700 * time.Millisecond) // let the window repaint at its new size
	var err error
	fyne.DoAndWait(func() {
		img := w.Canvas().Capture()
		var f *os.File
		if f, err = os.Create(path); err != nil {
			return
		}
		defer f.Close()
		err = png.Encode(f, img)
	})
	return err
}
