package core_test

import (
	"strconv"
	"strings"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
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

// adopt passes an amendment in two readings and returns the second.
func adopt(t *testing.T, w *demo.World, changes ...core.Change) *entry.Signed {
	t.Helper()
	first := openProposal(t, w, w.Keys[1], amendment(changes...))
	passAll(t, w, first)
	row, _ := w.State.Proposal(first.ID)
	w.Advance(row.Closes + 7*24*hourMs - w.Clock())
	second := amendment(changes...)
	second.First = &first.ID
	p2 := openProposal(t, w, w.Keys[2], second, first.ID)
	passAll(t, w, p2)
	return p2
}

// An adopted amendment of a quorum is in force for the proposals opened
// after its second reading closed: a policy with 4 of 10 members taking
// part passes under the genesis quorum (20 %) when opened before, and
// lacks the amended quorum (60 %) when opened after. Tallies are global
// computations, so this needs no epoch.
func TestAnAdoptedQuorumCountsTheProposalsOpenedAfterIt(t *testing.T) {
	w := govWorld(t)
	quorum := "governance.rules." + ruleIndex(t, w, "policy") + ".quorum_pct"
	am := adopt(t, w, core.Change{Path: quorum, Value: "60"})
	before := openProposal(t, w, w.Keys[3], policy("opened before"))
	for _, k := range w.Keys[:4] {
		vote(t, w, k, yes(before))
	}
	row, _ := w.State.Proposal(am.ID)
	w.Advance(row.Closes + hourMs - w.Clock())
	after := openProposal(t, w, w.Keys[3], policy("opened after"))
	for _, k := range w.Keys[:4] {
		vote(t, w, k, yes(after))
	}
	if tl := closed(t, w, before); tl.Outcome != core.OutcomePassed || tl.QuorumPct != 20 {
		t.Fatalf("opened before: %s under quorum %d %%", tl.Outcome, tl.QuorumPct)
	}
	if tl := closed(t, w, after); tl.Outcome != core.OutcomeNoQuorum || tl.QuorumPct != 60 {
		t.Fatalf("opened after: %s under quorum %d %%", tl.Outcome, tl.QuorumPct)
	}
	c, ams := w.State.CharterInForce(w.Clock())
	rule, _ := c.Governance.RuleFor("policy")
	if len(ams) != 1 || !ams[0].InForce || rule.QuorumPct != 60 {
		t.Fatalf("in force: %+v, %+v", rule, ams)
	}
	if r, _ := w.State.Charter().Governance.RuleFor("policy"); r.QuorumPct != 20 {
		t.Fatal("the genesis charter was changed")
	}
}

// An amendment cannot lower the amendment rule's threshold below a
// supermajority, nor change a window (read by validation).
func TestTallyRulesAmendedWithinTheirLimits(t *testing.T) {
	c := demo.Charter(demo.Pub(demo.Key(1, 0)))
	for _, tc := range []struct{ path, value, why string }{
		{"governance.rules.0.threshold_pct", "50", "supermajority"},
		{"governance.rules.2.window_hours", "1", "read by validation"},
		{"governance.rules.x.quorum_pct", "30", "read by validation"},
	} {
		_, err := core.Amended(&c, []core.Change{{Path: tc.path, Value: tc.value}})
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s = %s: %v, want %q", tc.path, tc.value, err, tc.why)
		}
	}
}

func ruleIndex(t *testing.T, w *demo.World, kind string) string {
	t.Helper()
	for i, r := range w.State.Charter().Governance.Rules {
		if r.Kind == kind {
			return strconv.Itoa(i)
		}
	}
	t.Fatalf("no rule for %s", kind)
	return ""
}
