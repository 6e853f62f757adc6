package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
)

// approvalForm is an approval ballot: a check box per option.
type approvalForm struct {
	checks []*widget.Check
	box    *fyne.Container
}

func newApprovalForm(opts []core.Option, mine *core.BallotRow) *approvalForm {
	f := &approvalForm{box: container.NewVBox()}
	for i, o := range opts {
		c := widget.NewCheck(o.Name, nil)
		c.SetChecked(mine != nil && slices.Contains(mine.Pick, uint32(i)))
		f.checks = append(f.checks, c)
		f.box.Add(c)
	}
	return f
}

func (f *approvalForm) Content() fyne.CanvasObject { return f.box }

// Ballot is the ticked options.
func (f *approvalForm) Ballot() (core.Ballot, error) {
	pick := ticked(f.checks)
	if len(pick) == 0 {
		return core.Ballot{}, &app.UserError{Msg: lang.L("tick at least one option, or abstain")}
	}
	return core.Ballot{Pick: pick}, nil
}

// ticked lists the indexes of the checked boxes.
func ticked(cs []*widget.Check) []uint32 {
	var out []uint32
	for i, c := range cs {
		if c.Checked {
			out = append(out, uint32(i))
		}
	}
	return out
}
