package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonPieces are fragments of the most guessed passwords; a passphrase
// containing one is rated weak however long it is.
var commonPieces = []string{
	"password", "passwort", "123456", "qwerty", "azerty", "letmein",
	"iloveyou", "abc123", "111111", "welcome",
}

// PassphraseStrength gives a rough 0..4 score for p and a one-line hint in
// plain English. It only looks at length, character classes, repetition and
// a few very common passwords; it is a nudge for the UI, not a guarantee.
func PassphraseStrength(p string) (score int, hint string) {
	n := utf8.RuneCountInString(p)
	switch {
	case n == 0:
		return 0, "enter a passphrase"
	case n < 8:
		return 0, "too short: use at least 8 characters"
	case isRepetitive(p, n):
		return 1, "too repetitive: avoid repeating the same few characters"
	case isCommon(p):
		return 1, "too common: avoid well-known passwords like \"password\" or \"123456\""
	}
	score = min(lengthScore(n)+classBonus(p), 4)
	return score, strengthHints[score]
}

var strengthHints = [5]string{
	1: "weak: use 12 or more characters, or mix letters, digits and symbols",
	2: "fair: a longer passphrase would be stronger",
	3: "good: a few more characters would make it strong",
	4: "strong passphrase",
}

// lengthScore is 1 for 8-11 characters, up to 4 for 20 or more.
func lengthScore(n int) int {
	switch {
	case n >= 20:
		return 4
	case n >= 16:
		return 3
	case n >= 12:
		return 2
	}
	return 1
}

// classBonus adds a point for using at least three character classes.
func classBonus(p string) int {
	var lower, upper, digit, other int
	for _, r := range p {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other >= 3 {
		return 1
	}
	return 0
}

// isRepetitive reports whether p uses very few distinct characters.
func isRepetitive(p string, n int) bool {
	distinct := map[rune]bool{}
	for _, r := range p {
		distinct[r] = true
	}
	return len(distinct) < 4 || len(distinct)*4 < n
}

func isCommon(p string) bool {
	lower := strings.ToLower(p)
	for _, c := range commonPieces {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}
