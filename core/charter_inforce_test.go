package core_test

import (
	"strings"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/money"
)

// The demo adopts an amendment raising the offline cap in two readings: the
// charter in force carries it from the second reading's close, and not
// before; the genesis charter (what validation reads) is untouched.
func TestAnAdoptedPolicyAmendmentIsInForce(t *testing.T) {
	w, err := demo.Generate(demo.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	end := w.Clock()
	c, ams := w.State.CharterInForce(end)
	if len(ams) != 1 || !ams[0].InForce || c.Money.OfflineCap != 2500*money.Unit {
		t.Fatalf("in force: cap %d, amendments %+v", c.Money.OfflineCap, ams)
	}
	if w.State.Charter().Money.OfflineCap == c.Money.OfflineCap {
		t.Fatal("the genesis charter was changed")
	}
	before, ams := w.State.CharterInForce(ams[0].Closed - 1)
	if len(ams) != 0 || before.Money.OfflineCap != w.State.Charter().Money.OfflineCap {
		t.Fatalf("in force before the close: %d, %+v", before.Money.OfflineCap, ams)
	}
}

// An amendment of a field validation reads waits for the next epoch, and
// one that would make the charter invalid is not applied; the fields are
// named in the reason.
func TestAmendmentsThatCannotTakeEffectSayWhy(t *testing.T) {
	c := demo.Charter(demo.Pub(demo.Key(1, 0)))
	for _, tc := range []struct {
		changes []core.Change
		why     string
	}{
		{[]core.Change{{Path: "money.dividend", Value: "20000000"}}, "money.dividend is read by validation"},
		{[]core.Change{{Path: "money.offline_cap", Value: "-5"}}, "not valid"},
		{[]core.Change{{Path: "money.offline_cap", Value: "lots"}}, "not JSON"},
	} {
		_, err := core.Amended(&c, tc.changes)
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%+v: %v, want %q", tc.changes, err, tc.why)
		}
	}
	got, err := core.Amended(&c, []core.Change{{Path: "money.offline_cap", Value: "7000000"}})
	if err != nil || got.Money.OfflineCap != 7*money.Unit || c.Money.OfflineCap == 7*money.Unit {
		t.Fatalf("amended %+v, %v", got.Money, err)
	}
}
