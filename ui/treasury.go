package ui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// TreasuryView is the node's treasury: what it holds, the payments waiting
// for stewards' signatures and, for stewards, proposing payments, paying
// attested work and taking in the cap overflow.
type TreasuryView struct {
	s       *Shell
	state   *widget.Label
	waiting *fyne.Container
	steward *fyne.Container // what only stewards see
	to      *widget.SelectEntry
	amount  *widget.Entry
	memo    *widget.Entry
	propose *widget.Button
	due     *fyne.Container
	budgets *fyne.Container // what participatory budgets funded, and what was paid
	claim   *widget.Button
	msg     message
}

// NewTreasuryView builds the view.
func NewTreasuryView(s *Shell) *TreasuryView {
	v := &TreasuryView{s: s, state: para(""), waiting: container.NewVBox(), to: widget.NewSelectEntry(nil),
		amount: widget.NewEntry(), memo: widget.NewEntry(), due: container.NewVBox(), budgets: container.NewVBox(), msg: newMessage()}
	v.to.SetPlaceHolder(lang.L("pick a member or paste their key"))
	v.amount.SetPlaceHolder(lang.L("e.g. 12.50"))
	v.memo.SetPlaceHolder(lang.L("what it is for"))
	v.propose = primary(lang.L("Propose this payment"), v.doPropose)
	v.claim = widget.NewButton(lang.L("Take in the cap overflow"), v.doClaim)
	v.steward = container.NewVBox(widget.NewSeparator(), subheading(lang.L("Propose a payment")),
		formField(lang.L("To"), v.to), formField(lang.L("Amount (units)"), v.amount), formField(lang.L("Memo"), v.memo),
		v.propose, widget.NewSeparator(), subheading(lang.L("Work due")), v.due, v.claim)
	return v
}

// Content is the view's widget tree.
func (v *TreasuryView) Content() fyne.CanvasObject {
	return page(heading(lang.L("The treasury")), v.state, v.msg.Label,
		subheading(lang.L("Waiting for signatures")), v.waiting,
		subheading(lang.L("Participatory budgets")), v.budgets, v.steward)
}

// Refresh re-reads the treasury.
func (v *TreasuryView) Refresh() {
	t, err := v.s.b.Treasury()
	if err != nil {
		v.state.SetText(errWords(err))
		v.waiting.Objects = nil
		v.steward.Hide()
		return
	}
	me, _ := v.s.b.Whoami()
	isSteward := slices.Contains(t.Stewards, me)
	who := lang.L("Only its stewards propose and sign its payments.")
	if isSteward {
		who = lang.L("You are one of its stewards.")
	}
	v.state.SetText(lang.L("The treasury holds {{.Units}} units. It is held by {{.N}} stewards; every payment needs {{.K}} of their signatures.",
		args{"Units": formatUnits(t.Balance), "N": len(t.Stewards), "K": t.K}) + " " + who)
	v.refreshWaiting(isSteward)
	v.refreshBudgets(isSteward)
	v.steward.Hidden = !isSteward
	if isSteward {
		v.refreshSteward(t)
	}
	v.steward.Refresh()
}

func (v *TreasuryView) refreshWaiting(isSteward bool) {
	acts, err := v.s.b.WaitingActs()
	var objs []fyne.CanvasObject
	if err != nil {
		objs = append(objs, para(errWords(err)))
	} else if len(acts) == 0 {
		objs = append(objs, para(lang.L("Nothing is waiting.")))
	}
	for _, a := range acts {
		line := actWords(a)
		var action fyne.CanvasObject = para(lang.L("You have signed it."))
		if !a.SignedByMe && isSteward {
			id := a.ID
			action = widget.NewButton(lang.L("Co-sign"), func() { v.doCosign(id) })
		} else if !a.SignedByMe {
			action = para(lang.L("Waiting for the stewards."))
		}
		objs = append(objs, widget.NewCard("", "", container.NewVBox(para(line), action)))
	}
	v.waiting.Objects = objs
	v.waiting.Refresh()
}

// actWords says what an act does and who proposed it.
func actWords(a app.Act) string {
	var what string
	switch {
	case a.Pay != nil && len(a.WorkLogs) > 0:
		what = lang.L("Pay {{.Units}} units to member {{.Key}} for attested work.", args{"Units": formatUnits(a.Pay.Amount), "Key": a.Pay.To.Short()})
	case a.Pay != nil:
		what = lang.L("Pay {{.Units}} units to member {{.Key}}.", args{"Units": formatUnits(a.Pay.Amount), "Key": a.Pay.To.Short()})
		if a.Pay.Memo != "" {
			what += " “" + a.Pay.Memo + "”"
		}
	default:
		what = lang.L("Take in the cap overflow.")
	}
	return what + " " + lang.L("Proposed by {{.Key}}.", args{"Key": a.Proposer.Short()})
}

