package ui

import (
	"image"
	"image/color"
	"image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"dac/app"
)

// chartHeight is the balance chart's height on screen.
const chartHeight = 180

// balanceChart draws a projected balance (a line in the primary colour)
// against the steady state (a dashed line), from day 0 at the left to the
// last projected day at the right. The vertical scale includes zero-ish
// margins around both so a flat balance still reads as flat.
type balanceChart struct {
	raster *canvas.Raster
	points []app.ProjectedDay
	target int64
}

func newBalanceChart() *balanceChart {
	c := &balanceChart{}
	c.raster = canvas.NewRaster(c.draw)
	c.raster.SetMinSize(fyne.NewSize(200, chartHeight))
	return c
}

func (c *balanceChart) set(points []app.ProjectedDay, target int64) {
	c.points, c.target = points, target
	c.raster.Refresh()
}

// scale is the vertical range: the balances and the target, padded by 10 %.
func (c *balanceChart) scale() (lo, hi int64) {
	lo, hi = c.target, c.target
	for _, p := range c.points {
		lo, hi = min(lo, p.Balance), max(hi, p.Balance)
	}
	pad := max((hi-lo)/10, hi/20, 1)
	return max(lo-pad, 0), hi + pad
}

func (c *balanceChart) draw(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(theme.Color(theme.ColorNameInputBackground)), image.Point{}, draw.Src)
	if len(c.points) < 2 || w < 4 || h < 4 {
		return img
	}
	lo, hi := c.scale()
	y := func(b int64) int { return h - 1 - int(float64(b-lo)/float64(hi-lo)*float64(h-1)) }
	ty := y(c.target)
	for x := 0; x < w; x += 8 {
		for dx := 0; dx < 4 && x+dx < w; dx++ {
			img.Set(x+dx, ty, theme.Color(theme.ColorNameForeground))
		}
	}
	last := c.points[len(c.points)-1].Day
	px := func(d int) int { return d * (w - 1) / max(last, 1) }
	ink := theme.Color(theme.ColorNamePrimary)
	for i := 1; i < len(c.points); i++ {
		a, b := c.points[i-1], c.points[i]
		thickLine(img, px(a.Day), y(a.Balance), px(b.Day), y(b.Balance), ink)
	}
	return img
}

// thickLine draws a 3-pixel-wide segment (Bresenham with a vertical brush).
func thickLine(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		for k := -1; k <= 1; k++ {
			img.Set(x0, y0+k, c)
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int { return max(v, -v) }

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
