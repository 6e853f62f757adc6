package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/ids"
)

// maxMemo is the longest memo a payment carries (bytes, as core checks).
const maxMemo = 140

// SendView pays a member: chosen from the directory or a pasted key.
type SendView struct {
	s       *Shell
	to      *widget.SelectEntry
	amount  *widget.Entry
	memo    *widget.Entry
	send    *widget.Button
	balance *widget.Label
	msg     message
}

// NewSendView builds the view.
func NewSendView(s *Shell) *SendView {
	v := &SendView{s: s, to: widget.NewSelectEntry(nil), amount: widget.NewEntry(), memo: widget.NewEntry(),
		balance: para(""), msg: newMessage()}
	v.to.SetPlaceHolder(lang.L("pick a member or paste their key"))
	v.amount.SetPlaceHolder(lang.L("e.g. 12.50"))
	v.memo.SetPlaceHolder(lang.L("what it is for (optional)"))
	v.memo.Validator = func(s string) error {
		if len(s) > maxMemo {
			return errors.New(lang.L("at most {{.N}} characters", args{"N": maxMemo}))
		}
		return nil
	}
	v.send = primary(lang.L("Send"), v.doSend)
	return v
}

// Content is the view's widget tree.
func (v *SendView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Send money")), v.balance, formField(lang.L("To"), v.to), formField(lang.L("Amount (units)"), v.amount),
		formField(lang.L("Memo"), v.memo), v.send, v.msg.Label)
}

// Refresh re-reads the directory and the balance.
func (v *SendView) Refresh() {
	if b, err := v.s.b.Balance(); err == nil {
		v.balance.SetText(lang.L("You have {{.Units}} units.", args{"Units": formatUnits(b.Balance)}))
	} else {
		v.balance.SetText(app.Message(err))
	}
	v.to.SetOptions(v.directory())
}

// directory lists active members other than this one (delegations.go).
func (v *SendView) directory() []string { return memberChoices(v.s) }

// memberLabel names a member in lists (there are no names in the record yet).
func memberLabel(k ids.PubKey) string {
	return lang.L("Member {{.Key}}", args{"Key": k.Short()}) + " · " + k.String()
}

// parseRecipient accepts a directory line or a bare 64-digit key.
func parseRecipient(s string) (ids.PubKey, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " "); i >= 0 {
		s = s[i+1:]
	}
	k, err := ids.ParsePubKey(s)
	if err != nil {
		return ids.PubKey{}, &app.UserError{Msg: lang.L("pick a member from the list, or paste their key (64 letters and digits)"), Cause: err}
	}
	return k, nil
}

// parsePayment reads a recipient and an amount as typed.
func parsePayment(to, amount string) (ids.PubKey, int64, error) {
	k, err := parseRecipient(to)
	if err != nil {
		return k, 0, err
	}
	units, err := parseUnits(amount)
	return k, units, err
}

func (v *SendView) doSend() {
	to, amount, err := parsePayment(v.to.Text, v.amount.Text)
	if err != nil {
		v.msg.fail(err)
		return
	}
	if err := v.memo.Validate(); err != nil {
		v.msg.fail(errors.New(lang.L("the memo is too long: {{.Why}}", args{"Why": err.Error()})))
		return
	}
	v.send.Disable()
	memo := v.memo.Text
	v.s.o.Async(func() { _, err = v.s.b.Pay(to, amount, memo) }, func() {
		v.send.Enable()
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.msg.ok(lang.L("Sent {{.Units}} units to member {{.Key}}.", args{"Units": formatUnits(amount), "Key": to.Short()}))
		v.amount.SetText("")
		v.memo.SetText("")
		v.s.Refresh()
	})
}
