package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// joinTimeout bounds one attempt to reach a peer and catch up with it.
const joinTimeout = 2 * time.Minute

// JoinScreen connects to a hub or a neighbour by its pairing code and takes
// its node; or opens the demo node instead.
type JoinScreen struct {
	s     *Shell
	code  *widget.Entry
	join  *widget.Button
	stage *widget.Label
	msg   message
}

// NewJoinScreen builds the screen.
func NewJoinScreen(s *Shell) *JoinScreen {
	j := &JoinScreen{s: s, code: widget.NewMultiLineEntry(), stage: para(""), msg: newMessage()}
	j.code.Wrapping = fyne.TextWrapBreak
	j.code.SetPlaceHolder(lang.L("paste the pairing code here"))
	j.join = primary(lang.L("Connect and join"), j.doJoin)
	return j
}

// Content is the screen's widget tree.
func (j *JoinScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Join your node")),
		para(lang.L("Ask a hub of your community, or a neighbour whose device holds it, for its pairing code, "+
			"and paste it here. This device then fetches the community's record.")),
		formField(lang.L("Pairing code"), j.code), j.join, j.stage, j.msg.Label,
		widget.NewSeparator(),
		para(lang.L("No code at hand? Look around a demo community instead.")),
		widget.NewButton(lang.L("Explore the demo node"), func() { j.s.show(NewDemoScreen(j.s).Content()) }))
}

func (j *JoinScreen) doJoin() {
	code := strings.TrimSpace(j.code.Text)
	if code == "" {
		j.msg.fail(&app.UserError{Msg: lang.L("paste a pairing code first")})
		return
	}
	j.join.Disable()
	j.msg.clear()
	var rep app.SyncReport
	var err error
	j.s.o.Async(func() { rep, err = j.sync(code) }, func() {
		j.join.Enable()
		j.stage.SetText("")
		if err != nil {
			j.msg.fail(err)
			return
		}
		j.msg.ok(lang.L("Joined: {{.N}} entries fetched.", args{"N": rep.Added}))
		j.s.Route()
	})
}

// sync runs off the UI goroutine.
func (j *JoinScreen) sync(code string) (app.SyncReport, error) {
	ctx, cancel := context.WithTimeout(context.Background(), joinTimeout)
	defer cancel()
	on, err := j.s.GoOnline(ctx)
	if err != nil {
		return app.SyncReport{}, err
	}
	return on.SyncWith(ctx, code, func(p app.SyncProgress) {
		j.s.o.Deliver(func() { j.stage.SetText(stageWords(p)) })
	})
}

// stageWords says where a sync is, in plain words.
func stageWords(p app.SyncProgress) string {
	switch p.Stage {
	case "connecting":
		return lang.L("Connecting to the peer…")
	case "joining":
		return lang.L("Asking which node it holds…")
	case "fetching", "applying":
		return lang.L("Fetching the record: {{.N}} entries so far…", args{"N": p.Entries})
	case "sending":
		return lang.L("Sending what this device holds…")
	}
	return lang.L("Working…")
}
