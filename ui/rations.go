package ui

import "fyne.io/fyne/v2"

// RationsScreen is the Community tab's rations view.
type RationsScreen struct {
	s *Shell
}

// NewRationsScreen builds the screen.
func NewRationsScreen(s *Shell) *RationsScreen { return &RationsScreen{s: s} }

// Content is the screen's widget tree.
func (x *RationsScreen) Content() fyne.CanvasObject { return page(para("")) }

// Refresh re-reads everything shown.
func (x *RationsScreen) Refresh() {}

// RationsBackend is what the rations view needs of the app.
type RationsBackend interface{}

// newRationsCard is the home screen's rations card.
func newRationsCard(s *Shell) part { return empty{} }

// newEmergencyBanner is the home screen's banner of emergencies in force.
func newEmergencyBanner(s *Shell) part { return empty{} }

// kioskPointTab is the distribution point's counter at a kiosk (nil: none).
func kioskPointTab(k *Kiosk, s *Shell) *kioskTab { return nil }
