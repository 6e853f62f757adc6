package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
)

// NodeScreen is the community's public face: its charter in plain words,
// the members directory, the audit anyone can check, and how this device
// syncs the record (see SyncScreen).
type NodeScreen struct {
	s       *Shell
	tabs    *switcher
	charter *widget.Label
	members []core.Member
	list    *widget.List
	count   *widget.Label
	audit   *widget.Label
	hash    *widget.Label
	sync    *SyncScreen
}

// NewNodeScreen builds the screen.
func NewNodeScreen(s *Shell) *NodeScreen {
	n := &NodeScreen{s: s, charter: para(""), count: para(""), audit: para(""), hash: widget.NewLabel(""),
		sync: NewSyncScreen(s)}
	n.hash.Wrapping = fyne.TextWrapBreak
	n.hash.Selectable = true
	n.hash.TextStyle = fyne.TextStyle{Monospace: true}
	n.list = widget.NewList(func() int { return len(n.members) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(memberWords(n.members[i])) })
	n.tabs = newSwitcher(
		view{lang.L("Charter"), page(heading(lang.L("The charter")), n.charter)},
		view{lang.L("Members"), container.NewBorder(container.NewPadded(n.count), nil, nil, nil, n.list)},
		view{lang.L("Audit"), page(heading(lang.L("The audit")), n.audit,
			widget.NewCard("", "", container.NewVBox(subheading(lang.L("State hash")),
				para(lang.L("Two devices holding the same record show the same hash.")), n.hash)))},
		view{lang.L("Sync"), n.sync.Content()})
	return n
}

// Content is the screen's widget tree.
func (n *NodeScreen) Content() fyne.CanvasObject { return n.tabs.content }

// Show selects view i (0 charter, 1 members, 2 audit, 3 sync).
func (n *NodeScreen) Show(i int) { n.tabs.Select(i) }

// Refresh re-reads the charter, the directory and the audit.
func (n *NodeScreen) Refresh() {
	if c, err := n.s.b.Charter(); err != nil {
		n.charter.SetText(app.Message(err))
	} else {
		text := charterWords(c)
		if ams, err := n.s.b.Amendments(); err == nil && len(ams) > 0 {
			text += "\n\n" + amendmentsWords(ams)
		}
		n.charter.SetText(text)
	}
	n.refreshMembers()
	n.refreshAudit()
	n.sync.Refresh()
}

func (n *NodeScreen) refreshMembers() {
	ms, err := n.s.b.Members()
	n.members = ms
	active := 0
	for _, m := range ms {
		if m.Active {
			active++
		}
	}
	if err != nil {
		n.count.SetText(app.Message(err))
	} else {
		n.count.SetText(lang.L("{{.Active}} members now; {{.Ever}} people have been members.", args{"Active": active, "Ever": len(ms)}))
	}
	n.list.Refresh()
}

func (n *NodeScreen) refreshAudit() {
	if st, err := n.s.b.Status(); err == nil {
		n.hash.SetText(st.StateHash.String())
	}
	rep, err := n.s.b.AuditMoney(n.s.o.Now())
	if err != nil {
		n.audit.SetText(app.Message(err))
		return
	}
	n.audit.SetText(auditWords(rep))
}

func memberWords(m core.Member) string {
	since := dayWords(m.Since)
	if !m.Active {
		return m.Key.Short() + " · " + lang.L("left on {{.Date}}", args{"Date": since})
	}
	return m.Key.Short() + " · " + lang.L("member since {{.Date}}", args{"Date": since})
}

