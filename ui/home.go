package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// HomeScreen is the member's day at a glance: balance, today's dividend and
// demurrage, the node, whether this device is online, and notices.
// (Housing, rations and votes arrive with their own issues.)
type HomeScreen struct {
	s       *Shell
	node    *widget.Label
	balance *widget.Label
	today   *widget.Label
	target  *widget.Label
	net     *widget.Label
	notices *fyne.Container
	receive *widget.Button
	msg     message
}

// NewHomeScreen builds the screen.
func NewHomeScreen(s *Shell) *HomeScreen {
	h := &HomeScreen{s: s, node: heading(""), balance: widget.NewLabel(""), today: para(""), target: para(""),
		net: para(""), notices: container.NewVBox(), msg: newMessage()}
	h.balance.TextStyle = fyne.TextStyle{Bold: true}
	h.balance.SizeName = "headingText"
	h.receive = widget.NewButton("Receive them now", h.doReceive)
	return h
}

// Content is the screen's widget tree.
func (h *HomeScreen) Content() fyne.CanvasObject {
	money := widget.NewCard("Your money", "", container.NewVBox(h.balance, h.today, h.target))
	return page(h.node, money, widget.NewCard("Notices", "", container.NewVBox(h.notices, h.msg.Label)),
		widget.NewCard("This device", "", h.net))
}

// Refresh re-reads everything shown.
func (h *HomeScreen) Refresh() {
	var notes []fyne.CanvasObject
	st, err := h.s.b.Status()
	if err != nil {
		h.node.SetText("No node open")
		notes = append(notes, para(app.Message(err)))
	} else {
		h.node.SetText(st.Name)
		h.net.SetText(h.netWords(st))
	}
	notes = append(notes, h.refreshMoney()...)
	if len(notes) == 0 {
		notes = append(notes, para("Nothing needs your attention."))
	}
	h.notices.Objects = notes
	h.notices.Refresh()
}

// refreshMoney fills the money card and returns notices about it.
func (h *HomeScreen) refreshMoney() []fyne.CanvasObject {
	b, err := h.s.b.Balance()
	if err != nil {
		h.balance.SetText("—")
		h.today.SetText("")
		h.target.SetText("")
		return []fyne.CanvasObject{para(app.Message(err))}
	}
	h.balance.SetText(formatUnits(b.Balance) + " units")
	h.today.SetText(todayWords(b))
	h.target.SetText(fmt.Sprintf("Every balance drifts towards %s units; yours will be about %s in a month.",
		formatUnits(b.Target), formatUnits(b.In30Days)))
	var notes []fyne.CanvasObject
	if !b.Member {
		notes = append(notes, para("You are not a member of this node now, so you receive no dividend."))
	}
	if n, err := h.s.b.Waiting(); err == nil && n > 0 {
		notes = append(notes, para(fmt.Sprintf("%d payment(s) to you are waiting to be received.", n)), h.receive)
	}
	return notes
}

func todayWords(b app.Balance) string {
	if b.TodayDividend == 0 {
		return fmt.Sprintf("Tonight %s units fade away (demurrage).", formatUnits(b.TodayDemurrage))
	}
	return fmt.Sprintf("Tonight you receive %s units (your dividend) and %s units fade away (demurrage).",
		formatUnits(b.TodayDividend), formatUnits(b.TodayDemurrage))
}

// netWords says whether this device is reaching anyone.
func (h *HomeScreen) netWords(st app.Status) string {
	rec := fmt.Sprintf("This device holds %d entries of the record", st.Entries)
	if st.Pending > 0 {
		rec += fmt.Sprintf(" (%d waiting for earlier ones)", st.Pending)
	}
	on := h.s.net()
	if on == nil {
		return rec + ". Offline: what you do is kept here and shared when you connect."
	}
	return fmt.Sprintf("%s. Online: %d device(s) connected.", rec, len(on.Peers()))
}

func (h *HomeScreen) doReceive() { receiveAll(h.s, h.receive, h.msg) }
