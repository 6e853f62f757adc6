package ui

import (
	"errors"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// Small building blocks the screens share.

// heading is a screen's title.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// subheading titles a part of a screen (wrapping, unlike a card title).
func subheading(text string) *widget.Label {
	l := heading(text)
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// para is a paragraph of plain words that wraps to the window.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// args is the data of a translated template: lang.L("Sent {{.N}}", args{"N": n}).
type args = map[string]any

// message is where a screen tells the person what happened.
type message struct{ *widget.Label }

func newMessage() message {
	l := para("")
	l.Hide()
	return message{l}
}

// fail shows err in plain words (never a Go error string), translated
// when the sentence is one the translations know.
func (m message) fail(err error) { m.set(errWords(err), widget.DangerImportance) }

// errWords is err in the member's language: the app's template with its
// values (amounts and dates written as the language writes them), or the
// app's fixed sentence, translated when the translations know it.
func errWords(err error) string {
	var u *app.UserError
	if !errors.As(err, &u) || u.Tmpl == "" {
		return lang.L(app.Message(err))
	}
	a := args{}
	for k, v := range u.Args {
		switch v := v.(type) {
		case app.Units:
			a[k] = formatUnits(int64(v))
		case app.When:
			a[k] = dayTimeWords(int64(v))
		default:
			a[k] = v
		}
	}
	return lang.L(u.Tmpl, a)
}

// ok shows a success.
func (m message) ok(text string) { m.set(text, widget.SuccessImportance) }

// info shows a neutral note.
func (m message) info(text string) { m.set(text, widget.MediumImportance) }

func (m message) set(text string, imp widget.Importance) {
	m.Importance = imp
	m.SetText(text)
	m.Show()
}

func (m message) clear() { m.SetText(""); m.Hide() }

// page is a screen's body: padded, stacked, scrolling when it is taller
// than the window (phones).
func page(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

// primary is the button of a screen's main action.
func primary(label string, tapped func()) *widget.Button {
	b := widget.NewButton(label, tapped)
	b.Importance = widget.HighImportance
	return b
}

// formField is a labelled input, stacked (labels above inputs fit phones).
func formField(label string, input fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(label)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewVBox(l, input)
}

// selectable is a label whose text can be selected and copied (paths, keys).
func selectable(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	return l
}
