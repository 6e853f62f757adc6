package ui

import "testing"

func TestFormatUnits(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{{0, "0.00"}, {1, "0.00"}, {12_345_678, "12.34"}, {1_234_500_000, "1,234.50"}, {-5_000_000, "-5.00"},
		{123_456_789_000_000, "123,456,789.00"}} {
		if got := formatUnits(c.in); got != c.want {
			t.Errorf("formatUnits(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseUnits(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{{"12", 12_000_000, true}, {"12.5", 12_500_000, true}, {" 1,234.50 ", 1_234_500_000, true},
		{".25", 250_000, true}, {"0.000001", 1, true}, {"0", 0, false}, {"", 0, false}, {"abc", 0, false},
		{"1.2345678", 0, false}, {"-3", 0, false}, {"1.2.3", 0, false}} {
		got, err := parseUnits(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseUnits(%q) = %d, %v; want %d ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

// In Italian the marks swap; unambiguous amounts read the same in any
// language, and only a lone mark before three digits follows the language.
func TestUnitsInItalian(t *testing.T) {
	useNumberStyle("it")
	t.Cleanup(func() { useNumberStyle("en") })
	if got := formatUnits(1_234_500_000); got != "1.234,50" {
		t.Errorf("formatUnits in Italian = %q", got)
	}
	if got := dayWords(testNow.UnixMilli()); got != "1 nov 2026" {
		t.Errorf("dayWords in Italian = %q", got)
	}
	if got := decimalWords(0.125, 2); got != "0,12" && got != "0,13" {
		t.Errorf("decimalWords in Italian = %q", got)
	}
	for _, c := range []struct {
		in   string
		want int64
	}{{"12,5", 12_500_000}, {"1.234,50", 1_234_500_000}, {"1,234.50", 1_234_500_000}, {"1.234", 1_234_000_000},
		{"1,234", 1_234_000}, {"1 234,5", 1_234_500_000}, {"12.5", 12_500_000}, {"1.234.567", 1_234_567_000_000}} {
		if got, err := parseUnits(c.in); err != nil || got != c.want {
			t.Errorf("parseUnits(%q) in Italian = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"1.2.3", "1,2,3", "1.234,5.6", "12,3456789", ",", "1..2"} {
		if _, err := parseUnits(bad); err == nil {
			t.Errorf("parseUnits(%q) accepted", bad)
		}
	}
}

func TestAmbiguousAmountsInEnglish(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{{"1,234", 1_234_000_000}, {"1.234", 1_234_000}, {"12,5", 12_500_000}, {"1.234,50", 1_234_500_000}} {
		if got, err := parseUnits(c.in); err != nil || got != c.want {
			t.Errorf("parseUnits(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}
