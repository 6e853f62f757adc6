package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
)

// ballotForm is one voting method's ballot (ballot_*.go): its widgets,
// prefilled with this member's current ballot, and the ballot they say.
type ballotForm interface {
	Content() fyne.CanvasObject
	Ballot() (core.Ballot, error)
}

// newBallotForm is the ballot of p's method, prefilled with mine; nil for
// yes/no questions, which are three buttons.
func newBallotForm(p app.ProposalView) ballotForm {
	mine := p.Mine
	if mine != nil && mine.Abstain {
		mine = nil // an abstention fills nothing in
	}
	opts := p.Proposal.Options
	switch p.Proposal.Method {
	case core.MethodApproval:
		return newApprovalForm(opts, mine)
	case core.MethodBudget:
		return newBudgetForm(opts, p.Proposal.Budget, mine)
	case core.MethodRanked:
		return newRankedForm(opts, mine)
	case core.MethodScore:
		return newScoreForm(opts, mine)
	}
	return nil
}

// ballotActions are the buttons under a ballot: cast what the form says,
// or abstain; yes/no questions are answered by their buttons directly.
func (v *VotesScreen) ballotActions(p app.ProposalView, f ballotForm) fyne.CanvasObject {
	abstain := widget.NewButton(lang.L("Abstain"), func() { v.cast(p, core.Ballot{Abstain: true}) })
	if f == nil {
		yes := widget.NewButton(lang.L("Yes"), func() { v.cast(p, core.Ballot{Pick: []uint32{0}}) })
		no := widget.NewButton(lang.L("No"), func() { v.cast(p, core.Ballot{Pick: []uint32{1}}) })
		if b := p.Mine; b != nil { // my ballot now stands out; no ballot yet, no button suggests one
			switch {
			case b.Abstain:
				abstain.Importance = widget.HighImportance
			case len(b.Pick) == 1 && b.Pick[0] == 0:
				yes.Importance = widget.HighImportance
			case len(b.Pick) == 1 && b.Pick[0] == 1:
				no.Importance = widget.HighImportance
			}
		}
		return container.NewGridWithColumns(3, yes, no, abstain)
	}
	cast := primary(lang.L("Cast my ballot"), func() {
		b, err := f.Ballot()
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.cast(p, b)
	})
	return container.NewVBox(f.Content(), container.NewGridWithColumns(2, cast, abstain))
}

// methodWords says how a method's ballot is filled in and counted.
func methodWords(p *core.ProposalRow) string {
	switch p.Method {
	case core.MethodApproval:
		return lang.L("Tick every option you approve of; the most approved wins.")
	case core.MethodBudget:
		return lang.L("Tick the projects you support. The most supported are funded first, each while what is left of the {{.Budget}} units covers it.",
			args{"Budget": formatUnits(p.Budget)})
	case core.MethodRanked:
		return lang.L("Rank the options you would accept, best first; leave out the others. Counted by instant run-off: the option with the fewest first choices goes out and its ballots pass to their next choice, until one has more than half.")
	case core.MethodScore:
		return lang.L("Give each option a score from 0 (not at all) to {{.Max}} (fully); the highest total wins.", args{"Max": core.MaxScore})
	}
	return ""
}

// myBallotWords says what this member's ballot chooses: now, while the
// vote is open; for good once it closed (final).
func myBallotWords(p *core.ProposalRow, b *core.BallotRow, final bool) string {
	switch {
	case b.Abstain && final:
		return lang.L("You abstained.")
	case b.Abstain:
		return lang.L("Your ballot now: you abstain.")
	case final:
		return lang.L("Your ballot: {{.Choice}}.", args{"Choice": choiceWords(p, b)})
	}
	return lang.L("Your ballot now: {{.Choice}}.", args{"Choice": choiceWords(p, b)})
}

// choiceWords is what a ballot chooses, in the method's terms.
func choiceWords(p *core.ProposalRow, b *core.BallotRow) string {
	name := func(i uint32) string {
		if int(i) < len(p.Options) {
			return p.Options[i].Name
		}
		return "?"
	}
	var parts []string
	switch p.Method {
	case core.MethodYesNo:
		parts = append(parts, map[bool]string{true: lang.L("yes"), false: lang.L("no")}[len(b.Pick) == 1 && b.Pick[0] == 0])
	case core.MethodScore:
		for i, s := range b.Scores {
			parts = append(parts, name(uint32(i))+" "+strconv.Itoa(int(s)))
		}
	case core.MethodRanked:
		for i, o := range b.Pick {
			parts = append(parts, strconv.Itoa(i+1)+". "+name(o))
		}
	default:
		for _, o := range b.Pick {
			parts = append(parts, name(o))
		}
	}
	return strings.Join(parts, ", ")
}
