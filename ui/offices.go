package ui

import "fyne.io/fyne/v2"

// OfficesScreen is the Community tab's offices view.
type OfficesScreen struct {
	s *Shell
}

// NewOfficesScreen builds the screen.
func NewOfficesScreen(s *Shell) *OfficesScreen { return &OfficesScreen{s: s} }

// Content is the screen's widget tree.
func (x *OfficesScreen) Content() fyne.CanvasObject { return page(para("")) }

// Refresh re-reads everything shown.
func (x *OfficesScreen) Refresh() {}

// OfficesBackend is what the offices view needs of the app.
type OfficesBackend interface{}
