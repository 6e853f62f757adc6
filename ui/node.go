package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
		view{"Charter", page(heading("The charter"), n.charter)},
		view{"Members", container.NewBorder(container.NewPadded(n.count), nil, nil, nil, n.list)},
		view{"Audit", page(heading("The audit"), n.audit,
			widget.NewCard("", "", container.NewVBox(subheading("State hash"),
				para("Two devices holding the same record show the same hash."), n.hash)))},
		view{"Sync", n.sync.Content()})
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
		n.charter.SetText(charterWords(c))
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
		n.count.SetText(fmt.Sprintf("%d members now; %d people have been members.", active, len(ms)))
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
	since := time.UnixMilli(m.Since).UTC().Format("2 Jan 2006")
	if !m.Active {
		return fmt.Sprintf("%s · left on %s", m.Key.Short(), since)
	}
	return fmt.Sprintf("%s · member since %s", m.Key.Short(), since)
}

// auditWords sets out the money audit so anyone can follow it.
func auditWords(r core.MoneyReport) string {
	ok := func(b bool) string {
		if b {
			return "yes"
		}
		return "NO — something is wrong"
	}
	return strings.Join([]string{
		fmt.Sprintf("Money in the community: %s units, held by %d members.", formatUnits(r.Supply), r.Members),
		fmt.Sprintf("Per member: %s units; the steady state is %s (off by %.2f %%).",
			formatUnits(r.PerMember), formatUnits(r.Target), float64(r.DeviationPPM)/1e4),
		fmt.Sprintf("Held by members %s · treasury %s · in transit %s · by people who left %s.",
			formatUnits(r.HeldByMembers), formatUnits(r.Treasury), formatUnits(r.InFlight), formatUnits(r.HeldByFormer)),
		fmt.Sprintf("Ever given at joining %s · issued as dividends %s · faded away %s.",
			formatUnits(r.Endowed), formatUnits(r.Issued), formatUnits(r.Demurred)),
		"Every account adds up: " + ok(r.AccountsAddUp) + ".",
		"No money was made or lost outside the rules: " + ok(r.Conserved) + ".",
	}, "\n\n")
}

// charterWords is the charter in plain sentences.
func charterWords(c charter.Charter) string {
	out := []string{fmt.Sprintf("%s governs itself by this charter.", c.Name),
		fmt.Sprintf("To join, %d members must vouch for you in person within %d days; then the registrar admits you.",
			c.Membership.VouchesRequired, c.Membership.VouchTTLDays)}
	if r := c.Money; r != nil {
		out = append(out, fmt.Sprintf("Every member receives %s units a day; balances fade by %s a day and settle near %s units; "+
			"no balance exceeds %s units.", formatUnits(r.Dividend), percentPerDay(r.Tiers[0].RatePPB),
			formatUnits(r.SteadyState()), formatUnits(r.Cap)))
		if r.OfflineCap > 0 {
			out = append(out, fmt.Sprintf("While offline, a device pays out at most %s units a day.", formatUnits(r.OfflineCap)))
		}
	}
	if t := c.Treasury; t != nil {
		out = append(out, fmt.Sprintf("The treasury is held by %d stewards; every payment from it needs %d of their signatures.",
			len(t.Stewards), t.Threshold))
	}
	if w := c.Contribution; w != nil {
		for _, r := range w.Roles {
			out = append(out, fmt.Sprintf("Work as %s is paid %s units an hour once its coordinator attests it.",
				r.Name, formatUnits(r.PerHour)))
		}
		out = append(out, fmt.Sprintf("Nobody earns more than %s units of work pay in a month.", formatUnits(w.MonthlyCeiling)))
	}
	return strings.Join(out, "\n\n")
}
