package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/charter"
)

// WorkScreen holds contribution income and the treasury: logging one's
// work, attesting others' (coordinators), and the treasury (stewards).
type WorkScreen struct {
	tabs     *switcher
	mine     *MyWorkView
	attest   *AttestView
	treasury *TreasuryView
}

// NewWorkScreen builds the screen.
func NewWorkScreen(s *Shell) *WorkScreen {
	w := &WorkScreen{mine: NewMyWorkView(s), attest: NewAttestView(s), treasury: NewTreasuryView(s)}
	w.tabs = newSwitcher(view{lang.L("My work"), w.mine.Content()}, view{lang.L("Attest"), w.attest.Content()},
		view{lang.L("Treasury"), w.treasury.Content()})
	return w
}

// Content is the screen's widget tree.
func (w *WorkScreen) Content() fyne.CanvasObject { return w.tabs.content }

// Show selects view i (0 my work, 1 attest, 2 treasury).
func (w *WorkScreen) Show(i int) { w.tabs.Select(i) }

// Refresh re-reads every view.
func (w *WorkScreen) Refresh() {
	w.mine.Refresh()
	w.attest.Refresh()
	w.treasury.Refresh()
}

// MyWorkView logs this member's work and lists what they logged lately.
type MyWorkView struct {
	s     *Shell
	intro *widget.Label
	role  *widget.Select
	roles []charter.Role
	hours *widget.Entry
	note  *widget.Entry
	log   *widget.Button
	msg   message
	list  *widget.Label
}

// NewMyWorkView builds the view.
func NewMyWorkView(s *Shell) *MyWorkView {
	v := &MyWorkView{s: s, intro: para(""), role: widget.NewSelect(nil, nil), hours: widget.NewEntry(),
		note: widget.NewEntry(), msg: newMessage(), list: para("")}
	v.hours.SetPlaceHolder(lang.L("e.g. 1.5"))
	v.note.SetPlaceHolder(lang.L("what you did (optional)"))
	v.log = primary(lang.L("Log my work"), v.doLog)
	return v
}

// Content is the view's widget tree.
func (v *MyWorkView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Your work")), v.intro, formField(lang.L("Kind of work"), v.role),
		formField(lang.L("Hours today"), v.hours), formField(lang.L("Note"), v.note), v.log, v.msg.Label,
		widget.NewSeparator(), subheading(lang.L("Logged lately")), v.list)
}

// Refresh re-reads the charter's roles and this member's logs.
func (v *MyWorkView) Refresh() {
	c, err := v.s.b.Charter()
	if err != nil || c.Contribution == nil || len(c.Contribution.Roles) == 0 {
		v.intro.SetText(lang.L("This node pays no contribution income."))
		v.roles = nil
		v.log.Disable()
		return
	}
	v.log.Enable()
	v.intro.SetText(lang.L("Log the hours you worked for the community. Once the coordinator of the work attests them, "+
		"the treasury pays you at the charter's rate, up to {{.Units}} units a month.",
		args{"Units": formatUnits(c.Contribution.MonthlyCeiling)}))
	v.roles = c.Contribution.Roles
	var names []string
	for _, r := range v.roles {
		names = append(names, lang.L("{{.Role}} · {{.Units}} units an hour", args{"Role": r.Name, "Units": formatUnits(r.PerHour)}))
	}
	v.role.SetOptions(names)
	if v.role.SelectedIndex() < 0 {
		v.role.SetSelectedIndex(0)
	}
	v.list.SetText(v.logged())
}

// logged lists this member's latest logs, one a line.
func (v *MyWorkView) logged() string {
	me, err := v.s.b.Whoami()
	if err != nil {
		return errWords(err)
	}
	logs, err := v.s.b.WorkLogs(&me)
	if err != nil {
		return errWords(err)
	}
	if len(logs) == 0 {
		return lang.L("Nothing logged yet.")
	}
	var out []string
	for _, w := range logs[:min(len(logs), 20)] {
		state := lang.L("waiting for the coordinator")
		if w.Attested {
			state = lang.L("attested")
		}
		out = append(out, workWords(w)+" · "+state)
	}
	return strings.Join(out, "\n")
}

func (v *MyWorkView) doLog() {
	i := v.role.SelectedIndex()
	if i < 0 || i >= len(v.roles) {
		v.msg.fail(&app.UserError{Msg: lang.L("choose the kind of work first")})
		return
	}
	minutes, err := parseHours(v.hours.Text)
	if err != nil {
		v.msg.fail(err)
		return
	}
	if _, err := v.s.b.LogWork(v.roles[i].Name, minutes, strings.TrimSpace(v.note.Text)); err != nil {
		v.msg.fail(err)
		return
	}
	v.msg.ok(lang.L("Logged {{.Time}} of {{.Role}}. The coordinator will attest it.",
		args{"Time": durationWords(minutes), "Role": v.roles[i].Name}))
	v.hours.SetText("")
	v.note.SetText("")
	v.Refresh()
}

// parseHours reads "2", "1.5" or "1,5" hours as minutes (at most a day).
func parseHours(s string) (uint32, error) {
	h, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil || h <= 0 || h > 24 {
		return 0, &app.UserError{Msg: lang.L("write the hours as a number from 0.25 to 24, like 1.5")}
	}
	return uint32(h*60 + 0.5), nil
}

// durationWords is minutes as "1 h 30 min".
func durationWords(minutes uint32) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return lang.L("{{.M}} min", args{"M": m})
	case m == 0:
		return lang.L("{{.H}} h", args{"H": h})
	}
	return lang.L("{{.H}} h {{.M}} min", args{"H": h, "M": m})
}

// workWords is a log on one line: date, role, time, note.
func workWords(w app.WorkItem) string {
	s := dayWords(w.Time) + " · " + w.Role + " · " + durationWords(w.Minutes)
	if w.Note != "" {
		s += " · " + w.Note
	}
	return s
}
