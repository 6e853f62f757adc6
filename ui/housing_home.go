package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/charter"
	"dac/core/ids"
)

// HomeActions is what a holder can do with their dwelling: ask for a
// modification, swap, give it back, pay the fee.
type HomeActions struct {
	x       *HousingScreen
	rules   *charter.Housing
	kinds   *widget.Select
	limits  *widget.Label
	amount  *widget.Entry
	modNote *widget.Entry
	mods    *widget.Label
	with    *widget.Entry
	offers  *widget.Select
	offerID []ids.Hash
	accept  *widget.Button
	fee     *widget.Label
	pay     *widget.Button
	give    *widget.Button
	confirm *fyne.Container
	msg     message
	content *fyne.Container
}

func newHomeActions(x *HousingScreen) *HomeActions {
	h := &HomeActions{x: x, kinds: widget.NewSelect(nil, nil), limits: para(""), amount: widget.NewEntry(),
		modNote: widget.NewEntry(), mods: para(""), with: widget.NewEntry(), offers: widget.NewSelect(nil, nil),
		fee: para(""), msg: newMessage()}
	h.kinds.OnChanged = func(string) { h.limits.SetText(h.limitWords()) }
	h.amount.SetPlaceHolder(lang.L("how much, in the unit shown"))
	h.modNote.SetPlaceHolder(lang.L("what you will do (optional)"))
	h.with.SetPlaceHolder(lang.L("the other holder's public key (64 letters and digits)"))
	h.accept = primary(lang.L("Accept this swap"), h.doAccept)
	h.pay = primary(lang.L("Pay this month's fee"), h.doPay)
	h.give = widget.NewButton(lang.L("Give my dwelling back…"), func() { h.confirm.Show() })
	yes := widget.NewButton(lang.L("Yes, give it back"), h.doGive)
	yes.Importance = widget.DangerImportance
	no := widget.NewButton(lang.L("Keep it"), func() { h.confirm.Hide() })
	h.confirm = container.NewVBox(para(lang.L("Giving your dwelling back ends your right of use for good: the next round "+
		"offers the dwelling to the households waiting, and you would have to apply again, at the end of the queue.")),
		container.NewGridWithColumns(2, no, yes))
	h.confirm.Hide()
	h.content = container.NewVBox(
		subheading(lang.L("Modify your dwelling")), formField(lang.L("Kind of work"), h.kinds), h.limits,
		formField(lang.L("Amount"), h.amount), formField(lang.L("Note"), h.modNote),
		primary(lang.L("Ask for this modification"), h.doModify), h.mods, widget.NewSeparator(),
		subheading(lang.L("Swap dwellings")),
		para(lang.L("Propose a swap to another holder; it takes effect once they accept and the next round folds it.")),
		formField(lang.L("Swap with"), h.with), primary(lang.L("Propose a swap"), h.doPropose),
		formField(lang.L("Swaps offered to you"), h.offers), h.accept, widget.NewSeparator(),
		subheading(lang.L("Usage fee")), h.fee, h.pay, widget.NewSeparator(),
		subheading(lang.L("Give it back")), h.give, h.confirm, h.msg.Label)
	return h
}

// Content is the view's widget tree.
func (h *HomeActions) Content() *fyne.Container { return h.content }

func (h *HomeActions) refresh(rules *charter.Housing, m app.MyHousing) {
	h.rules = rules
	var names []string
	for _, k := range rules.Modifications {
		names = append(names, k.Name)
	}
	h.kinds.SetOptions(names)
	if h.kinds.SelectedIndex() < 0 && len(names) > 0 {
		h.kinds.SetSelectedIndex(0)
	}
	h.limits.SetText(h.limitWords())
	h.mods.SetText(h.modWords())
	h.refreshOffers(m)
	h.refreshFee(rules)
}

// limitWords says the chosen kind's limits, from the charter.
func (h *HomeActions) limitWords() string {
	i := h.kinds.SelectedIndex()
	if h.rules == nil || i < 0 || i >= len(h.rules.Modifications) {
		return lang.L("The charter allows no modification.")
	}
	k := h.rules.Modifications[i]
	return lang.L("At most {{.Limit}} {{.Unit}}; above {{.Free}} {{.Unit}} the housing office must approve it.",
		args{"Limit": k.Limit, "Free": k.FreeUpTo, "Unit": k.Unit})
}

