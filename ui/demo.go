package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/demo"
)

// demoConfig is the demo the GUI opens: a village of sixty over a month,
// small enough to build in seconds on a phone.
var demoConfig = demo.Config{Members: 60, Days: 30, Seed: 1}

// DemoScreen builds the demo node and opens it. On a device without an
// identity it also takes the key of one demo resident (sealed under a
// passphrase chosen here), so the wallet works with play money.
type DemoScreen struct {
	s        *Shell
	cfg      demo.Config
	pass     *passphrasePair // nil when the device has an identity
	open     *widget.Button
	progress *widget.ProgressBar
	msg      message
}

// NewDemoScreen builds the screen.
func NewDemoScreen(s *Shell) *DemoScreen {
	d := &DemoScreen{s: s, cfg: s.o.Demo, progress: widget.NewProgressBar(), msg: newMessage()}
	if !s.b.HasIdentity() {
		d.pass = newPassphrasePair()
	}
	d.open = primary(lang.L("Open the demo node"), d.doOpen)
	d.progress.Hide()
	return d
}

// Content is the screen's widget tree.
func (d *DemoScreen) Content() fyne.CanvasObject {
	objs := []fyne.CanvasObject{heading(lang.L("The demo node")),
		para(lang.L("A made-up community of {{.Members}} people over {{.Days}} days: they join, vouch for each other, "+
			"pay each other and do paid work. Nothing you do there is real.", args{"Members": d.cfg.Members, "Days": d.cfg.Days}))}
	if d.pass != nil {
		objs = append(objs, para(lang.L("You will act as one of its residents. Their key is public, so never use it "+
			"for real money. Choose a passphrase to lock it on this device.")), d.pass.content())
	}
	objs = append(objs, d.open, d.progress, d.msg.Label, widget.NewButton(lang.L("Back"), d.s.Route))
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

func (d *DemoScreen) doOpen() {
	var pass []byte
	if d.pass != nil {
		var err error
		if pass, err = d.pass.value(); err != nil {
			d.msg.fail(err)
			return
		}
	}
	d.open.Disable()
	d.progress.Show()
	d.msg.info(lang.L("Building the demo node…"))
	var err error
	d.s.o.Async(func() { err = d.build(pass) }, func() {
		d.open.Enable()
		if err != nil {
			d.msg.fail(err)
			return
		}
		if pass != nil {
			d.s.unlocked = true
		}
		d.s.Route()
	})
}

// build runs off the UI goroutine; progress comes back through fyne.Do.
func (d *DemoScreen) build(pass []byte) error {
	cfg := d.cfg
	if cfg.Start == 0 { // a living node: its open votes, emergencies and rations period are today's
		cfg = demo.EndingBy(cfg, d.s.o.Now().UnixMilli())
	}
	_, err := d.s.b.BuildDemo(cfg, func(done, total int) {
		d.s.o.Deliver(func() { d.progress.SetValue(float64(done) / float64(total)) })
	})
	if err != nil || pass == nil {
		return err
	}
	phrase, err := app.DemoPhrase(d.cfg.Seed, app.DemoResident)
	if err != nil {
		return err
	}
	_, err = d.s.b.RestoreIdentity(phrase, pass)
	return err
}
