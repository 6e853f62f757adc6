package ui

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/money"
)

// projectionDays and projectionStep: the chart shows a year, week by week.
const (
	projectionDays = 365
	projectionStep = 7
)

// ExplainerView says in plain words why balances fade, where they settle
// (the steady state D/d), and charts this member's balance over the year.
type ExplainerView struct {
	s       *Shell
	rules   *widget.Label
	chart   *balanceChart
	caption *widget.Label
}

// NewExplainerView builds the view.
func NewExplainerView(s *Shell) *ExplainerView {
	return &ExplainerView{s: s, rules: para(""), chart: newBalanceChart(), caption: para("")}
}

// Content is the view's widget tree.
func (v *ExplainerView) Content() fyne.CanvasObject {
	return page(heading(lang.L("How your money works")),
		widget.NewCard("", "", container.NewVBox(subheading(lang.L("Your balance over the coming year")), v.chart.raster, v.caption)),
		v.rules)
}

// Refresh re-reads the charter's rules and this member's projection.
func (v *ExplainerView) Refresh() {
	c, err := v.s.b.Charter()
	if err != nil || c.Money == nil {
		v.rules.SetText(lang.L("This node has no currency yet."))
		return
	}
	v.rules.SetText(moneyWords(*c.Money))
	pts, err := v.s.b.Projection(projectionDays, projectionStep)
	if err != nil {
		v.caption.SetText(app.Message(err))
		v.chart.set(nil, 0)
		return
	}
	target := c.Money.SteadyState()
	v.chart.set(pts, target)
	v.caption.SetText(projectionWords(pts, target))
}

// percentPerDay shows a rate in parts per billion per day as a percentage.
func percentPerDay(ppb uint32) string {
	return decimalWords(float64(ppb)/1e7, 2) + " %"
}

// moneyWords explains the charter's money rules to someone who never heard
// the word demurrage.
func moneyWords(r money.Rules) string {
	d := r.Tiers[0].RatePPB
	half := math.Log(2) / (float64(d) / 1e9)
	s := lang.L("Every member receives {{.Dividend}} units every day: the dividend. It is how new money comes into being, "+
		"the same for everyone.", args{"Dividend": formatUnits(r.Dividend)}) + "\n\n" +
		lang.L("Money also fades slowly: every night each balance loses {{.Rate}} of itself (this is called demurrage). "+
			"Left untouched, half of a sum fades in about {{.Days}} days. Money is for using and sharing, not for piling up.",
			args{"Rate": percentPerDay(d), "Days": fmt.Sprintf("%.0f", half)}) + "\n\n" +
		lang.L("Put together, every balance drifts towards the level where what fades each night equals the dividend: "+
			"{{.Target}} units (the dividend divided by the daily rate). Below it your balance grows, above it it shrinks. "+
			"So the money per person stays the same however many people join: no one can print more and prices do not creep up.",
			args{"Target": formatUnits(r.SteadyState())})
	for _, t := range r.Tiers[1:] {
		if t.From >= r.Cap {
			break // no balance reaches it
		}
		s += "\n\n" + lang.L("What you hold above {{.Units}} units fades faster, {{.Rate}} a night.",
			args{"Units": formatUnits(t.From), "Rate": percentPerDay(t.RatePPB)})
	}
	return s + "\n\n" + lang.L("No balance goes above {{.Cap}} units: anything beyond goes to the community's treasury.",
		args{"Cap": formatUnits(r.Cap)})
}

// projectionWords is the chart's caption.
func projectionWords(pts []app.ProjectedDay, target int64) string {
	if len(pts) == 0 {
		return ""
	}
	first, last := pts[0], pts[len(pts)-1]
	return lang.L("The line is your balance if you neither pay nor receive: {{.Today}} units today, {{.Later}} in {{.Days}} days. "+
		"The dashed line is where every balance settles: {{.Target}} units.",
		args{"Today": formatUnits(first.Balance), "Later": formatUnits(last.Balance), "Days": last.Day, "Target": formatUnits(target)})
}
