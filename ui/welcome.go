package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// WelcomeScreen is the first screen on a device without an identity: create
// one, restore one, or look around the demo node.
type WelcomeScreen struct {
	s                     *Shell
	create, restore, demo *widget.Button
}

// NewWelcomeScreen builds the screen.
func NewWelcomeScreen(s *Shell) *WelcomeScreen {
	w := &WelcomeScreen{s: s}
	w.create = primary(lang.L("Create my identity"), func() { s.show(NewCreateScreen(s).Content()) })
	w.restore = widget.NewButton(lang.L("Restore from my recovery phrase"), func() { s.show(NewRestoreScreen(s).Content()) })
	w.demo = widget.NewButton(lang.L("Explore the demo node"), func() { s.show(NewDemoScreen(s).Content()) })
	return w
}

// Content is the screen's widget tree.
func (w *WelcomeScreen) Content() fyne.CanvasObject {
	return page(
		heading(lang.L("Welcome to DAC")),
		para(lang.L("DAC keeps your identity, your money and your part in your community's record on this device. "+
			"It works without the internet and catches up with your neighbours when it can.")),
		para(lang.L("Your identity is a key kept on this device, locked by a passphrase only you know.")),
		w.create, w.restore,
		widget.NewSeparator(),
		para(lang.L("Just curious? Open a demo community and try everything with play money.")),
		w.demo)
}
