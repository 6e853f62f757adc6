package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

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

	me, _ := r.a.Whoami()
	phrase, _ := app.DemoPhrase(1, 5)
	if _, err := r.a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	r.shows("Every topic: your ballot counts 2 times (yours and 1 more); directly from " + me.Short() + ".")

	phrase, _ = app.DemoPhrase(1, app.DemoResident)
	if _, err := r.a.SignIn(phrase); err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	tapIn(t, d.mine, "Take back")
	r.shows("Every topic: you took your vote back.")
	r.shows("You delegate your vote on no topic: you vote yourself.")
}
