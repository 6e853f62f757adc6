package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestLayoutsFit: at phone and desktop size, every main screen fits the
// window's width (nothing is cut off at the side; tall screens scroll) and
// its main buttons are on screen.
func TestLayoutsFit(t *testing.T) {
	r := demoRig(t)
	t.Cleanup(func() { SetLanguage("") }) // the shots switch to Italian and back
	for _, size := range sizes {
		r.w.Resize(size)
		for _, sh := range mainShots[:len(mainShots)-1] {
			t.Run(fmt.Sprintf("%vx%v/%s", size.Width, size.Height, sh.name), func(t *testing.T) {
				sh.show(r.s)
				c := r.w.Content()
				if min := c.MinSize(); min.Width > size.Width || min.Height > size.Height {
					t.Errorf("needs %v, the window is %v", min, size)
				}
				walk(c, func(o fyne.CanvasObject) {
					if b, ok := o.(*widget.Button); ok && b.Size().Width > size.Width {
						t.Errorf("button %q is %v wide", b.Text, b.Size().Width)
					}
				})
			})
		}
	}
}

// TestOnboardingFitsAPhone: the onboarding screens fit 360 wide.
func TestOnboardingFitsAPhone(t *testing.T) {
	r := newRig(t, newBackend(t))
	for _, sh := range welcomeShots {
		sh.show(r.s)
		if min := r.w.Content().MinSize(); min.Width > sizes[phone].Width {
			t.Errorf("%s needs %v wide", sh.name, min.Width)
		}
	}
}
