package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"dac/app"
)

// HomeProbe builds the shell on a started, unlocked app in a headless Fyne
// app and routes it to the main tabs, as Run does at start, with the home
// screen's figures read and laid out at phone size. `dac bench startup`
// times it (the window system's own start is not part of it).
func HomeProbe(a *app.App) error {
	fa := test.NewApp()
	defer fa.Quit()
	w := fa.NewWindow("DAC")
	defer w.Close()
	w.Resize(fyne.NewSize(360, 740))
	s := NewShell(w, a, Options{Async: func(work, then func()) { work(); then() }, Deliver: func(func()) {}})
	defer s.Close()
	s.unlocked = true
	s.Start()
	if s.main == nil {
		return errNotHome
	}
	w.Canvas().Refresh(w.Content())
	return nil
}

var errNotHome = &app.UserError{Msg: "the app did not reach the home screen (is a node open?)"}
