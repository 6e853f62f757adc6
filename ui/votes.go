package ui

import "fyne.io/fyne/v2"

// VotesScreen is the Community tab's votes view.
type VotesScreen struct {
	s *Shell
}

// NewVotesScreen builds the screen.
func NewVotesScreen(s *Shell) *VotesScreen { return &VotesScreen{s: s} }

// Content is the screen's widget tree.
func (x *VotesScreen) Content() fyne.CanvasObject { return page(para("")) }

// Refresh re-reads everything shown.
func (x *VotesScreen) Refresh() {}

// VotesBackend is what the votes view needs of the app.
type VotesBackend interface{}

// newVotesCard is the home screen's votes card.
func newVotesCard(s *Shell) part { return empty{} }

// kioskVoteTab is voting at the office's kiosk (nil: none).
func kioskVoteTab(k *Kiosk, s *Shell) *kioskTab { return nil }
