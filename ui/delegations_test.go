package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"dac/app"
	"dac/core/demo"
)

// TestDelegateAndSeeTheWeight: the resident hands their vote on every
// topic to a member picked from the directory; that member sees the weight
// they carry and from whom; the resident takes the vote back.
func TestDelegateAndSeeTheWeight(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabCommunity)
	r.s.life.Show(subVotes)
	v := r.s.life.subs[subVotes].(*VotesScreen)
	v.Show(1)
	d := v.dels
	r.shows("You delegate your vote on no topic: you vote yourself.")
	r.shows("No one delegates their vote to you.")

	test.Tap(d.set)
	r.shows("pick a member from the list")
	plain(t, d.msg.Text)
	friend := demo.Pub(demo.Key(1, 5))
	d.topic.SetSelectedIndex(0) // every topic
	d.to.SetText(memberLabel(friend))
	test.Tap(d.set)
	r.shows("Every topic: your vote now goes to member " + friend.Short() + ", unless you vote yourself.")
	r.shows("Every topic: your vote goes to member " + friend.Short() + ".")
	if n := len(d.mine.Objects); n != 1 {
		t.Errorf("one delegation on every topic shows as %d lines:\n%s", n, texts(d.mine))
	}
	// Budgets go to someone else: their own line, taken back on its own.
	other := demo.Pub(demo.Key(1, 6))
	d.topic.SetSelectedIndex(2) // budgets (after every topic and amendments)
	d.to.SetText(memberLabel(other))
	test.Tap(d.set)
	r.shows("Budgets: your vote goes to member " + other.Short() + ".")
	tapIn(t, rowWith(t, d.mine, "Budgets:"), "Take back")
	r.shows("Budgets: you took your vote back.")
	if n := len(d.mine.Objects); n != 1 {
		t.Errorf("after taking budgets back, %d lines:\n%s", n, texts(d.mine))
	}

	me, _ := r.a.Whoami()
	phrase, _ := app.DemoPhrase(1, 5)
	if _, err := r.a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	r.shows("Every topic: your ballot counts 2 times (yours and 1 more); directly from " + me.Short() + ".")
	if got := d.carried.Objects[0].(*widget.Label).Text; strings.Count(got, "\n") != 0 {
		t.Errorf("the weight on every topic is repeated for each kind:\n%s", got)
	}

	phrase, _ = app.DemoPhrase(1, app.DemoResident)
	if _, err := r.a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	tapIn(t, d.mine, "Take back")
	r.shows("Every topic: you took your vote back.")
	r.shows("You delegate your vote on no topic: you vote yourself.")
}
