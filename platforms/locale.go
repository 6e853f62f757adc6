package platforms

import (
	"os"
	"strings"
)

// The POSIX locale ("C", "POSIX", "C.UTF-8", or none at all: CI machines,
// cron, service units) is not a language tag, and Fyne's translation
// package complains about it on standard error when it initialises, before
// main runs, in every `dac` command. Where no language is chosen we choose
// English, which is what the POSIX locale means anyway. This runs before
// Fyne's own init because Go initialises independent packages in the order
// of their import paths ("dac/…" before "fyne.io/…") and this package
// imports nothing of Fyne.
func init() {
	if os.Getenv("LC_ALL") != "" || os.Getenv("LC_MESSAGES") != "" {
		return
	}
	lang := os.Getenv("LANG")
	base, _, _ := strings.Cut(lang, ".")
	if base == "" || base == "C" || base == "POSIX" {
		os.Setenv("LANG", "en_US.UTF-8")
	}
}
