package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// part is a piece of a screen that re-reads what it shows.
type part interface {
	Content() fyne.CanvasObject
	Refresh()
}

// homeCard is a home screen card of a line or two: words says what to show,
// and ok false hides the card (it has nothing to say).
type homeCard struct {
	text  *widget.Label
	card  *widget.Card
	words func() (string, bool)
}

func newHomeCard(title string, words func() (string, bool)) part {
	c := &homeCard{text: para(""), words: words}
	c.card = widget.NewCard(title, "", c.text)
	c.card.Hide()
	return c
}

func (c *homeCard) Content() fyne.CanvasObject { return c.card }

func (c *homeCard) Refresh() {
	text, ok := c.words()
	if !ok {
		c.card.Hide()
		return
	}
	c.text.SetText(text)
	c.card.Show()
}

// CommunityScreen is the node's common life, one sub-tab each: housing,
// rations, votes, offices (each in its own file) and work (work.go).
type CommunityScreen struct {
	s    *Shell
	tabs *container.AppTabs
	subs []part
}

// NewCommunityScreen builds the screen.
func NewCommunityScreen(s *Shell) *CommunityScreen {
	c := &CommunityScreen{s: s}
	items := []struct {
		name string
		p    part
	}{
		{lang.L("Housing"), NewHousingScreen(s)},
		{lang.L("Rations"), NewRationsScreen(s)},
		{lang.L("Votes"), NewVotesScreen(s)},
		{lang.L("Offices"), NewOfficesScreen(s)},
		{lang.L("Work"), s.work},
		{lang.L("Sanctions"), NewSanctionsScreen(s)},
	}
	c.tabs = container.NewAppTabs()
	for _, it := range items {
		c.tabs.Append(container.NewTabItem(it.name, it.p.Content()))
		c.subs = append(c.subs, it.p)
	}
	c.tabs.OnSelected = func(*container.TabItem) { c.Refresh() }
	return c
}

// Content is the screen's widget tree.
func (c *CommunityScreen) Content() fyne.CanvasObject { return c.tabs }

// Refresh re-reads the selected sub-tab.
func (c *CommunityScreen) Refresh() { c.subs[c.tabs.SelectedIndex()].Refresh() }

// Show selects sub-tab i (subHousing…subWork).
func (c *CommunityScreen) Show(i int) { c.tabs.SelectIndex(i) }

// The sub-tabs, in order.
const (
	subHousing = iota
	subRations
	subVotes
	subOffices
	subWork
)

// homeCards are the home screen's cards beyond money and notices: the
// emergency banner first, then housing, rations, votes and offices at a
// glance.
// Each comes from its own file; an empty one shows nothing.
func homeCards(s *Shell) []part {
	return []part{newEmergencyBanner(s), newHousingCard(s), newRationsCard(s), newVotesCard(s), newOfficesCard(s)}
}

// kioskTabs are the kiosk's counters beyond Home, Wallet and Register: the
// housing office, the distribution point, voting. Each returns nil when it
// has nothing for this session.
func kioskTabs(k *Kiosk, s *Shell) []kioskTab {
	var out []kioskTab
	for _, f := range []func(*Kiosk, *Shell) *kioskTab{kioskHousingTab, kioskPointTab, kioskVoteTab} {
		if t := f(k, s); t != nil {
			out = append(out, *t)
		}
	}
	return out
}

// kioskTab is one extra kiosk tab.
type kioskTab struct {
	item *container.TabItem
	p    part
}

// empty is a part that shows nothing (a card with nothing to say).
type empty struct{}

func (empty) Content() fyne.CanvasObject {
	c := container.NewVBox()
	c.Hide() // takes no room in the page
	return c
}
func (empty) Refresh() {}
