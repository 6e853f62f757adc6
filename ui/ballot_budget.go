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

// budgetForm is a participatory budget's ballot: a check box per project
// with its cost, and what the ticked projects add up to against the budget.
// (The count funds the most supported projects first, so supporting more
// than the budget covers is allowed: it says what you would fund next.)
type budgetForm struct {
	opts   []core.Option
	budget int64
	checks []*widget.Check
	total  *widget.Label
	box    *fyne.Container
}

func newBudgetForm(opts []core.Option, budget int64, mine *core.BallotRow) *budgetForm {
	f := &budgetForm{opts: opts, budget: budget, total: para(""), box: container.NewVBox()}
	for i, o := range opts {
		c := widget.NewCheck(lang.L("{{.Name}} · {{.Cost}} units", args{"Name": o.Name, "Cost": formatUnits(o.Cost)}), func(bool) { f.sum() })
		c.SetChecked(mine != nil && slices.Contains(mine.Pick, uint32(i)))
		f.checks = append(f.checks, c)
		f.box.Add(c)
	}
	f.box.Add(f.total)
	f.sum()
	return f
}

func (f *budgetForm) Content() fyne.CanvasObject { return f.box }

// sum says what the ticked projects cost against the budget.
func (f *budgetForm) sum() {
	var total int64
	for _, i := range ticked(f.checks) {
		total += f.opts[i].Cost
	}
	words := lang.L("The projects you support cost {{.Total}} of the {{.Budget}} units.",
		args{"Total": formatUnits(total), "Budget": formatUnits(f.budget)})
	if total > f.budget {
		words += " " + lang.L("More than the budget: only the most supported will be funded.")
	}
	f.total.SetText(words)
}

// Ballot is the supported projects.
func (f *budgetForm) Ballot() (core.Ballot, error) {
	pick := ticked(f.checks)
	if len(pick) == 0 {
		return core.Ballot{}, &app.UserError{Msg: lang.L("tick at least one project, or abstain")}
	}
	return core.Ballot{Pick: pick}, nil
}
