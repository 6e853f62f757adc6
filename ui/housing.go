package ui

import "fyne.io/fyne/v2"

// HousingScreen is the Community tab's housing view.
type HousingScreen struct {
	s *Shell
}

// NewHousingScreen builds the screen.
func NewHousingScreen(s *Shell) *HousingScreen { return &HousingScreen{s: s} }

// Content is the screen's widget tree.
func (x *HousingScreen) Content() fyne.CanvasObject { return page(para("")) }

// Refresh re-reads everything shown.
func (x *HousingScreen) Refresh() {}

// HousingBackend is what the housing view needs of the app.
type HousingBackend interface{}

// newHousingCard is the home screen's housing card.
func newHousingCard(s *Shell) part { return empty{} }

// kioskHousingTab is the housing office's counter at a kiosk (nil: none).
func kioskHousingTab(k *Kiosk, s *Shell) *kioskTab { return nil }
