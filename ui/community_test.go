package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"dac/core"
)

// On the demo node the resident sees the basket left this period, makes a
// redemption (a code for the distribution point appears and the home card
// counts it), votes on an open proposal, and sees the offices with their
// holders. (Housing: housing_test.go.)
func TestCommunityOnTheDemo(t *testing.T) {
	r := demoRig(t)
	r.s.Tab(tabCommunity)

	r.s.life.Show(subRations)
	rv := r.s.life.subs[subRations].(*RationsScreen)
	r.shows("100 of 100 l of water left")
	test.Type(rv.qty, "zero")
	test.Tap(findButton(t, r, "Make the redemption"))
	if !strings.Contains(rv.msg.Text, "whole number") {
		t.Fatalf("a bad quantity says %q", rv.msg.Text)
	}
	plain(t, rv.msg.Text)
	rv.item.SetSelected("water")
	test.Type(rv.qty, "30")
	rv.qty.SetText("30")
	test.Tap(findButton(t, r, "Make the redemption"))
	if !strings.HasPrefix(rv.code.Text, "dacration1:") {
		t.Fatalf("no redemption code; message %q", rv.msg.Text)
	}
	rv.Refresh()
	r.shows("70 of 100 l of water left")
	r.s.Tab(tabHome)
	r.shows("70 l of water")

	r.s.Tab(tabCommunity)
	r.s.life.Show(subVotes)
	r.shows("No proposal is open now.")
	if _, err := r.a.Propose(core.Propose{Kind: "policy", Title: "Plant a hundred trees", Method: core.MethodYesNo}); err != nil {
		t.Fatal(err)
	}
	r.s.life.Refresh()
	r.shows("Plant a hundred trees")
	r.s.Tab(tabHome)
	r.shows("1 open proposal(s) wait for your vote")
	r.s.Tab(tabCommunity)
	r.s.life.Show(subVotes)
	if findButton(t, r, "Yes").Importance == widget.HighImportance {
		t.Fatal("a button suggests a ballot before any is cast")
	}
	test.Tap(findButton(t, r, "Yes"))
	r.shows("Your ballot is cast.")
	r.shows("You have voted")
	if findButton(t, r, "Yes").Importance != widget.HighImportance || findButton(t, r, "No").Importance == widget.HighImportance {
		t.Fatal("my ballot (yes) does not stand out")
	}

	r.s.life.Show(subOffices)
	r.shows("# audit")
	r.shows("branch: oversight")
}

func findButton(t *testing.T, r *rig, label string) *widgetButton {
	t.Helper()
	var found *widgetButton
	walk(r.w.Content(), func(o fyneObject) {
		if b, ok := o.(*widgetButton); ok && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", label)
	}
	return found
}

type (
	widgetButton = widget.Button
	fyneObject   = fyne.CanvasObject
)
