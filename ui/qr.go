package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"rsc.io/qr"
)

// qrSize is the QR code's size on screen: large enough for a phone camera
// across a table, small enough for a 360-wide phone screen.
const qrSize = 220

// qrCode shows text as a QR code (black squares on white, with the quiet
// zone), or an empty square if it cannot be encoded. It is drawn as
// rectangles rather than an image: a scaled bitmap came out a fifth of its
// size under Xvfb's software GL, and rectangles stay sharp at any scale.
func qrCode(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.White)
	bg.Resize(fyne.NewSquareSize(qrSize))
	objs := []fyne.CanvasObject{bg}
	if c, err := qr.Encode(text, qr.M); err == nil {
		m := float32(qrSize) / float32(c.Size+8) // +8: four modules of quiet zone each side
		for y := range c.Size {
			for x := range c.Size {
				if c.Black(x, y) {
					r := canvas.NewRectangle(color.Black)
					r.Move(fyne.NewPos(float32(x+4)*m, float32(y+4)*m))
					r.Resize(fyne.NewSquareSize(m + 0.5)) // overlap a little: no hairline gaps
					objs = append(objs, r)
				}
			}
		}
	}
	return container.NewGridWrap(fyne.NewSquareSize(qrSize), container.NewWithoutLayout(objs...))
}
