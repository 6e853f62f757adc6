package ui

import (
	"maps"
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

// VotesBackend is what the votes view, its delegations and its home card
// need of the app.
type VotesBackend interface {
	Proposals() ([]app.ProposalView, error)
	CastBallot(id ids.Hash, b core.Ballot) (*entry.Signed, error)
	DelegationsBackend
}

// VotesScreen is the Community tab's votes view: the proposals (open ones
// with a ballot of their method, prefilled with mine; decided ones with
// their result and the arithmetic any member can check) and, beside them,
// my delegations (delegations.go).
type VotesScreen struct {
	s      *Shell
	tabs   *switcher
	open   *fyne.Container
	closed *fyne.Container
	msg    message
	forms  map[ids.Hash]keptForm
	dels   *DelegationsView
}

// keptForm is an open proposal's ballot form, kept across refreshes (a
// sync must not undo ticks not yet cast) until my ballot changes.
type keptForm struct {
	mine uint64 // the seq of my ballot it was filled from (0: none)
	form ballotForm
}

// NewVotesScreen builds the screen.
func NewVotesScreen(s *Shell) *VotesScreen {
	v := &VotesScreen{s: s, open: container.NewVBox(), closed: container.NewVBox(), msg: newMessage(),
		forms: map[ids.Hash]keptForm{}, dels: NewDelegationsView(s)}
	proposals := page(heading(lang.L("Open for your vote")), v.open, v.msg.Label, heading(lang.L("Decided")), v.closed)
	v.tabs = newSwitcher(view{lang.L("Proposals"), proposals}, view{lang.L("Delegations"), v.dels.Content()})
	return v
}

// Content is the screen's widget tree.
func (v *VotesScreen) Content() fyne.CanvasObject { return v.tabs.content }

// Show selects view i (0 proposals, 1 delegations).
func (v *VotesScreen) Show(i int) { v.tabs.Select(i); v.Refresh() }

// Refresh re-reads the selected view.
func (v *VotesScreen) Refresh() {
	if v.tabs.selected == 1 {
		v.dels.Refresh()
		return
	}
	ps, err := v.s.b.Proposals()
	if err != nil {
		v.open.Objects = []fyne.CanvasObject{para(errWords(err))}
		v.open.Refresh()
		return
	}
	var open, closed []fyne.CanvasObject
	still := map[ids.Hash]bool{}
	for i := len(ps) - 1; i >= 0; i-- { // newest first
		p := ps[i]
		if p.Tally.Final {
			closed = append(closed, v.decided(p))
		} else {
			open = append(open, v.ballotCard(p))
			still[p.ID] = true
		}
	}
	maps.DeleteFunc(v.forms, func(id ids.Hash, _ keptForm) bool { return !still[id] }) // closed since
	if len(open) == 0 {
		open = append(open, para(lang.L("No proposal is open now.")))
	}
	v.open.Objects, v.closed.Objects = open, closed
	v.open.Refresh()
	v.closed.Refresh()
}

// ballotCard is an open proposal: its question, the time left, how its
// ballot is filled in, my ballot now, and the ballot to cast or change.
func (v *VotesScreen) ballotCard(p app.ProposalView) fyne.CanvasObject {
	var lines []fyne.CanvasObject
	if t := strings.TrimSpace(p.Proposal.Text); t != "" {
		lines = append(lines, para(t))
	}
	lines = append(lines, para(lang.L("Closes in {{.Left}}. {{.N}} of {{.Of}} members have taken part so far (quorum {{.Q}} %).",
		args{"Left": untilWords(p.Proposal.Closes, v.s.o.Now()), "N": p.Tally.Participants, "Of": p.Tally.Eligible, "Q": p.Tally.QuorumPct})))
	if how := methodWords(&p.Proposal); how != "" {
		lines = append(lines, para(how))
	}
	if p.Mine != nil {
		lines = append(lines, para(myBallotWords(&p.Proposal, p.Mine, false)),
			para(lang.L("You have voted; you may change your ballot until the close.")))
	}
	lines = append(lines, v.ballotActions(p, v.form(p)))
	return widget.NewCard(p.Proposal.Title, kindWords(p.Proposal.Kind), container.NewVBox(lines...))
}

// form is p's ballot form: the one kept if my ballot has not changed.
func (v *VotesScreen) form(p app.ProposalView) ballotForm {
	var seq uint64
	if p.Mine != nil {
		seq = p.Mine.Seq
	}
	if k, ok := v.forms[p.ID]; ok && k.mine == seq {
		return k.form
	}
	f := newBallotForm(p)
	v.forms[p.ID] = keptForm{mine: seq, form: f}
	return f
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
	if p.Mine != nil {
		body.Add(para(myBallotWords(&p.Proposal, p.Mine, true)))
	}
	return widget.NewCard(p.Proposal.Title, kindWords(p.Proposal.Kind), body)
}

// kindWords names a proposal kind.
func kindWords(kind string) string {
	return lang.L("Proposal: {{.Kind}}", args{"Kind": kind})
}

// cast signs b on p, replacing my earlier ballot.
func (v *VotesScreen) cast(p app.ProposalView, b core.Ballot) {
	var err error
	v.s.o.Async(func() { _, err = v.s.b.CastBallot(p.ID, b) }, func() {
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.msg.ok(lang.L("Your ballot is cast."))
		v.Refresh()
	})
}

// newVotesCard is the home screen's votes card: the open proposals that
// wait for my vote.
func newVotesCard(s *Shell) part {
	return newHomeCard(lang.L("Votes"), func() (string, bool) {
		ps, err := s.b.Proposals()
		waiting := 0
		for _, p := range ps {
			if !p.Tally.Final && p.Mine == nil {
				waiting++
			}
		}
		if err != nil || waiting == 0 {
			return "", false
		}
		return lang.L("{{.N}} open proposal(s) wait for your vote (Community › Votes).", args{"N": waiting}), true
	})
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