func (h *HomeActions) modWords() string {
	mods, err := h.x.s.b.Modifications()
	if err != nil {
		return errWords(err)
	}
	var out []string
	for _, m := range mods {
		state := lang.L("allowed")
		if m.NeedsApproval && len(m.ApprovedBy) == 0 {
			state = lang.L("waiting for the housing office")
		} else if m.NeedsApproval {
			state = lang.L("approved")
		}
		out = append(out, m.Work+" · "+strconv.FormatInt(m.Amount, 10)+" · "+state)
	}
	return strings.Join(out, "\n")
}

func (h *HomeActions) refreshOffers(m app.MyHousing) {
	me, _ := h.x.s.b.Whoami()
	var words []string
	h.offerID = nil
	for _, o := range m.Swaps {
		if o.B == me {
			words = append(words, lang.L("from member {{.Key}}", args{"Key": o.A.Short()}))
			h.offerID = append(h.offerID, o.ID)
		}
	}
	h.offers.SetOptions(words)
	if len(words) == 0 {
		h.offers.PlaceHolder = lang.L("none")
		h.accept.Disable()
		return
	}
	h.accept.Enable()
}

func (h *HomeActions) refreshFee(rules *charter.Housing) {
	if len(rules.Fees) <= 1 {
		h.fee.SetText(lang.L("This node charges no usage fee."))
		h.pay.Hide()
		return
	}
	var bands []string
	for _, b := range rules.Fees {
		bands = append(bands, lang.L("from {{.From}} units of income a month: {{.Fee}} units",
			args{"From": formatUnits(b.From), "Fee": formatUnits(b.Fee)}))
	}
	h.fee.SetText(lang.L("The monthly fee depends on your income; the lowest band pays nothing.") + "\n" + strings.Join(bands, "\n"))
	h.pay.Show()
}

func (h *HomeActions) doModify() {
	i := h.kinds.SelectedIndex()
	n, err := strconv.ParseInt(strings.TrimSpace(h.amount.Text), 10, 64)
	switch {
	case i < 0:
		h.msg.fail(&app.UserError{Msg: "choose the kind of work first"})
		return
	case err != nil || n <= 0:
		h.msg.fail(&app.UserError{Msg: "write the amount as a whole number above zero"})
		return
	}
	if _, err := h.x.s.b.ModifyDwelling(h.rules.Modifications[i].Name, n, strings.TrimSpace(h.modNote.Text)); err != nil {
		h.msg.fail(err)
		return
	}
	h.msg.ok(lang.L("Modification requested."))
	h.amount.SetText("")
	h.modNote.SetText("")
	h.x.Refresh()
}

func (h *HomeActions) doPropose() {
	k, err := ids.ParsePubKey(strings.TrimSpace(h.with.Text))
	if err != nil {
		h.msg.fail(&app.UserError{Msg: "that is not a member's public key"})
		return
	}
	if _, err := h.x.s.b.ProposeSwap(k); err != nil {
		h.msg.fail(err)
		return
	}
	h.msg.ok(lang.L("Swap proposed. It takes effect once they accept and the next round folds it."))
	h.with.SetText("")
	h.x.Refresh()
}

func (h *HomeActions) doAccept() {
	i := h.offers.SelectedIndex()
	if i < 0 || i >= len(h.offerID) {
		h.msg.fail(&app.UserError{Msg: "choose a swap first"})
		return
	}
	if _, err := h.x.s.b.AcceptSwap(h.offerID[i]); err != nil {
		h.msg.fail(err)
		return
	}
	h.msg.ok(lang.L("Swap accepted. The next round folds it."))
	h.x.Refresh()
}

func (h *HomeActions) doPay() {
	if _, err := h.x.s.b.PayHousingFee(); err != nil {
		h.msg.fail(err)
		return
	}
	h.msg.ok(lang.L("Fee paid for this month."))
	h.x.Refresh()
}

func (h *HomeActions) doGive() {
	h.confirm.Hide()
	if _, err := h.x.s.b.Relinquish(); err != nil {
		h.msg.fail(err)
		return
	}
	h.msg.ok(lang.L("You gave your dwelling back. The next round offers it to the households waiting."))
	h.x.Refresh()
}
