package ui

import (
	"errors"
	"strconv"
	"strings"
)

// unit is one unit of currency in micro-units (as in core/money).
const unit = 1_000_000

// formatUnits shows µ as units with two decimals and thousands separators
// ("1,234.56"); the digits beyond the cents are cut, never rounded up.
func formatUnits(micro int64) string {
	sign := ""
	if micro < 0 {
		sign, micro = "-", -micro
	}
	whole, cents := micro/unit, micro%unit/10_000
	return sign + groupThousands(strconv.FormatInt(whole, 10)) + "." + twoDigits(cents)
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
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var errAmount = errors.New("write the amount in units, like 12 or 12.50")

// parseUnits reads "12", "12.5" or "1,234.50" (at most 6 decimals) as µ.
func parseUnits(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 6 || !digits(whole) || !digits(frac) || len(whole) > 12 {
		return 0, errAmount
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	if v := w*unit + f; v > 0 {
		return v, nil
	}
	return 0, errors.New("the amount must be more than zero")
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
