package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"fyne.io/fyne/v2/test"

	"dac/app"
	"dac/core"
	"dac/core/ids"
)

// votesRig is the demo resident on the Votes sub-tab, with an open
// proposal of method on the record (the demo's have closed by now).
func votesRig(t *testing.T, method string, opts ...string) (*rig, *VotesScreen, ids.Hash) {
	t.Helper()
	r := demoRig(t)
	p := core.Propose{Kind: "policy", Title: "Where to plant the orchard", Method: method}
	for _, o := range opts {
		p.Options = append(p.Options, core.Option{Name: o})
	}
	e, err := r.a.Propose(p)
	if err != nil {
		t.Fatal(err)
	}
	r.s.Tab(tabCommunity)
	r.s.life.Show(subVotes)
	return r, r.s.life.subs[subVotes].(*VotesScreen), e.ID
}

// mine is my ballot on id as the app has it.
func mine(t *testing.T, a *app.App, id ids.Hash) *core.BallotRow {
	t.Helper()
	v, err := a.TallyOf(id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Mine
}

// TestApprovalBallot: tick two options and cast; the ballot shows
// prefilled and in words; untick one and cast again: it replaces the first.
// Casting nothing ticked says so plainly.
func TestApprovalBallot(t *testing.T) {
	r, v, id := votesRig(t, core.MethodApproval, "by the school", "by the river", "on the hill")
	f := v.forms[id].form.(*approvalForm)
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("tick at least one option, or abstain")
	plain(t, v.msg.Text)
	test.Tap(f.checks[2])
	v.Refresh() // a sync arrives while the ballot is being filled in
	if f = v.forms[id].form.(*approvalForm); !f.checks[2].Checked {
		t.Fatal("a refresh undid a tick not yet cast")
	}
	test.Tap(f.checks[0])
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("Your ballot is cast.")
	r.shows("Your ballot now: by the school, on the hill.")
	if b := mine(t, r.a, id); b == nil || len(b.Pick) != 2 || b.Pick[0] != 0 || b.Pick[1] != 2 {
		t.Fatalf("my ballot %+v", b)
	}
	f = v.forms[id].form.(*approvalForm)
	if !f.checks[0].Checked || f.checks[1].Checked || !f.checks[2].Checked {
		t.Fatal("the form is not prefilled with my ballot")
	}
	test.Tap(f.checks[0])
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("Your ballot now: on the hill.")
	if b := mine(t, r.a, id); len(b.Pick) != 1 || b.Pick[0] != 2 {
		t.Fatalf("the changed ballot %+v", b)
	}
}

// TestRankedBallot: rank three options, reorder them with the arrows,
// leave one out, and change the ranking later.
func TestRankedBallot(t *testing.T) {
	r, v, id := votesRig(t, core.MethodRanked, "ana", "bo", "chen")
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("rank at least one option, or abstain")
	f := v.forms[id].form.(*rankedForm)
	for _, o := range []string{"chen", "ana", "bo"} {
		tapIn(t, rowWith(t, f.box, o), "Rank")
	}
	r.shows("1. chen")
	if w := r.w.Content().MinSize().Width; w > sizes[phone].Width {
		t.Errorf("a ranked ballot needs %v wide on a phone", w)
	}
	test.Tap(buttonsIn(rowWith(t, f.box, "3. bo"))[0]) // up: bo above ana
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("Your ballot now: 1. chen, 2. bo, 3. ana.")
	if b := mine(t, r.a, id); len(b.Pick) != 3 || b.Pick[0] != 2 || b.Pick[1] != 1 || b.Pick[2] != 0 {
		t.Fatalf("my ranking %+v", b)
	}
	f = v.forms[id].form.(*rankedForm)
	if len(f.ranking) != 3 || f.ranking[0] != 2 {
		t.Fatalf("the form is not prefilled: %v", f.ranking)
	}
	test.Tap(buttonsIn(rowWith(t, f.box, "1. chen"))[2]) // leave chen out
	test.Tap(buttonsIn(rowWith(t, f.box, "1. bo"))[1])   // down: ana above bo
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("Your ballot now: 1. ana, 2. bo.")
	test.Tap(findButton(t, r, "Abstain"))
	r.shows("Your ballot now: you abstain.")
}

// TestScoreBallot: a score per option.
func TestScoreBallot(t *testing.T) {
	r, v, id := votesRig(t, core.MethodScore, "ana", "bo")
	f := v.forms[id].form.(*scoreForm)
	f.scores[0].SetSelectedIndex(4)
	test.Tap(findButton(t, r, "Cast my ballot"))
	r.shows("Your ballot now: ana 4, bo 0.")
}

// TestBudgetBallot: a budget's supported projects add up against the
// budget (on a node whose treasury holds money).
func TestBudgetBallot(t *testing.T) {
	r := treasuryRig(t)
	r.s.Tab(tabCommunity)
	r.s.life.Show(subVotes)
	v := r.s.life.subs[subVotes].(*VotesScreen)
	// A budget promises at most what the treasury holds less what it owes.
	room := budgetRoom(t, r)
	roof, well := room*8/10, room*3/10
	e, err := r.a.Propose(core.Propose{Kind: "budget", Title: "Spring works", Method: core.MethodBudget, Budget: room,
		Options: []core.Option{{Name: "roof", Cost: roof}, {Name: "well", Cost: well}}})
	if err != nil {
		t.Fatal(err)
	}
	v.Refresh()
	bf := v.forms[e.ID].form.(*budgetForm)
	test.Tap(bf.checks[0])
	test.Tap(bf.checks[1])
	r.shows("The projects you support cost " + formatUnits(roof+well) + " of the " + formatUnits(room) + " units. More than the budget")
	tapIn(t, cardTitled(t, v.open, "Spring works"), "Cast my ballot")
	r.shows("Your ballot now: roof, well.")
}

// budgetRoom is what a new budget may promise on r's node (some units).
func budgetRoom(t *testing.T, r *rig) int64 {
	t.Helper()
	b, err := r.a.Budgets()
	if err != nil || b.Room() < 10_000 {
		t.Fatalf("the demo's treasury has no room for a budget: %+v, %v", b, err)
	}
	return b.Room()
}

// cardTitled is the card titled title under o.
func cardTitled(t *testing.T, o fyne.CanvasObject, title string) *widget.Card {
	t.Helper()
	var c *widget.Card
	walk(o, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Card); ok && x.Title == title && c == nil {
			c = x
		}
	})
	if c == nil {
		t.Fatalf("no card %q in:\n%s", title, texts(o))
	}
	return c
}

// rowWith is the row of box that shows text.
func rowWith(t *testing.T, box *fyne.Container, text string) fyne.CanvasObject {
	t.Helper()
	for _, o := range box.Objects {
		if strings.Contains(texts(o), text) {
			return o
		}
	}
	t.Fatalf("no row %q in:\n%s", text, texts(box))
	return nil
}

// buttonsIn lists the buttons under o in order.
func buttonsIn(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b)
		}
	})
	return out
}
