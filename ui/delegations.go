package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// DelegationsBackend is what the delegations view needs of the app
// (besides the directory, to pick a delegate).
type DelegationsBackend interface {
	Delegations(member ids.PubKey) (app.DelegationView, error)
	Delegate(topic string, to ids.PubKey) (*entry.Signed, error)
	Undelegate(topic string) (*entry.Signed, error)
}

// DelegationsView is liquid democracy for one member: whom I hand my vote
// to on each topic (set from the directory, or revoke), and who hands
// theirs to me, with the weight I carry.
type DelegationsView struct {
	s       *Shell
	mine    *fyne.Container
	topic   *widget.Select
	topics  []string
	to      *widget.SelectEntry
	set     *widget.Button
	msg     message
	carried *fyne.Container
}

// NewDelegationsView builds the view.
func NewDelegationsView(s *Shell) *DelegationsView {
	v := &DelegationsView{s: s, mine: container.NewVBox(), topic: widget.NewSelect(nil, nil), to: widget.NewSelectEntry(nil),
		msg: newMessage(), carried: container.NewVBox()}
	v.to.SetPlaceHolder(lang.L("pick a member or paste their key"))
	v.set = primary(lang.L("Delegate my vote"), v.doSet)
	return v
}

// Content is the view's widget tree.
func (v *DelegationsView) Content() fyne.CanvasObject {
	return page(heading(lang.L("Your delegations")),
		para(lang.L("Hand your vote on a topic to a member you trust; they may hand it on. A ballot of your own always counts instead, and you can take your vote back at any time.")),
		v.mine, v.msg.Label, widget.NewSeparator(), subheading(lang.L("Delegate")),
		formField(lang.L("Topic"), v.topic), formField(lang.L("To"), v.to), v.set,
		widget.NewSeparator(), subheading(lang.L("Who delegates to you")), v.carried)
}

// Refresh re-reads my delegations and the directory.
func (v *DelegationsView) Refresh() {
	d, err := v.s.b.Delegations(ids.PubKey{})
	if err != nil {
		v.mine.Objects = []fyne.CanvasObject{para(errWords(err))}
		v.mine.Refresh()
		v.set.Disable()
		return
	}
	v.set.Enable()
	v.topics = d.Topics
	var names []string
	for _, t := range d.Topics {
		names = append(names, topicWords(t))
	}
	v.topic.SetOptions(names)
	if v.topic.SelectedIndex() < 0 {
		v.topic.SetSelectedIndex(0)
	}
	v.to.SetOptions(memberChoices(v.s))
	v.mine.Objects = v.mineRows(d)
	v.mine.Refresh()
	v.carried.Objects = []fyne.CanvasObject{para(carriedWords(d.Carried))}
	v.carried.Refresh()
}

// mineRows is a line per topic I delegate myself, with its Take back
// button. A kind's delegate that only follows my "every topic" one gets no
// line of its own: taking it back there would change nothing.
func (v *DelegationsView) mineRows(d app.DelegationView) []fyne.CanvasObject {
	own := ownTopics(d.History)
	var rows []fyne.CanvasObject
	for _, t := range d.Topics {
		to, ok := d.Mine[t]
		if !ok || !own[t] {
			continue
		}
		revoke := widget.NewButton(lang.L("Take back"), func() { v.doRevoke(t) })
		rows = append(rows, container.NewBorder(nil, nil, nil, revoke,
			para(lang.L("{{.Topic}}: your vote goes to member {{.Who}}.", args{"Topic": topicWords(t), "Who": to.Short()}))))
	}
	if len(rows) == 0 {
		rows = append(rows, para(lang.L("You delegate your vote on no topic: you vote yourself.")))
	}
	return rows
}

// ownTopics are the topics whose latest entry of mine delegates (rather
// than takes back); history is by topic, then chain order.
func ownTopics(history []core.DelegationRow) map[string]bool {
	own := map[string]bool{}
	for _, r := range history {
		own[r.Topic] = !r.To.IsZero()
	}
	return own
}

// memberChoices lists the active members other than this one ("Member
// short · key", for parseRecipient): the choices of the send view and of
// a delegate.
func memberChoices(s *Shell) []string {
	ms, err := s.b.Members()
	if err != nil {
		return nil
	}
	me, _ := s.b.Whoami()
	var out []string
	for _, m := range ms {
		if m.Active && m.Key != me {
			out = append(out, memberLabel(m.Key))
		}
	}
	return out
}

// carriedWords says, per topic, the weight I carry and from whom: every
// topic first, then the kinds where it differs.
func carriedWords(cs []core.Carried) string {
	var lines []string
	all := 1
	for _, c := range cs {
		if c.Topic == core.TopicAll {
			all = c.Weight
		}
		if c.Weight <= 1 || (c.Topic != core.TopicAll && c.Weight == all) {
			continue // nothing beyond what every topic carries
		}
		var from []string
		for _, k := range c.Direct {
			from = append(from, k.Short())
		}
		lines = append(lines, lang.L("{{.Topic}}: your ballot counts {{.Weight}} times (yours and {{.Others}} more); directly from {{.From}}.",
			args{"Topic": topicWords(c.Topic), "Weight": c.Weight, "Others": c.Weight - 1, "From": strings.Join(from, ", ")}))
	}
	if len(lines) == 0 {
		return lang.L("No one delegates their vote to you.")
	}
	return strings.Join(lines, "\n")
}

// topicWords names a delegation topic.
func topicWords(t string) string {
	switch t {
	case core.TopicAll:
		return lang.L("Every topic")
	case charter.ProposalAmendment:
		return lang.L("Charter amendments")
	case charter.ProposalBudget:
		return lang.L("Budgets")
	case charter.ProposalPolicy:
		return lang.L("Policies")
	case charter.ProposalElection:
		return lang.L("Elections")
	case charter.ProposalEmergency:
		return lang.L("Emergencies")
	case charter.ProposalSanction:
		return lang.L("Sanctions")
	}
	return t
}

func (v *DelegationsView) doSet() {
	i := v.topic.SelectedIndex()
	if i < 0 || i >= len(v.topics) {
		v.msg.fail(&app.UserError{Msg: lang.L("choose the topic first")})
		return
	}
	to, err := parseRecipient(v.to.Text)
	if err != nil {
		v.msg.fail(err)
		return
	}
	topic := v.topics[i]
	v.s.o.Async(func() { _, err = v.s.b.Delegate(topic, to) }, func() {
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.msg.ok(lang.L("{{.Topic}}: your vote now goes to member {{.Who}}, unless you vote yourself.",
			args{"Topic": topicWords(topic), "Who": to.Short()}))
		v.to.SetText("")
		v.Refresh()
	})
}

func (v *DelegationsView) doRevoke(topic string) {
	var err error
	v.s.o.Async(func() { _, err = v.s.b.Undelegate(topic) }, func() {
		if err != nil {
			v.msg.fail(err)
			return
		}
		v.msg.ok(lang.L("{{.Topic}}: you took your vote back.", args{"Topic": topicWords(topic)}))
		v.Refresh()
	})
}
