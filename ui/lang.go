package ui

import (
	"embed"
	"encoding/json"
	"io/fs"
	"maps"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The GUI's words go through Fyne's translations (fyne.io/fyne/v2/lang): every
// sentence on screen is lang.L("the English sentence", args{...}), and
// translations/<code>.json maps each English sentence to its translation
// (English needs no file: the key is the text). Fyne picks the language from
// the system's locale; the Language setting overrides it.

//go:embed translations
var translations embed.FS

// Languages offered in the settings, by code ("" follows the system), with
// each one's name in itself.
var languages = []struct{ code, name string }{{"", ""}, {"en", "English"}, {"it", "Italiano"}}

// prefLang is the preference key of the language chosen ("" or absent: the
// system's).
const prefLang = "look.lang"

// LoadLanguage reads the language chosen in the settings.
func LoadLanguage(p fyne.Preferences) string { return p.StringWithFallback(prefLang, "") }

// ApplyLanguage makes code the language of every screen built from now on
// and remembers it ("" follows the system's language).
func ApplyLanguage(a fyne.App, code string) {
	a.Preferences().SetString(prefLang, code)
	SetLanguage(code)
}

// SetLanguage makes code the language of lang.L ("" follows the system).
//
// Fyne has no call to choose the language: it matches the system's locale
// against the languages it has translations for. So the choice is made by
// loading the chosen language's sentences under the system's own language
// tags (for English, every sentence mapped to itself), which Fyne's localizer
// then finds whatever the system is. Only the GUI's own sentences move; Fyne's
// few built-in words (dialog buttons) stay in the system's language.
func SetLanguage(code string) {
	if code == "" {
		code = systemLanguage()
	}
	useNumberStyle(code)
	data := sentences(code)
	sys := lang.SystemLocale()
	tags := []string{sys.String(), sys.LanguageString(), strings.Split(sys.String(), "-")[0], "en"}
	done := map[string]bool{}
	for _, t := range tags {
		if t == "" || done[t] {
			continue
		}
		done[t] = true
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(t)); err != nil {
			fyne.LogError("loading the "+code+" translations", err)
		}
	}
}

// systemLanguage is the offered language closest to the system's: its own
// if offered, else English.
func systemLanguage() string {
	sys := strings.Split(lang.SystemLocale().String(), "-")[0]
	for _, l := range languages {
		if l.code != "" && l.code == sys {
			return sys
		}
	}
	return "en"
}

// sentences is the JSON of code's translations; for English, every sentence
// the other translations know, mapped to itself.
func sentences(code string) []byte {
	if m := translationsOf(code); len(m) > 0 {
		b, _ := json.Marshal(m)
		return b
	}
	id := map[string]string{}
	for _, l := range languages {
		for k := range translationsOf(l.code) {
			id[k] = k
		}
	}
	b, _ := json.Marshal(id)
	return b
}

// translationsOf merges translations/<code>.json and every
// translations/<code>.<area>.json (one file per area of the GUI, so that
// screens written apart do not edit one file).
func translationsOf(code string) map[string]string {
	out := map[string]string{}
	if code == "" {
		return out
	}
	files, _ := fs.Glob(translations, "translations/"+code+".*json") // it.json, it.housing.json, …
	for _, f := range files {
		b, err := translations.ReadFile(f)
		if err != nil {
			continue
		}
		var m map[string]string
		if json.Unmarshal(b, &m) == nil {
			maps.Copy(out, m)
		}
	}
	return out
}
