package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Look is what the person chose in the settings.
type Look struct {
	Mode  string  // "light", "dark" or "contrast"
	Scale float32 // text size: 1 is normal
}

// Modes of the theme, as stored in the preferences.
const (
	ModeLight    = "light"
	ModeDark     = "dark"
	ModeContrast = "contrast"
)

// lookTheme is Fyne's default theme with a fixed variant, a text scale and
// a high-contrast palette (white on black, yellow accents).
type lookTheme struct{ l Look }

var _ fyne.Theme = lookTheme{}

func (t lookTheme) variant() fyne.ThemeVariant {
	if t.l.Mode == ModeLight {
		return theme.VariantLight
	}
	return theme.VariantDark
}

func (t lookTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if t.l.Mode == ModeContrast {
		if c, ok := contrastColors[n]; ok {
			return c
		}
	}
	return theme.DefaultTheme().Color(n, t.variant())
}

var contrastColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          color.Black,
	theme.ColorNameInputBackground:     color.Black,
	theme.ColorNameOverlayBackground:   color.Black,
	theme.ColorNameMenuBackground:      color.Black,
	theme.ColorNameForeground:          color.White,
	theme.ColorNamePlaceHolder:         color.Gray{Y: 0xd0},
	theme.ColorNameInputBorder:         color.White,
	theme.ColorNameSeparator:           color.White,
	theme.ColorNamePrimary:             color.RGBA{R: 0xff, G: 0xd7, A: 0xff},
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameButton:              color.Gray{Y: 0x30},
	theme.ColorNameDisabled:            color.Gray{Y: 0xa0},
}

func (t lookTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t lookTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t lookTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * max(t.l.Scale, 0.5)
	}
	return s
}

// Preference keys.
const (
	prefMode  = "look.mode"
	prefScale = "look.scale"
)

// LoadLook reads the look from the app's preferences (light, normal size
// by default).
func LoadLook(p fyne.Preferences) Look {
	return Look{Mode: p.StringWithFallback(prefMode, ModeLight), Scale: float32(p.FloatWithFallback(prefScale, 1))}
}

// ApplyLook sets the theme and remembers the choice.
func ApplyLook(a fyne.App, l Look) {
	a.Preferences().SetString(prefMode, l.Mode)
	a.Preferences().SetFloat(prefScale, float64(l.Scale))
	a.Settings().SetTheme(lookTheme{l})
}
