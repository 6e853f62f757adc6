package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// switcher shows one of several views under a row of equal buttons. Unlike
// nested AppTabs, it shrinks to a phone's width: the buttons share it.
type switcher struct {
	buttons  []*widget.Button
	views    []fyne.CanvasObject
	selected int
	content  fyne.CanvasObject
}

// view is one view of a switcher and its button's label.
type view struct {
	label string
	body  fyne.CanvasObject
}

func newSwitcher(vs ...view) *switcher {
	s := &switcher{}
	bar := container.NewGridWithColumns(len(vs))
	for i, v := range vs {
		b := widget.NewButton(v.label, func() { s.Select(i) })
		s.buttons = append(s.buttons, b)
		s.views = append(s.views, v.body)
		bar.Add(b)
	}
	s.content = container.NewBorder(container.NewPadded(bar), nil, nil, nil, container.NewStack(s.views...))
	s.Select(0)
	return s
}

// Select shows view i.
func (s *switcher) Select(i int) {
	s.selected = i
	for j, v := range s.views {
		b := s.buttons[j]
		if j == i {
			v.Show()
			b.Importance = widget.HighImportance
		} else {
			v.Hide()
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}
