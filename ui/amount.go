package ui

import (
	"errors"
	"strconv"
	"strings"
)

// unit is one unit of currency in micro-units (as in core/money).
const unit = 1_000_000

// formatUnits shows µ as units with two decimals and thousands separators
// in the style of the language in use ("1,234.56"; Italian "1.234,56");
// the digits beyond the cents are cut, never rounded up.
func formatUnits(micro int64) string {
	sign := ""
	if micro < 0 {
		sign, micro = "-", -micro
	}
	whole, cents := micro/unit, micro%unit/10_000
	return sign + groupThousands(strconv.FormatInt(whole, 10)) + string(numbers.decimal) + twoDigits(cents)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func groupThousands(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(numbers.group)
		}
		b.WriteRune(r)
	}
	return b.String()
}

var errAmount = errors.New("write the amount in units, like 12 or 12.50")

// parseUnits reads an amount in units (at most 6 decimals) as µ, whichever
// marks the member types: "12", "12.5", "12,50", "1,234.50", "1.234,50",
// "1 234,50". The last mark is the decimal one when both appear; a single
// mark followed by other than three digits is decimal; one repeated is a
// thousands separator. Only "1.234" or "1,234" alone is ambiguous: it is
// read in the style of the language in use (English 1,234 is a thousand,
// Italian 1,234 is one and a bit).
func parseUnits(s string) (int64, error) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "'", "").Replace(strings.TrimSpace(s))
	whole, frac, ok := splitDecimal(s)
	if !ok || whole == "" && frac == "" || len(frac) > 6 || !digits(whole) || !digits(frac) || len(whole) > 12 {
		return 0, errAmount
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	if v := w*unit + f; v > 0 {
		return v, nil
	}
	return 0, errors.New("the amount must be more than zero")
}

// splitDecimal finds the decimal mark and drops the thousands separators
// (which must group by three).
func splitDecimal(s string) (whole, frac string, ok bool) {
	last := strings.LastIndexAny(s, ".,")
	if last < 0 {
		return s, "", true
	}
	mark := s[last]
	other := byte(',')
	if mark == ',' {
		other = '.'
	}
	decimal := true
	switch {
	case strings.IndexByte(s, other) >= 0: // both: the last is decimal
	case strings.Count(s, string(mark)) > 1:
		decimal = false
	case len(s)-last-1 == 3:
		decimal = mark == numbers.decimal
	}
	if decimal {
		whole, frac = s[:last], s[last+1:]
		if strings.IndexByte(frac, other) >= 0 {
			return "", "", false
		}
		mark = other
	} else {
		whole = s
	}
	parts := strings.Split(whole, string(mark))
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return "", "", false
		}
	}
	return strings.Join(parts, ""), frac, len(parts) == 1 || len(parts[0]) > 0 && len(parts[0]) <= 3
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
