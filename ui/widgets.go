package ui

import (
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
// when the sentence is one the translations know (the app's fixed ones).
func (m message) fail(err error) { m.set(lang.L(app.Message(err)), widget.DangerImportance) }

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
