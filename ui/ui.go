// Package ui will hold the Fyne GUI: one file per screen, each depending only
// on narrow interfaces declared here and implemented by package app. It is
// empty until the GUI issue lands; `dac` is command-line only until then.
package ui
