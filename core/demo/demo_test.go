package demo_test

import (
	"testing"

	"dac/core/demo"
)

func TestLongSpansWithFewMembersStillWork(t *testing.T) {
	for _, cfg := range []demo.Config{
		{Members: 8, Days: 1000, Seed: 1},
		{Members: 6, Days: 600, Seed: 2},
		{Members: 60, Days: 700, Seed: 3},
	} {
		w, err := demo.Generate(cfg)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if w.State.ActiveMembers() < w.Charter.Membership.VouchesRequired+1 {
			t.Errorf("%+v: only %d members left", cfg, w.State.ActiveMembers())
		}
	}
}

func TestActivityAddsValidEntriesByManyAuthors(t *testing.T) {
	w, err := demo.Generate(demo.Config{Members: 50, Days: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	before := len(w.Entries)
	if err := w.Activity(500); err != nil {
		t.Fatal(err)
	}
	authors := map[[32]byte]bool{}
	for _, e := range w.Entries[before:] {
		authors[e.Author] = true
	}
	if len(w.Entries)-before != 500 || len(authors) < 30 {
		t.Fatalf("%d entries by %d authors", len(w.Entries)-before, len(authors))
	}
}
