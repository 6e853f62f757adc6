package ui

import (
	"fmt"
	"image/png"
	"os"
	"os/exec"
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
	{"home", func(s *Shell) { s.Tab(tabHome) }},
	{"wallet-send", func(s *Shell) { s.Tab(tabWallet); s.wallet.Show(0) }},
	{"wallet-receive", func(s *Shell) { s.wallet.Show(1) }},
	{"wallet-history", func(s *Shell) { s.wallet.Show(2) }},
	{"wallet-explainer", func(s *Shell) { s.wallet.Show(3) }},
	{"work-mine", func(s *Shell) { s.Tab(tabCommunity); s.life.Show(subWork); s.work.Show(0) }},
	{"work-attest", func(s *Shell) { s.work.Show(1) }},
	{"work-treasury", func(s *Shell) { s.work.Show(2) }},
	{"community-housing", func(s *Shell) { s.life.Show(subHousing) }},
	{"community-rations", func(s *Shell) { s.life.Show(subRations) }},
	{"community-votes", func(s *Shell) { s.life.Show(subVotes) }},
	{"community-offices", func(s *Shell) { s.life.Show(subOffices) }},
	// gvote2: delegations and the sanction case view (then the votes view back on its proposals).
	{"community-delegations", func(s *Shell) { s.life.Show(subVotes); s.life.subs[subVotes].(*VotesScreen).Show(1) }},
	{"community-sanctions", func(s *Shell) { s.life.subs[subVotes].(*VotesScreen).Show(0); s.life.Show(subSanctions) }},
	{"node-charter", func(s *Shell) { s.Tab(tabNode); s.node.Show(0) }},
	{"node-members", func(s *Shell) { s.node.Show(1) }},
	{"node-audit", func(s *Shell) { s.node.Show(2) }},
	{"node-sync", func(s *Shell) { s.node.Show(3) }},
	{"settings", func(s *Shell) { s.Tab(tabSettings) }},
	{"settings-it", func(s *Shell) { s.settings.lang.SetSelected("Italiano") }},
	{"home-it", func(s *Shell) { s.Tab(tabHome) }},
	{"unlock", func(s *Shell) { // back to the system's language first
		s.Tab(tabSettings)
		s.settings.lang.SetSelectedIndex(0)
		s.Lock()
	}},
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

// shotPassphrase locks the demo resident's key during a screenshot run
// (play money on a throwaway data directory).
const shotPassphrase = "screenshots of the demo"

// shootAll saves dir/<size>-<screen>.png for every screen and size, then
// quits. On a device with no identity it shoots the onboarding, opens the
// demo node through the demo screen as a person would, and goes on with the
// main screens. It runs on its own goroutine; every UI call goes through
// fyne.Do.
func shootAll(a fyne.App, w fyne.Window, s *Shell, dir string) {
	defer fyne.Do(a.Quit)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		return
	}
	opened(s)
	if !onMain(s) {
		if err := shootEach(w, s, dir, welcomeShots); err != nil {
			fmt.Fprintln(os.Stderr, "screenshots:", err)
			return
		}
		if err := openDemo(s); err != nil {
			fmt.Fprintln(os.Stderr, "screenshots:", err)
			return
		}
	}
	if err := shootEach(w, s, dir, mainShots); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
	}
}

// opened waits until the shell has opened the node.
func opened(s *Shell) {
	for {
		var opening bool
		fyne.DoAndWait(func() { opening = s.opening })
		if !opening {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func onMain(s *Shell) (main bool) {
	fyne.DoAndWait(func() { main = s.main != nil })
	return main
}

// openDemo goes through the demo screen and waits for the main screens.
func openDemo(s *Shell) error {
	var d *DemoScreen
	fyne.DoAndWait(func() {
		d = NewDemoScreen(s)
		s.show(d.Content())
		d.pass.pass.SetText(shotPassphrase)
		d.pass.again.SetText(shotPassphrase)
		d.doOpen()
	})
	for range 600 {
		if onMain(s) {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	var msg string
	fyne.DoAndWait(func() { msg = d.msg.Text })
	return fmt.Errorf("the demo did not open: %s", msg)
}

// shootEach shoots shots at every size.
func shootEach(w fyne.Window, s *Shell, dir string, shots []shot) error {
	for _, sz := range screenSizes {
		fyne.DoAndWait(func() { w.Resize(sz.size); s.Route() })
		for _, sh := range shots {
			fyne.DoAndWait(func() { sh.show(s) })
			if err := saveShot(w, filepath.Join(dir, sz.name+"-"+sh.name+".png")); err != nil {
				return err
			}
		}
		fyne.DoAndWait(func() {
			if s.b.HasIdentity() && s.b.Unlock([]byte(shotPassphrase)) == nil {
				s.unlocked = true // the last main shot locked it
			}
		})
	}
	return nil
}

// saveShot writes the window as a PNG. Under X11 it grabs the screen with
// ImageMagick's import, as a person would see it (Fyne's own Capture comes
// out black under Xvfb's software GL); elsewhere it uses Capture.
func saveShot(w fyne.Window, path string) error {
	time.Sleep(700 * time.Millisecond) // let the window repaint at its new size
	if _, err := exec.LookPath("import"); err == nil && os.Getenv("DISPLAY") != "" {
		var sz fyne.Size
		var scale float32
		fyne.DoAndWait(func() { sz, scale = w.Canvas().Size(), w.Canvas().Scale() })
		crop := fmt.Sprintf("%dx%d+0+0", int(sz.Width*scale), int(sz.Height*scale))
		if out, err := exec.Command("import", "-window", "root", "-crop", crop, path).CombinedOutput(); err != nil {
			return fmt.Errorf("import: %v: %s", err, out)
		}
		return nil
	}
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
