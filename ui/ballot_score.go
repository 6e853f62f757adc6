package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"dac/core"
)

// scoreForm is a score ballot: a score from 0 to core.MaxScore per option.
type scoreForm struct {
	scores []*widget.Select
	box    *fyne.Container
}

func newScoreForm(opts []core.Option, mine *core.BallotRow) *scoreForm {
	var levels []string
	for s := range core.MaxScore + 1 {
		levels = append(levels, strconv.Itoa(s))
	}
	f := &scoreForm{box: container.NewVBox()}
	for i, o := range opts {
		sel := widget.NewSelect(levels, nil)
		sel.SetSelectedIndex(0)
		if mine != nil && i < len(mine.Scores) {
			sel.SetSelectedIndex(int(mine.Scores[i]))
		}
		f.scores = append(f.scores, sel)
		f.box.Add(container.NewBorder(nil, nil, nil, sel, container.New(layout.NewStackLayout(), para(o.Name))))
	}
	return f
}

func (f *scoreForm) Content() fyne.CanvasObject { return f.box }

// Ballot is the scores in the options' order.
func (f *scoreForm) Ballot() (core.Ballot, error) {
	var sc []uint32
	for _, s := range f.scores {
		sc = append(sc, uint32(max(s.SelectedIndex(), 0)))
	}
	return core.Ballot{Scores: sc}, nil
}
