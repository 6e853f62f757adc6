package identity

import (
	"strings"
	"testing"
)

func TestPassphraseStrength(t *testing.T) {
	cases := []struct {
		pass     string
		score    int
		hintPart string
	}{
		{"", 0, "enter"},
		{"abc", 0, "too short"},
		{"Ab1!xyz", 0, "too short"},
		{"aaaaaaaaaaaa", 1, "repetitive"},
		{"abababababab", 1, "repetitive"},
		{"MyPassword2024!", 1, "common"},
		{"tr0ub4dor", 1, "weak"},
		{"Tr0ub4dor&3", 2, "fair"},
		{"horsebatteryst", 2, "fair"},
		{"horse battery stapl", 3, "good"},
		{"correct horse battery staple", 4, "strong"},
		{"Kx7!mQ2#vL9@pZ", 3, "good"},
	}
	for _, c := range cases {
		score, hint := PassphraseStrength(c.pass)
		if score != c.score || !strings.Contains(hint, c.hintPart) {
			t.Errorf("PassphraseStrength(%q) = %d, %q; want %d, ~%q", c.pass, score, hint, c.score, c.hintPart)
		}
		if strings.Contains(hint, "\n") || hint == "" {
			t.Errorf("hint for %q is not one line: %q", c.pass, hint)
		}
	}
}
