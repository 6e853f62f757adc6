package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/core/ids"
)

// RegisterView is the registration of a new member at a kiosk: members who
// know the applicant vouch for them in person, one session each; the
// registrar admits them once enough have.
type RegisterView struct {
	k         *Kiosk
	applicant *widget.Entry
	status    *widget.Label
	vouch     *widget.Button
	admit     *widget.Button
	msg       message
}

// NewRegisterView builds the view, on the registration in progress if any.
func NewRegisterView(k *Kiosk) *RegisterView {
	v := &RegisterView{k: k, applicant: widget.NewEntry(), status: para(""), msg: newMessage()}
	v.applicant.SetPlaceHolder(lang.L("the applicant's public key (64 letters and digits)"))
	if !k.applicant.IsZero() {
		v.applicant.SetText(k.applicant.String())
	}
	v.applicant.OnChanged = func(string) { v.Refresh() }
	v.vouch = primary(lang.L("I vouch for this person"), v.doVouch)
	v.admit = primary(lang.L("Admit as a member"), v.doAdmit)
	return v
}

// Content is the view's widget tree.
func (v *RegisterView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Register a member")),
		para(lang.L("Someone becomes a member when enough members vouch for them in person and the registrar admits them. "+
			"Vouch only for someone you know, who is here with you.")),
		formField(lang.L("Applicant"), v.applicant), v.status, v.vouch, v.admit, v.msg.Label)
}

// Refresh re-reads where the applicant stands.
func (v *RegisterView) Refresh() {
	v.admit.Hide()
	key, ok := v.key()
	if !ok {
		v.status.SetText(lang.L("Paste the applicant's public key, or start with “Get my key” on the sign-in screen."))
		v.vouch.Disable()
		return
	}
	st, err := v.k.b.ApplicantStatus(key)
	if err != nil {
		v.status.SetText(errWords(err))
		v.vouch.Disable()
		return
	}
	v.vouch.Enable()
	if st.Member {
		v.status.SetText(lang.L("{{.Key}} is a member.", args{"Key": key.Short()}))
		v.vouch.Disable()
		return
	}
	status := lang.L("Applicant {{.Key}}: {{.Vouches}} of {{.Needed}} vouches.",
		args{"Key": key.Short(), "Vouches": st.Vouches, "Needed": st.Needed})
	switch {
	case slices.Contains(st.Registrars, v.k.who):
		v.admit.Show()
	case len(st.Registrars) == 0:
		status += " " + lang.L("No one may admit members now: this term's registrar seat is not confirmed yet. The vouches keep for a while.")
	default:
		status += " " + lang.L("The registrar now: {{.Who}}.", args{"Who": ids.ShortKeys(st.Registrars)})
	}
	v.status.SetText(status)
}

func (v *RegisterView) key() (ids.PubKey, bool) {
	k, err := ids.ParsePubKey(strings.TrimSpace(v.applicant.Text))
	return k, err == nil
}

func (v *RegisterView) doVouch() {
	v.k.touch()
	key, ok := v.key()
	if !ok {
		return
	}
	if _, err := v.k.b.Vouch(key); err != nil {
		v.msg.fail(err)
		return
	}
	v.msg.ok(lang.L("You vouched for {{.Key}}.", args{"Key": key.Short()}))
	v.Refresh()
}

func (v *RegisterView) doAdmit() {
	v.k.touch()
	key, ok := v.key()
	if !ok {
		return
	}
	if _, err := v.k.b.Admit(key); err != nil {
		v.msg.fail(err)
		return
	}
	v.k.applicant = ids.PubKey{}
	v.msg.ok(lang.L("{{.Key}} is now a member.", args{"Key": key.Short()}))
	v.Refresh()
}