// auditWords sets out the money audit so anyone can follow it.
func auditWords(r core.MoneyReport) string {
	ok := func(b bool) string {
		if b {
			return lang.L("yes")
		}
		return lang.L("NO — something is wrong")
	}
	lines := []string{
		lang.L("Money in the community: {{.Supply}} units, held by {{.N}} members.", args{"Supply": formatUnits(r.Supply), "N": r.Members}),
		lang.L("Per member: {{.Per}} units; the steady state is {{.Target}} (off by {{.Off}} %).",
			args{"Per": formatUnits(r.PerMember), "Target": formatUnits(r.Target), "Off": decimalWords(float64(r.DeviationPPM)/1e4, 2)}),
		lang.L("Held by members {{.Members}} · treasury {{.Treasury}} · in transit {{.Transit}} · by people who left {{.Former}}.",
			args{"Members": formatUnits(r.HeldByMembers), "Treasury": formatUnits(r.Treasury), "Transit": formatUnits(r.InFlight),
				"Former": formatUnits(r.HeldByFormer)}),
		lang.L("Ever given at joining {{.Endowed}} · issued as dividends {{.Issued}} · faded away {{.Faded}}.",
			args{"Endowed": formatUnits(r.Endowed), "Issued": formatUnits(r.Issued), "Faded": formatUnits(r.Demurred)}),
	}
	if r.Withheld > 0 {
		lines = append(lines, lang.L("Dividends withheld by accepted sanctions (never issued): {{.Withheld}}.", args{"Withheld": formatUnits(r.Withheld)}))
	}
	lines = append(lines, lang.L("Every account adds up: {{.Answer}}.", args{"Answer": ok(r.AccountsAddUp)}),
		lang.L("No money was made or lost outside the rules: {{.Answer}}.", args{"Answer": ok(r.Conserved)}))
	return strings.Join(lines, "\n\n")
}

// charterWords is the charter in plain sentences.
func charterWords(c charter.Charter) string {
	out := []string{lang.L("{{.Name}} governs itself by this charter.", args{"Name": c.Name}),
		lang.L("To join, {{.N}} members must vouch for you in person within {{.Days}} days; then the registrar admits you.",
			args{"N": c.Membership.VouchesRequired, "Days": c.Membership.VouchTTLDays})}
	if r := c.Money; r != nil {
		out = append(out, lang.L("Every member receives {{.Dividend}} units a day; balances fade by {{.Rate}} a day and settle near {{.Target}} units; "+
			"no balance exceeds {{.Cap}} units.", args{"Dividend": formatUnits(r.Dividend), "Rate": percentPerDay(r.Tiers[0].RatePPB),
			"Target": formatUnits(r.SteadyState()), "Cap": formatUnits(r.Cap)}))
		if r.OfflineCap > 0 {
			out = append(out, lang.L("While offline, a device pays out at most {{.Units}} units a day.", args{"Units": formatUnits(r.OfflineCap)}))
		}
	}
	if t := c.Treasury; t != nil {
		out = append(out, lang.L("The treasury is held by {{.N}} stewards; every payment from it needs {{.K}} of their signatures.",
			args{"N": len(t.Stewards), "K": t.Threshold}))
	}
	out = append(out, powerWords(c.Governance)...)
	if w := c.Contribution; w != nil {
		for _, r := range w.Roles {
			out = append(out, lang.L("Work as {{.Role}} is paid {{.Units}} units an hour once its coordinator attests it.",
				args{"Role": r.Name, "Units": formatUnits(r.PerHour)}))
		}
		out = append(out, lang.L("Nobody earns more than {{.Units}} units of work pay in a month.", args{"Units": formatUnits(w.MonthlyCeiling)}))
	}
	return strings.Join(out, "\n\n")
}

// powerWords says which offices take over the charter's keys.
func powerWords(g *charter.Governance) []string {
	var out []string
	if o, ok := g.OfficeWithPower(charter.PowerAdmit); ok {
		out = append(out, lang.L("From the first term of the {{.Office}} office ({{.Days}}-day terms), its holders admit members instead of the registrar, each once members have confirmed their seat.",
			args{"Office": o.Name, "Days": o.TermDays}))
	}
	return out
}

// amendmentsWords lists the adopted amendments: in force, or waiting and why.
func amendmentsWords(ams []core.Amendment) string {
	lines := []string{lang.L("Amendments adopted by vote:")}
	for _, am := range ams {
		a := args{"Title": am.Title, "Date": dayWords(am.Closed)}
		if am.InForce {
			lines = append(lines, lang.L("• {{.Title}} (adopted {{.Date}}): in force.", a))
			continue
		}
		if am.Waiting {
			lines = append(lines, lang.L("• {{.Title}} (adopted {{.Date}}): waiting for the charter's next epoch — validation reads this rule, and epochs are not built yet.", a))
			continue
		}
		lines = append(lines, lang.L("• {{.Title}} (adopted {{.Date}}): not applied — the amended charter would not be valid.", a))
	}
	return strings.Join(lines, "\n")
}
