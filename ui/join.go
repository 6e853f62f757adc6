package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
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
	j.code.SetPlaceHolder("paste the pairing code here")
	j.join = primary("Connect and join", j.doJoin)
	return j
}

// Content is the screen's widget tree.
func (j *JoinScreen) Content() fyne.CanvasObject {
	return page(heading("Join your node"),
		para("Ask a hub of your community, or a neighbour whose device holds it, for its pairing code, "+
			"and paste it here. This device then fetches the community's record."),
		formField("Pairing code", j.code), j.join, j.stage, j.msg.Label,
		widget.NewSeparator(),
		para("No code at hand? Look around a demo community instead."),
		widget.NewButton("Explore the demo node", func() { j.s.show(NewDemoScreen(j.s).Content()) }))
}

func (j *JoinScreen) doJoin() {
	code := strings.TrimSpace(j.code.Text)
	if code == "" {
		j.msg.fail(&app.UserError{Msg: "paste a pairing code first"})
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
		j.msg.ok(fmt.Sprintf("Joined: %d entries fetched.", rep.Added))
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
		return "Connecting to the peer…"
	case "joining":
		return "Asking which node it holds…"
	case "fetching", "applying":
		return fmt.Sprintf("Fetching the record: %d entries so far…", p.Entries)
	case "sending":
		return "Sending what this device holds…"
	}
	return "Working…"
}
