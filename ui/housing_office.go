package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/ids"
)

// newHousingCard is the home screen's housing card: the dwelling, or the
// application's rank, in a line or two; hidden when there is neither.
func newHousingCard(s *Shell) part {
	return newHomeCard(lang.L("Housing"), func() (string, bool) {
		m, err := s.b.MyHousing()
		if err != nil || (m.Home == nil && !m.Waiting && !m.Unopened) {
			return "", false
		}
		rules, _ := s.b.HousingRules()
		return housingWords(rules, m), true
	})
}

// kioskHousingTab is the housing office's counter at a kiosk, for a
// signed-in resident who holds the office (nil otherwise).
func kioskHousingTab(k *Kiosk, s *Shell) *kioskTab {
	rules, err := s.b.HousingRules()
	if err != nil || rules == nil || !rules.InOffice(k.who) {
		return nil
	}
	v := NewHousingOffice(s)
	return &kioskTab{item: container.NewTabItemWithIcon(lang.L("Housing office"), theme.StorageIcon(), v.Content()), p: v}
}

// HousingOffice is the housing office's counter: register dwellings, see
// the applications waiting, close a round and audit it.
type HousingOffice struct {
	s        *Shell
	rules    *charter.Housing
	label    *widget.Entry
	district *widget.Select
	rooms    *widget.Entry
	area     *widget.Entry
	features *widget.CheckGroup
	repair   *widget.Select
	apps     *widget.Label
	summary  *widget.Label
	close    *widget.Button
	rounds   *widget.Select
	roundIDs []ids.Hash
	audit    *widget.Label
	msg      message
}

// NewHousingOffice builds the counter.
func NewHousingOffice(s *Shell) *HousingOffice {
	v := &HousingOffice{s: s, label: widget.NewEntry(), district: widget.NewSelect(nil, nil), rooms: widget.NewEntry(),
		area: widget.NewEntry(), features: widget.NewCheckGroup(nil, nil), apps: para(""), summary: para(""),
		rounds: widget.NewSelect(nil, nil), audit: para(""), msg: newMessage()}
	v.repair = widget.NewSelect([]string{lang.L("poor"), lang.L("fair"), lang.L("good")}, nil)
	v.repair.SetSelectedIndex(1)
	v.label.SetPlaceHolder(lang.L("address or name"))
	v.rooms.SetPlaceHolder(lang.L("e.g. 3"))
	v.area.SetPlaceHolder(lang.L("e.g. 70"))
	v.close = primary(lang.L("Close the round"), v.doClose)
	v.rounds.OnChanged = func(string) { v.audit.SetText(v.auditWords()) }
	return v
}

// Content is the counter's widget tree.
func (v *HousingOffice) Content() fyne.CanvasObject {
	return page(heading(lang.L("Housing office")),
		subheading(lang.L("Register a dwelling")), formField(lang.L("Label"), v.label),
		formField(lang.L("District"), v.district), formField(lang.L("Rooms"), v.rooms),
		formField(lang.L("Floor area, m²"), v.area), formField(lang.L("Accessibility features"), v.features),
		formField(lang.L("State of repair"), v.repair), primary(lang.L("Register the dwelling"), v.doRegister),
		widget.NewSeparator(), subheading(lang.L("Applications")), v.apps, widget.NewSeparator(),
		subheading(lang.L("Allocation round")), v.summary, v.close, v.msg.Label, widget.NewSeparator(),
		subheading(lang.L("Audit of a round")), v.rounds, v.audit)
}

// Refresh re-reads dwellings, applications and rounds.
func (v *HousingOffice) Refresh() {
	ds, rules, err := v.s.b.Dwellings()
	if err != nil || rules == nil {
		v.summary.SetText(errWords(err))
		return
	}
	v.rules = rules
	v.district.SetOptions(rules.Districts)
	if v.district.SelectedIndex() < 0 && len(rules.Districts) > 0 {
		v.district.SetSelectedIndex(0)
	}
	v.features.Options = rules.Features
	v.features.Refresh()
	unopened, waiting := v.refreshApps()
	free := 0
	for _, d := range ds {
		if d.Home.Holder.IsZero() {
			free++
		}
	}
	v.summary.SetText(lang.L("Closing the round now opens {{.Unopened}} new application(s), then offers {{.Free}} free dwelling(s) "+
		"of {{.All}} to the {{.Waiting}} household(s) waiting, by date of application, and folds the swaps and returns made since.",
		args{"Unopened": unopened, "Free": free, "All": len(ds), "Waiting": unopened + waiting}))
	v.refreshRounds()
}

