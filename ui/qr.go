package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"rsc.io/qr"
)

// qrSize is the QR code's size on screen: large enough for a phone camera
// across a table, small enough for a 360-wide phone screen.
const qrSize = 220

// qrImage shows text as a QR code, or nothing if it cannot be encoded.
func qrImage(text string) *canvas.Image {
	var img image.Image = image.NewGray(image.Rect(0, 0, 1, 1))
	if c, err := qr.Encode(text, qr.M); err == nil {
		img = c.Image()
	}
	ci := canvas.NewImageFromImage(img)
	ci.FillMode = canvas.ImageFillContain
	ci.ScaleMode = canvas.ImageScalePixels
	ci.SetMinSize(fyne.NewSquareSize(qrSize))
	return ci
}