func (v *TreasuryView) refreshSteward(t app.TreasuryView) {
	v.to.SetOptions(memberOptions(v.s))
	due, err := v.s.b.WorkDue()
	var objs []fyne.CanvasObject
	if err != nil {
		objs = append(objs, para(errWords(err)))
	} else if len(due) == 0 {
		objs = append(objs, para(lang.L("No attested work is waiting to be paid.")))
	}
	for _, d := range due {
		member := d.Member
		objs = append(objs, container.NewVBox(
			para(lang.L("Member {{.Key}}: {{.Units}} units of attested work.", args{"Key": member.Short(), "Units": formatUnits(d.Amount)})),
			widget.NewButton(lang.L("Propose paying it"), func() { v.doPayWork(member) })))
	}
	v.due.Objects = objs
	v.due.Refresh()
	if t.Deposits > 0 {
		v.claim.SetText(lang.L("Take in the cap overflow ({{.N}} waiting)", args{"N": t.Deposits}))
		v.claim.Show()
	} else {
		v.claim.Hide()
	}
}

// memberOptions is the directory as the send view offers it.
func memberOptions(s *Shell) []string {
	ms, err := s.b.Members()
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range ms {
		if m.Active {
			out = append(out, memberLabel(m.Key))
		}
	}
	return out
}

func (v *TreasuryView) doPropose() {
	to, amount, err := parsePayment(v.to.Text, v.amount.Text)
	if err != nil {
		v.msg.fail(err)
		return
	}
	if v.act(func() error { _, err := v.s.b.TreasuryPay(to, amount, strings.TrimSpace(v.memo.Text)); return err },
		lang.L("Proposed paying {{.Units}} units to member {{.Key}}. It takes effect once enough stewards sign it.",
			args{"Units": formatUnits(amount), "Key": to.Short()})) {
		v.amount.SetText("")
		v.memo.SetText("")
	}
}

func (v *TreasuryView) doCosign(act ids.Hash) {
	v.act(func() error { _, err := v.s.b.TreasuryCosign(act); return err }, lang.L("You signed it."))
}

func (v *TreasuryView) doPayWork(member ids.PubKey) {
	v.act(func() error { _, err := v.s.b.TreasuryPayWork(member); return err },
		lang.L("Proposed paying member {{.Key}} for their work.", args{"Key": member.Short()}))
}

func (v *TreasuryView) doClaim() {
	v.act(func() error { _, err := v.s.b.TreasuryClaim(); return err }, lang.L("Proposed taking in the cap overflow."))
}

// act runs a steward's action and says how it went.
func (v *TreasuryView) act(do func() error, ok string) bool {
	if err := do(); err != nil {
		v.msg.fail(err)
		return false
	}
	v.msg.ok(ok)
	v.Refresh()
	return true
}

// refreshBudgets lists what budget votes funded: paid, or what is left,
// with, for stewards, a button paying what is left to the member chosen
// in the payment form.
func (v *TreasuryView) refreshBudgets(isSteward bool) {
	b, err := v.s.b.Budgets()
	var objs []fyne.CanvasObject
	switch {
	case err != nil:
		objs = append(objs, para(errWords(err)))
	case len(b.Lines) == 0:
		objs = append(objs, para(lang.L("No budget vote has funded anything yet.")))
	default:
		objs = append(objs, para(lang.L("Owed to budgets: {{.Owed}} units. A new budget may promise up to {{.Room}} units.",
			args{"Owed": formatUnits(b.Owed), "Room": formatUnits(b.Room())})))
	}
	for _, l := range b.Lines {
		line := container.NewVBox(para(budgetWords(l)))
		if isSteward && l.Left() > 0 {
			line.Add(widget.NewButton(lang.L("Pay what is left to the member chosen below"), func() { v.doPayItem(l) }))
		}
		objs = append(objs, widget.NewCard("", "", line))
	}
	v.budgets.Objects = objs
	v.budgets.Refresh()
}

// budgetWords says what a budget line is and where its payment stands.
func budgetWords(l core.BudgetLine) string {
	what := lang.L("{{.Title}}: {{.Name}}", args{"Title": l.Title, "Name": l.Name})
	switch {
	case l.Unfunded():
		return what + " — " + lang.L("the vote did not fund it, yet the stewards paid {{.Paid}} units.", args{"Paid": formatUnits(l.Paid)})
	case l.Left() == 0:
		return what + " — " + lang.L("funded {{.Cost}} units, paid in full.", args{"Cost": formatUnits(l.Cost)})
	}
	return what + " — " + lang.L("funded {{.Cost}} units; paid {{.Paid}}, {{.Left}} left to pay.",
		args{"Cost": formatUnits(l.Cost), "Paid": formatUnits(l.Paid), "Left": formatUnits(l.Left())})
}

func (v *TreasuryView) doPayItem(l core.BudgetLine) {
	if strings.TrimSpace(v.to.Text) == "" {
		v.msg.fail(errors.New(lang.L("First choose, in “To” below, the member who carries it out.")))
		return
	}
	to, err := parseRecipient(v.to.Text)
	if err != nil {
		v.msg.fail(err)
		return
	}
	v.act(func() error { _, err := v.s.b.TreasuryPayItem(l.Item.Proposal, l.Item.Option, to, 0); return err },
		lang.L("Proposed paying {{.Units}} units to member {{.Key}} for “{{.Name}}”. It takes effect once enough stewards sign it.",
			args{"Units": formatUnits(l.Left()), "Key": to.Short(), "Name": l.Name}))
}
