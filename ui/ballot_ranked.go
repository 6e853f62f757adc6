package ui

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
)

// rankedForm is a ranked-choice ballot: the options ranked so far, best
// first, each with up, down and leave-out buttons, then the options left
// out, each with a button to rank it next. It starts from this member's
// ballot, or with nothing ranked (no order is suggested).
type rankedForm struct {
	opts    []core.Option
	ranking []uint32
	box     *fyne.Container
}

func newRankedForm(opts []core.Option, mine *core.BallotRow) *rankedForm {
	f := &rankedForm{opts: opts, box: container.NewVBox()}
	if mine != nil {
		f.ranking = slices.Clone(mine.Pick)
	}
	f.build()
	return f
}

func (f *rankedForm) Content() fyne.CanvasObject { return f.box }

// build lays the two lists out again after a change.
func (f *rankedForm) build() {
	var rows []fyne.CanvasObject
	if len(f.ranking) == 0 {
		rows = append(rows, para(lang.L("Nothing ranked yet: add the options in the order you prefer them.")))
	}
	for pos, o := range f.ranking {
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.move(pos, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.move(pos, 1) })
		out := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { f.leaveOut(pos) })
		if pos == 0 {
			up.Disable()
		}
		if pos == len(f.ranking)-1 {
			down.Disable()
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, container.NewHBox(up, down, out),
			para(strconv.Itoa(pos+1)+". "+f.opts[o].Name)))
	}
	for i, o := range f.opts {
		if slices.Contains(f.ranking, uint32(i)) {
			continue
		}
		add := widget.NewButtonWithIcon(lang.L("Rank"), theme.ContentAddIcon(), func() { f.add(uint32(i)) })
		rows = append(rows, container.NewBorder(nil, nil, nil, add, para(o.Name)))
	}
	f.box.Objects = rows
	f.box.Refresh()
}

// add ranks option i after those ranked already.
func (f *rankedForm) add(i uint32) {
	f.ranking = append(f.ranking, i)
	f.build()
}

// move swaps the option at pos with its neighbour above (-1) or below (1).
func (f *rankedForm) move(pos, by int) {
	if to := pos + by; to >= 0 && to < len(f.ranking) {
		f.ranking[pos], f.ranking[to] = f.ranking[to], f.ranking[pos]
		f.build()
	}
}

// leaveOut takes the option at pos out of the ranking.
func (f *rankedForm) leaveOut(pos int) {
	f.ranking = slices.Delete(f.ranking, pos, pos+1)
	f.build()
}

// Ballot is the ranking.
func (f *rankedForm) Ballot() (core.Ballot, error) {
	if len(f.ranking) == 0 {
		return core.Ballot{}, &app.UserError{Msg: lang.L("rank at least one option, or abstain")}
	}
	return core.Ballot{Pick: slices.Clone(f.ranking)}, nil
}
