package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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
	cards   []part // the emergency banner, housing, rations, votes (community.go)
	receive *widget.Button
	msg     message
}

// NewHomeScreen builds the screen.
func NewHomeScreen(s *Shell) *HomeScreen {
	h := &HomeScreen{s: s, node: heading(""), balance: widget.NewLabel(""), today: para(""), target: para(""),
		net: para(""), notices: container.NewVBox(), msg: newMessage()}
	h.balance.TextStyle = fyne.TextStyle{Bold: true}
	h.balance.SizeName = "headingText"
	h.receive = widget.NewButton(lang.L("Receive them now"), h.doReceive)
	h.cards = homeCards(s)
	return h
}

// Content is the screen's widget tree.
func (h *HomeScreen) Content() fyne.CanvasObject {
	money := widget.NewCard(lang.L("Your money"), "", container.NewVBox(h.balance, h.today, h.target))
	objs := []fyne.CanvasObject{h.node, h.cards[0].Content(), money}
	for _, c := range h.cards[1:] {
		objs = append(objs, c.Content())
	}
	objs = append(objs, widget.NewCard(lang.L("Notices"), "", container.NewVBox(h.notices, h.msg.Label)),
		widget.NewCard(lang.L("This device"), "", h.net))
	return page(objs...)
}

// Refresh re-reads everything shown.
func (h *HomeScreen) Refresh() {
	var notes []fyne.CanvasObject
	st, err := h.s.b.Status()
	if err != nil {
		h.node.SetText(lang.L("No node open"))
		notes = append(notes, para(app.Message(err)))
	} else {
		h.node.SetText(st.Name)
		h.net.SetText(h.netWords(st))
	}
	if h.s.b.AwaitingCatchUp() {
		notes = append(notes, para(lang.L("Your key was restored on this device: it signs nothing until a sync has brought your earlier entries (Node › Sync), so that nothing you did on another device is contradicted.")),
			widget.NewButton(lang.L("My key was never used on another device"), h.confirmFresh))
	}
	notes = append(notes, h.refreshMoney()...)
	notes = append(notes, h.sanctionNotes()...)
	for _, c := range h.cards {
		c.Refresh()
	}
	if len(notes) == 0 {
		notes = append(notes, para(lang.L("Nothing needs your attention.")))
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
	h.balance.SetText(lang.L("{{.Units}} units", args{"Units": formatUnits(b.Balance)}))
	h.today.SetText(todayWords(b))
	h.target.SetText(lang.L("Every balance drifts towards {{.Target}} units; yours will be about {{.Month}} in a month.",
		args{"Target": formatUnits(b.Target), "Month": formatUnits(b.In30Days)}))
	var notes []fyne.CanvasObject
	if !b.Member {
		notes = append(notes, para(lang.L("You are not a member of this node now, so you receive no dividend.")))
	}
	if b.Owed > 0 {
		notes = append(notes, para(withheldWords(b)))
	}
	if n, err := h.s.b.Waiting(); err == nil && n > 0 {
		notes = append(notes, para(waitingWords(n)), h.receive)
	}
	return notes
}

func todayWords(b app.Balance) string {
	if b.TodayDividend == 0 {
		return lang.L("Tonight {{.Fade}} units fade away (demurrage).", args{"Fade": formatUnits(b.TodayDemurrage)})
	}
	return lang.L("Tonight you receive {{.Dividend}} units (your dividend) and {{.Fade}} units fade away (demurrage).",
		args{"Dividend": formatUnits(b.TodayDividend), "Fade": formatUnits(b.TodayDemurrage)})
}

// netWords says whether this device is reaching anyone.
func (h *HomeScreen) netWords(st app.Status) string {
	rec := lang.L("This device holds {{.N}} entries of the record.", args{"N": st.Entries})
	if st.Pending > 0 {
		rec += " " + lang.L("{{.N}} of them wait for earlier ones.", args{"N": st.Pending})
	}
	on := h.s.net()
	if on == nil {
		return rec + " " + lang.L("Offline: what you do is kept here and shared when you connect.")
	}
	return rec + " " + lang.L("Online: {{.N}} device(s) connected.", args{"N": len(on.Peers())})
}

func (h *HomeScreen) doReceive() { receiveAll(h.s, h.receive, h.msg) }

// confirmFresh ends a restored key's wait, on the member's word.
func (h *HomeScreen) confirmFresh() {
	if err := h.s.b.ConfirmCaughtUp(); err != nil {
		h.msg.fail(err)
		return
	}
	h.Refresh()
}
