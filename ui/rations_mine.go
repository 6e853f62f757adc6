package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// doRedeem signs a redemption and shows it as code and QR for the point.
// Taking more than the entitlement left costs money: the first try says
// the price and shows a box to consent to it; only with the box ticked is
// the extra signed.
func (r *RationsScreen) doRedeem() {
	qty, err := strconv.ParseInt(strings.TrimSpace(r.qty.Text), 10, 64)
	if err != nil || qty <= 0 {
		r.msg.fail(&app.UserError{Msg: "the quantity must be a whole number above zero"})
		return
	}
	item, pay := r.item.Selected, r.pay.Visible() && r.pay.Checked
	var text string
	var body core.RationRedeem
	r.s.o.Async(func() {
		var e *entry.Signed
		e, body, err = r.s.b.Redeem(item, qty, ids.PubKey{}, pay)
		if err == nil {
			text, err = r.s.b.ExportRedemption(e.ID, app.DefaultBundleDepth)
		}
	}, func() { r.redeemed(text, body, pay, err) })
}

// redeemed shows the outcome of doRedeem.
func (r *RationsScreen) redeemed(text string, body core.RationRedeem, pay bool, err error) {
	if err != nil {
		if body.Extra > 0 && !pay {
			r.pay.SetText(lang.L("I pay {{.Units}} units for the {{.N}} beyond my entitlement",
				args{"Units": formatUnits(body.Price), "N": body.Extra}))
			r.pay.SetChecked(false)
			r.pay.Show()
		}
		r.msg.fail(err)
		return
	}
	r.pay.SetChecked(false)
	r.pay.Hide()
	r.msg.ok(lang.L("Show this code at the distribution point."))
	r.code.SetText(text)
	r.code.Show()
	r.qr.Objects = []fyne.CanvasObject{qrCode(text)}
	r.qr.Refresh()
	r.qty.SetText("")
	r.s.Refresh()
}

// recentWords lists this member's latest redemptions, one a line.
func (r *RationsScreen) recentWords() string {
	rs, err := r.s.b.MyRedemptions(10)
	if err != nil {
		return errWords(err)
	}
	if len(rs) == 0 {
		return lang.L("Nothing redeemed yet.")
	}
	var out []string
	for _, x := range rs {
		state := lang.L("waiting for the point's countersignature")
		switch {
		case x.Dispensed:
			state = lang.L("handed over")
		case x.Refused && x.Returned:
			state = lang.L("refused, taken back")
		case x.Refused:
			state = lang.L("refused")
		}
		line := dayTimeWords(x.Time) + " · " + strconv.FormatInt(x.Qty, 10) + " " + x.Item
		if x.Extra > 0 {
			line += " · " + lang.L("{{.N}} paid extra ({{.Units}} units)", args{"N": x.Extra, "Units": formatUnits(x.Price)})
		}
		out = append(out, line+" · "+state)
	}
	return strings.Join(out, "\n")
}
