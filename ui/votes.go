package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
)

// VotesBackend is what the votes view and its home card need of the app.
type VotesBackend interface {
	Proposals() ([]app.ProposalView, error)
	Vote(id ids.Hash, choice []string) (*entry.Signed, error)
}

// VotesScreen is the Community tab's votes view: the open proposals, with
// a yes/no/abstain ballot for those decided that way, then the closed ones
// with their result and the arithmetic any member can check.
type VotesScreen struct {
	s      *Shell
	open   *fyne.Container
	closed *fyne.Container
	msg    message
}

// NewVotesScreen builds the screen.
func NewVotesScreen(s *Shell) *VotesScreen {
	return &VotesScreen{s: s, open: container.NewVBox(), closed: container.NewVBox(), msg: newMessage()}
}

// Content is the screen's widget tree.
func (v *VotesScreen) Content() fyne.CanvasObject {
	return page(heading(lang.L("Open for your vote")), v.open, v.msg.Label,
		heading(lang.L("Decided")), v.closed)
}

// Refresh re-reads the proposals.
func (v *VotesScreen) Refresh() {
	ps, err := v.s.b.Proposals()
	if err != nil {
		v.open.Objects = []fyne.CanvasObject{para(lang.L(app.Message(err)))}
		v.open.Refresh()
		return
	}
	var open, closed []fyne.CanvasObject
	for i := len(ps) - 1; i >= 0; i-- { // newest first
		p := ps[i]
		if p.Tally.Final {
			closed = append(closed, v.decided(p))
		} else {
			open = append(open, v.ballotCard(p))
		}
	}
	if len(open) == 0 {
		open = append(open, para(lang.L("No proposal is open now.")))
	}
	v.open.Objects, v.closed.Objects = open, closed
	v.open.Refresh()
	v.closed.Refresh()
}

// ballotCard is an open proposal: its question, the time left, my ballot
// and, for yes/no questions, the buttons to cast or change it.
func (v *VotesScreen) ballotCard(p app.ProposalView) fyne.CanvasObject {
	lines := []fyne.CanvasObject{para(lang.L("Closes in {{.Left}}. {{.N}} of {{.Of}} members have taken part so far (quorum {{.Q}} %).",
		args{"Left": untilWords(p.Proposal.Closes, v.s.o.Now()), "N": p.Tally.Participants, "Of": p.Tally.Eligible, "Q": p.Tally.QuorumPct}))}
	if p.Mine != nil {
		lines = append(lines, para(lang.L("You have voted; you may change your ballot until the close.")))
	}
	if p.Proposal.Method == core.MethodYesNo {
		vote := func(c string) func() { return func() { v.doVote(p.ID, c) } }
		lines = append(lines, container.NewGridWithColumns(3, primary(lang.L("Yes"), vote("yes")),
			widget.NewButton(lang.L("No"), vote("no")), widget.NewButton(lang.L("Abstain"), vote("abstain"))))
	} else {
		lines = append(lines, para(lang.L("Vote on this one with 'dac vote' or at the office's kiosk.")))
	}
	return widget.NewCard(p.Proposal.Title, kindWords(p.Proposal.Kind), container.NewVBox(lines...))
}

// decided is a closed proposal with its result and arithmetic.
func (v *VotesScreen) decided(p app.ProposalView) fyne.CanvasObject {
	result := lang.L("Not adopted.")
	if p.Adopted {
		result = lang.L("Adopted.")
	}
	if o := p.Tally.Outcome; o != "passed" && o != "failed" && o != "" {
		result += " (" + o + ")" // below quorum, a winner named, …
	}
	body := container.NewVBox(para(result), para(strings.Join(p.Tally.Arithmetic, "\n")))
	return widget.NewCard(p.Proposal.Title, kindWords(p.Proposal.Kind), body)
}

// kindWords names a proposal kind.
func kindWords(kind string) string {
	return lang.L("Proposal: {{.Kind}}", args{"Kind": kind})
}

func (v *VotesScreen) doVote(id ids.Hash, choice string) {
	var err error
	v.s.o.Async(func() { _, err = v.s.b.Vote(id, []string{choice}) }, func() {
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.msg.ok(lang.L("Your ballot is cast."))
		v.Refresh()
	})
}

// votesCard is the home screen's line on open proposals.
type votesCard struct {
	s    *Shell
	text *widget.Label
	card *widget.Card
}

// newVotesCard is the home screen's votes card.
func newVotesCard(s *Shell) part {
	c := &votesCard{s: s, text: para("")}
	c.card = widget.NewCard(lang.L("Votes"), "", c.text)
	c.card.Hide()
	return c
}

func (c *votesCard) Content() fyne.CanvasObject { return c.card }

func (c *votesCard) Refresh() {
	ps, err := c.s.b.Proposals()
	waiting := 0
	for _, p := range ps {
		if !p.Tally.Final && p.Mine == nil {
			waiting++
		}
	}
	if err != nil || waiting == 0 {
		c.card.Hide()
		return
	}
	c.text.SetText(lang.L("{{.N}} open proposal(s) wait for your vote (Community › Votes).", args{"N": waiting}))
	c.card.Show()
}

// kioskVoteTab is voting at the office's kiosk, for a resident without a
// device: the same ballots as on a phone (nil when the node has no votes).
func kioskVoteTab(k *Kiosk, s *Shell) *kioskTab {
	if _, err := s.b.Proposals(); err != nil {
		return nil
	}
	v := NewVotesScreen(s)
	return &kioskTab{item: container.NewTabItemWithIcon(lang.L("Votes"), theme.MailSendIcon(), v.Content()), p: v}
}
