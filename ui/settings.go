package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// textSizes are the text sizes offered (their names are translated when shown).
var textSizes = []struct {
	name  string
	scale float32
}{{"Small", 0.85}, {"Normal", 1}, {"Large", 1.25}, {"Very large", 1.5}}

// modes are the themes offered, in order.
var modes = []struct{ mode, name string }{{ModeLight, "Light"}, {ModeDark, "Dark"}, {ModeContrast, "High contrast"}}

// SettingsScreen chooses the look and the language, and locks the identity.
type SettingsScreen struct {
	s     *Shell
	mode  *widget.RadioGroup
	size  *widget.Select
	lang  *widget.Select
	lock  *widget.Button
	names []string // the translated names of modes, in order
}

// NewSettingsScreen builds the screen showing the current choices.
func NewSettingsScreen(s *Shell) *SettingsScreen {
	st := &SettingsScreen{s: s}
	prefs := fyne.CurrentApp().Preferences()
	look := LoadLook(prefs)
	for _, m := range modes {
		st.names = append(st.names, lang.L(m.name))
	}
	st.mode = widget.NewRadioGroup(st.names, nil)
	st.mode.Horizontal = false
	st.mode.Required = true
	st.size = widget.NewSelect(nil, nil)
	for _, t := range textSizes {
		st.size.Options = append(st.size.Options, lang.L(t.name))
	}
	st.lang = widget.NewSelect(languageNames(), nil)
	for i, m := range modes {
		if m.mode == look.Mode {
			st.mode.Selected = st.names[i]
		}
	}
	st.size.Selected = lang.L("Normal")
	for _, t := range textSizes {
		if t.scale == look.Scale {
			st.size.Selected = lang.L(t.name)
		}
	}
	code := LoadLanguage(prefs)
	for i, l := range languages {
		if l.code == code {
			st.lang.Selected = st.lang.Options[i]
		}
	}
	st.mode.OnChanged = func(string) { st.apply() }
	st.size.OnChanged = func(string) { st.apply() }
	st.lang.OnChanged = func(string) { st.applyLanguage() }
	st.lock = widget.NewButton(lang.L("Lock now"), s.Lock)
	return st
}

// languageNames are the languages offered, each named in itself; the first
// follows the system.
func languageNames() []string {
	out := []string{lang.L("As the system")}
	for _, l := range languages[1:] {
		out = append(out, l.name)
	}
	return out
}

// Content is the screen's widget tree.
func (st *SettingsScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Settings")), formField(lang.L("Theme"), st.mode), formField(lang.L("Text size"), st.size),
		formField(lang.L("Language"), st.lang),
		formField(lang.L("Data directory"), selectable(st.s.b.DataDir())),
		widget.NewSeparator(),
		para(lang.L("Locking forgets your key on this device until you type your passphrase again.")), st.lock)
}

// apply sets the look chosen on screen.
func (st *SettingsScreen) apply() {
	l := Look{Mode: ModeLight, Scale: 1}
	for i, m := range modes {
		if st.names[i] == st.mode.Selected {
			l.Mode = m.mode
		}
	}
	for _, t := range textSizes {
		if lang.L(t.name) == st.size.Selected {
			l.Scale = t.scale
		}
	}
	ApplyLook(fyne.CurrentApp(), l)
}

// applyLanguage switches the language and builds the screens again in it
// (their words are set when they are built), staying on the settings.
func (st *SettingsScreen) applyLanguage() {
	i := max(0, st.lang.SelectedIndex())
	ApplyLanguage(fyne.CurrentApp(), languages[i].code)
	st.s.showMain()
	st.s.Tab(settingsTab)
}
