package ui

import (
	"strconv"
	"strings"
	"time"
)

// numberStyle is how the language in use writes numbers: the decimal mark
// and the thousands separator.
type numberStyle struct {
	code           string
	decimal, group byte
}

// styles by language code; English's is the default.
var styles = map[string]numberStyle{
	"en": {"en", '.', ','},
	"it": {"it", ',', '.'},
}

// numbers is the style of the language in use (SetLanguage sets it).
var numbers = styles["en"]

func useNumberStyle(code string) {
	if st, ok := styles[code]; ok {
		numbers = st
		return
	}
	numbers = styles["en"]
}

// months are the short month names by language.
var months = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"it": {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
}

// dayWords is a date in the language in use: "2 Jan 2006", "2 gen 2006"
// (UTC: the node's days are UTC days).
func dayWords(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	m, ok := months[numbers.code]
	if !ok {
		m = months["en"]
	}
	return strconv.Itoa(t.Day()) + " " + m[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// dayTimeWords is dayWords with the time of day (24-hour clock).
func dayTimeWords(ms int64) string {
	return dayWords(ms) + " " + time.UnixMilli(ms).UTC().Format("15:04")
}

// decimalWords writes v with places decimals in the style of the language
// in use ("0.02", Italian "0,02").
func decimalWords(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if numbers.decimal != '.' {
		s = strings.Replace(s, ".", string(numbers.decimal), 1)
	}
	return s
}
