package ui

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"dac/app"
	"dac/core"
	"dac/core/charter"
)

// The housing screens' descriptions, in the member's language (the app's
// own sentences are English, for the CLI). Feature and district names are
// the charter's own words.

// dwellingWords describes a dwelling: "Linden Row 4 (3 rooms, 76 m², step-free, north)".
func dwellingWords(h *charter.Housing, d core.DwellingRow) string {
	parts := []string{lang.L("{{.Rooms}} rooms, {{.Area}} m²", args{"Rooms": d.Rooms, "Area": d.Area})}
	if f := namesOf(h.Features, d.Features); f != "" {
		parts = append(parts, f)
	}
	if int(d.District) < len(h.Districts) {
		parts = append(parts, h.Districts[d.District])
	}
	return d.Label + " (" + strings.Join(parts, ", ") + ")"
}

// needsWords says what a household needs.
func needsWords(h *charter.Housing, a core.Attrs) string {
	rooms := h.RoomsFor(int(a.Size))
	s := lang.L("{{.Min}} to {{.Max}} rooms", args{"Min": rooms, "Max": rooms + h.SpareRooms})
	if f := namesOf(h.Features, a.Access); f != "" {
		s += ", " + f
	}
	if d := namesOf(h.Districts, a.Districts); d != "" {
		return s + ", " + lang.L("in {{.Districts}}", args{"Districts": strings.ReplaceAll(d, ", ", " / ")})
	}
	return s + ", " + lang.L("in any district")
}

func namesOf(words []string, bitset uint32) string {
	var out []string
	for i, w := range words {
		if bitset&(1<<i) != 0 {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}

// hintWords is what would house a waiting member, honestly ("" when not waiting).
func hintWords(h *charter.Housing, m app.MyHousing) string {
	if h == nil || m.Needs == nil {
		return ""
	}
	a := args{"Needs": needsWords(h, *m.Needs), "N": m.Ahead}
	if m.Ahead == 0 {
		return lang.L("A free dwelling with {{.Needs}} would be yours at the next round that covers one.", a)
	}
	return lang.L("A free dwelling with {{.Needs}} would be yours once the {{.N}} household(s) ahead of you that it would also fit are housed (earlier applications come first; the same millisecond is drawn each round).", a)
}
