package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// textSizes are the text sizes offered, by name.
var textSizes = []struct {
	name  string
	scale float32
}{{"Small", 0.85}, {"Normal", 1}, {"Large", 1.25}, {"Very large", 1.5}}

// SettingsScreen chooses the look and locks the identity.
type SettingsScreen struct {
	s    *Shell
	mode *widget.RadioGroup
	size *widget.Select
	lock *widget.Button
}

var modeNames = map[string]string{ModeLight: "Light", ModeDark: "Dark", ModeContrast: "High contrast"}

// NewSettingsScreen builds the screen showing the current look.
func NewSettingsScreen(s *Shell) *SettingsScreen {
	st := &SettingsScreen{s: s}
	look := LoadLook(fyne.CurrentApp().Preferences())
	st.mode = widget.NewRadioGroup([]string{"Light", "Dark", "High contrast"}, func(string) { st.apply() })
	st.mode.Horizontal = false
	st.mode.Required = true
	var names []string
	for _, t := range textSizes {
		names = append(names, t.name)
	}
	st.size = widget.NewSelect(names, func(string) { st.apply() })
	st.mode.Selected = modeNames[look.Mode]
	st.size.Selected = "Normal"
	for _, t := range textSizes {
		if t.scale == look.Scale {
			st.size.Selected = t.name
		}
	}
	st.lock = widget.NewButton("Lock now", s.Lock)
	return st
}

// Content is the screen's widget tree.
func (st *SettingsScreen) Content() fyne.CanvasObject {
	return page(heading("Settings"), formField("Theme", st.mode), formField("Text size", st.size),
		widget.NewSeparator(),
		para("Locking forgets your key on this device until you type your passphrase again."), st.lock)
}

// apply sets the look chosen on screen.
func (st *SettingsScreen) apply() {
	l := Look{Mode: ModeLight, Scale: 1}
	for m, name := range modeNames {
		if name == st.mode.Selected {
			l.Mode = m
		}
	}
	for _, t := range textSizes {
		if t.name == st.size.Selected {
			l.Scale = t.scale
		}
	}
	ApplyLook(fyne.CurrentApp(), l)
}