// refreshApps lists the applications not housed yet; it counts them.
func (v *HousingOffice) refreshApps() (unopened, waiting int) {
	apps, err := v.s.b.Applications()
	if err != nil {
		v.apps.SetText(errWords(err))
		return
	}
	var lines []string
	for _, a := range apps {
		switch a.Status {
		case "unopened":
			unopened++
		case "waiting":
			waiting++
		default:
			continue
		}
		needs := lang.L("needs not readable")
		if a.Err == "" {
			needs = needsWords(v.rules, a.Needs.Attrs)
		}
		lines = append(lines, lang.L("member {{.Key}} · {{.Size}} person(s) · {{.Needs}}",
			args{"Key": a.Applicant.Short(), "Size": a.Needs.Attrs.Size, "Needs": needs}))
	}
	if len(lines) == 0 {
		v.apps.SetText(lang.L("No application is waiting."))
		return
	}
	v.apps.SetText(strings.Join(lines, "\n"))
	return
}

func (v *HousingOffice) refreshRounds() {
	rs, err := v.s.b.Rounds()
	if err != nil {
		v.audit.SetText(errWords(err))
		return
	}
	var names []string
	v.roundIDs = nil
	for _, r := range rs {
		names = append(names, lang.L("Round {{.N}} · {{.Allocs}} allocation(s)", args{"N": r.N, "Allocs": len(r.Allocs)}))
		v.roundIDs = append(v.roundIDs, r.ID)
	}
	v.rounds.SetOptions(names)
	if len(names) == 0 {
		v.audit.SetText(lang.L("No round was closed yet."))
		return
	}
	if v.rounds.SelectedIndex() < 0 {
		v.rounds.SetSelectedIndex(0)
	}
	v.audit.SetText(v.auditWords())
}

// auditWords recomputes the chosen round and says why each household got
// what it got.
func (v *HousingOffice) auditWords() string {
	i := v.rounds.SelectedIndex()
	if i < 0 || i >= len(v.roundIDs) {
		return ""
	}
	ra, err := v.s.b.AuditRound(v.roundIDs[i])
	if err != nil {
		return errWords(err)
	}
	head := lang.L("Recomputed from its inputs: the same allocation as the one in force.")
	if !ra.Agrees {
		head = lang.L("Recomputed from its inputs: a DIFFERENT allocation from the one in force. Tell the members.")
	}
	lines := []string{head}
	for _, l := range ra.Lines {
		lines = append(lines, fmt.Sprintf("%d. %s · %s", l.Rank, l.Applicant.Short(), l.Why))
	}
	return strings.Join(lines, "\n")
}

func (v *HousingOffice) doRegister() {
	rooms, err1 := strconv.Atoi(strings.TrimSpace(v.rooms.Text))
	area, err2 := strconv.Atoi(strings.TrimSpace(v.area.Text))
	switch {
	case strings.TrimSpace(v.label.Text) == "":
		v.msg.fail(&app.UserError{Msg: "give the dwelling a label (its address or name)"})
		return
	case err1 != nil || rooms < 1 || rooms > 255 || err2 != nil || area < 1:
		v.msg.fail(&app.UserError{Msg: "write the rooms and the floor area as whole numbers above zero"})
		return
	}
	d := core.Dwelling{Label: strings.TrimSpace(v.label.Text), District: uint8(max(v.district.SelectedIndex(), 0)),
		Rooms: uint8(rooms), Area: uint32(area), Features: bits(v.rules.Features, v.features.Selected),
		Repair: uint8(max(v.repair.SelectedIndex(), 0))}
	if _, err := v.s.b.RegisterDwelling(d); err != nil {
		v.msg.fail(err)
		return
	}
	v.msg.ok(lang.L("Registered {{.Label}}. The next round offers it.", args{"Label": d.Label}))
	v.label.SetText("")
	v.rooms.SetText("")
	v.area.SetText("")
	v.Refresh()
}

func (v *HousingOffice) doClose() {
	rc, err := v.s.b.CloseRound()
	if err != nil {
		v.msg.fail(err)
		return
	}
	v.msg.ok(lang.L("Round closed: {{.Opened}} application(s) opened, {{.Allocated}} dwelling(s) allocated.",
		args{"Opened": rc.Opened, "Allocated": rc.Allocated}))
	v.rounds.ClearSelected()
	v.Refresh()
}
