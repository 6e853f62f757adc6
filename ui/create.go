package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"dac/app"
)

// wordsToCheck is how many words of the recovery phrase the person re-types
// to show they wrote it down.
const wordsToCheck = 3

// CreateScreen makes a new identity in three steps: choose a passphrase,
// write down the recovery phrase (shown once), re-type three of its words.
type CreateScreen struct {
	s      *Shell
	pass   *passphrasePair
	create *widget.Button
	msg    message
	body   *fyne.Container

	phrase  []string // held only until the check passes
	checks  []int    // positions (0-based) to re-type
	entries []*widget.Entry
	confirm *widget.Button
}

// NewCreateScreen builds the screen at its first step.
func NewCreateScreen(s *Shell) *CreateScreen {
	c := &CreateScreen{s: s, pass: newPassphrasePair(), msg: newMessage()}
	c.create = primary(lang.L("Create my identity"), c.doCreate)
	c.pass.again.OnSubmitted = func(string) { c.doCreate() }
	c.body = container.NewVBox(heading(lang.L("Create your identity")),
		para(lang.L("Choose a passphrase. It locks your key on this device; nobody can reset it for you.")),
		c.pass.content(), c.create, c.msg.Label,
		widget.NewButton(lang.L("Back"), s.Route))
	return c
}

// Content is the screen's widget tree.
func (c *CreateScreen) Content() fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(c.body))
}

func (c *CreateScreen) doCreate() {
	pass, err := c.pass.value()
	if err != nil {
		c.msg.fail(err)
		return
	}
	c.create.Disable()
	c.msg.info(lang.L("Creating your key… this takes a few seconds."))
	var id app.NewIdentity
	c.s.o.Async(func() { id, err = c.s.b.CreateIdentity(pass) }, func() {
		c.create.Enable()
		if err != nil {
			c.msg.fail(err)
			return
		}
		c.pass.clear()
		c.showPhrase(id)
	})
}

// showPhrase is step two: the 24 words, once.
func (c *CreateScreen) showPhrase(id app.NewIdentity) {
	c.phrase = strings.Fields(id.Phrase)
	grid := container.NewGridWithColumns(3)
	for i, w := range c.phrase {
		grid.Add(widget.NewLabel(fmt.Sprintf("%d. %s", i+1, w)))
	}
	c.body.Objects = []fyne.CanvasObject{heading(lang.L("Your recovery phrase")),
		para(lang.L("Write these 24 words on paper, in order, and keep them somewhere safe. They are the only way " +
			"back to your money and your home if this device is lost. They are shown only this once.")),
		grid, primary(lang.L("I have written them down"), c.askWords)}
	c.body.Refresh()
}

// askWords is step three: re-type wordsToCheck words picked at random.
func (c *CreateScreen) askWords() {
	c.checks = c.pickPositions()
	c.entries = nil
	objs := []fyne.CanvasObject{heading(lang.L("Check your recovery phrase")),
		para(lang.L("Type these words from what you wrote down."))}
	for _, p := range c.checks {
		e := widget.NewEntry()
		c.entries = append(c.entries, e)
		objs = append(objs, formField(lang.L("Word {{.N}}", args{"N": p + 1}), e))
	}
	c.confirm = primary(lang.L("Confirm"), c.checkWords)
	c.msg = newMessage()
	c.body.Objects = append(objs, c.confirm, c.msg.Label)
	c.body.Refresh()
}

func (c *CreateScreen) pickPositions() []int {
	var ps []int
	for len(ps) < wordsToCheck {
		if p := c.s.o.Rand(len(c.phrase)); !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return ps
}

func (c *CreateScreen) checkWords() {
	for i, p := range c.checks {
		if strings.ToLower(strings.TrimSpace(c.entries[i].Text)) != c.phrase[p] {
			c.msg.fail(errors.New(lang.L("word {{.N}} does not match: check what you wrote down", args{"N": p + 1})))
			return
		}
	}
	c.phrase = nil
	c.s.Unlocked()
}
