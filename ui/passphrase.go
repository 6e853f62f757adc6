package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// passphrasePair asks for a new passphrase twice and hints at its strength.
type passphrasePair struct {
	pass, again *widget.Entry
	strength    *widget.ProgressBar
	hint        *widget.Label
}

func newPassphrasePair() *passphrasePair {
	p := &passphrasePair{pass: widget.NewPasswordEntry(), again: widget.NewPasswordEntry(),
		strength: widget.NewProgressBar(), hint: para("")}
	p.pass.SetPlaceHolder(lang.L("at least 8 characters; a few words is best"))
	p.again.SetPlaceHolder(lang.L("the same again"))
	p.strength.Max = 4
	p.strength.TextFormatter = func() string { return "" }
	p.pass.OnChanged = p.rate
	p.rate("")
	return p
}

func (p *passphrasePair) rate(s string) {
	score, hint := app.PassphraseStrength(s)
	p.strength.SetValue(float64(score))
	if s == "" {
		p.strength.Hide() // an empty meter reads as another input
	} else {
		p.strength.Show()
	}
	p.hint.SetText(lang.L("Strength: {{.Hint}}", args{"Hint": lang.L(hint)}))
}

func (p *passphrasePair) content() fyne.CanvasObject {
	return container.NewVBox(formField(lang.L("Passphrase"), p.pass), p.strength, p.hint,
		formField(lang.L("Passphrase again"), p.again))
}

// value is the passphrase, or a plain reason it cannot be used.
func (p *passphrasePair) value() ([]byte, error) {
	if len(p.pass.Text) < app.MinPassphrase {
		return nil, errors.New(lang.L("the passphrase is too short: use at least 8 characters"))
	}
	if p.pass.Text != p.again.Text {
		return nil, errors.New(lang.L("the two passphrases differ: type the same one twice"))
	}
	return []byte(p.pass.Text), nil
}

// clear forgets what was typed.
func (p *passphrasePair) clear() {
	p.pass.SetText("")
	p.again.SetText("")
}
