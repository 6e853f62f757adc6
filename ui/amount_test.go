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
