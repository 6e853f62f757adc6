package core_test

import (
	"crypto/ed25519"
	"math/rand/v2"
	"reflect"
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
)

const hourMs = 3600 * 1000

// govWorld is a node of 10 members (5 founders, 5 admitted on day 0) with
// the demo charter's governance: policy needs 20 % quorum (2 of 10) and
// more than 50 % yes.
func govWorld(t *testing.T) *demo.World {
	t.Helper()
	w, err := demo.Generate(demo.Config{Members: 10, Days: 0, Seed: 71})
	if err != nil {
		t.Fatal(err)
	}
	if n := w.State.ActiveMembers(); n != 10 {
		t.Fatalf("%d members, want 10", n)
	}
	return w
}

func mrefs(w *demo.World, k ed25519.PrivateKey, more ...ids.Hash) []ids.Hash {
	return append(w.State.MembershipRefs(demo.Pub(k)), more...)
}

func openProposal(t *testing.T, w *demo.World, k ed25519.PrivateKey, p core.Propose, refs ...ids.Hash) *entry.Signed {
	t.Helper()
	e, err := w.Post(k, core.KindPropose, p, mrefs(w, k, refs...))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func policy(title string) core.Propose {
	return core.Propose{Kind: "policy", Title: title, Method: core.MethodYesNo}
}

func vote(t *testing.T, w *demo.World, k ed25519.PrivateKey, b core.Ballot) *entry.Signed {
	t.Helper()
	e, err := w.Post(k, core.KindBallot, b, mrefs(w, k, b.Proposal))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func yes(p *entry.Signed) core.Ballot { return core.Ballot{Proposal: p.ID, Pick: []uint32{0}} }
func no(p *entry.Signed) core.Ballot  { return core.Ballot{Proposal: p.ID, Pick: []uint32{1}} }

func delegateTo(t *testing.T, w *demo.World, from, to int, topic string) *entry.Signed {
	t.Helper()
	e, err := w.Post(w.Keys[from], core.KindDelegate, core.Delegate{Topic: topic, To: demo.Pub(w.Keys[to])}, mrefs(w, w.Keys[from]))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// closed tallies p after its window.
func closed(t *testing.T, w *demo.World, p *entry.Signed) core.Tally {
	t.Helper()
	row, _ := w.State.Proposal(p.ID)
	tl, ok := w.State.Tally(p.ID, row.Closes)
	if !ok || !tl.Final {
		t.Fatalf("no final tally of %s", p.ID.Short())
	}
	return tl
}

func weightOf(tl core.Tally, w *demo.World, k int) int {
	for _, b := range tl.Ballots {
		if b.Voter == demo.Pub(w.Keys[k]) {
			return b.Weight
		}
	}
	return 0
}

func TestYesNoQuorumAndThresholdAtTheirEdges(t *testing.T) {
	for _, c := range []struct {
		name    string
		ballots []string // per member 0..: "y", "n", "a" (abstain)
		want    string
	}{
		{"one of ten is below a 20 % quorum", []string{"y"}, core.OutcomeNoQuorum},
		{"two of ten meet it exactly; 1 yes of 2 is not more than half", []string{"y", "n"}, core.OutcomeFailed},
		{"2 yes of 3 is more than half", []string{"y", "n", "y"}, core.OutcomePassed},
		{"an abstention counts for the quorum only", []string{"y", "a"}, core.OutcomePassed},
		{"abstentions alone do not pass", []string{"a", "a"}, core.OutcomeFailed},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := govWorld(t)
			p := openProposal(t, w, w.Keys[0], policy("quiet hours"))
			for i, v := range c.ballots {
				b := map[string]core.Ballot{"y": yes(p), "n": no(p), "a": {Proposal: p.ID, Abstain: true}}[v]
				vote(t, w, w.Keys[i], b)
			}
			tl, _ := w.State.Tally(p.ID, w.Clock())
			if tl.Outcome != core.OutcomeOpen || tl.Final {
				t.Fatalf("before the close the tally is %q", tl.Outcome)
			}
			if got := closed(t, w, p); got.Outcome != c.want {
				t.Fatalf("outcome %q, want %q; %v", got.Outcome, c.want, got.Arithmetic)
			}
		})
	}
}

func TestALaterBallotReplacesTheEarlierOne(t *testing.T) {
	w := govWorld(t)
	p := openProposal(t, w, w.Keys[0], policy("bike lanes"))
	first := vote(t, w, w.Keys[1], no(p))
	vote(t, w, w.Keys[2], yes(p))
	vote(t, w, w.Keys[1], yes(p))
	tl := closed(t, w, p)
	if tl.Options[0].Count != 2 || tl.Options[1].Count != 0 || tl.Outcome != core.OutcomePassed {
		t.Fatalf("yes %d no %d (%s): the replaced no still counts", tl.Options[0].Count, tl.Options[1].Count, tl.Outcome)
	}
	if len(tl.Ignored) != 1 || tl.Ignored[0].Ballot != first.ID {
		t.Fatalf("ignored %+v, want the replaced ballot", tl.Ignored)
	}
}

func TestDelegationChainsAndDirectVoteOverride(t *testing.T) {
	w := govWorld(t)
	delegateTo(t, w, 1, 2, core.TopicAll)
	delegateTo(t, w, 2, 3, core.TopicAll)
	p := openProposal(t, w, w.Keys[0], policy("compost"))
	vote(t, w, w.Keys[3], yes(p))
	tl := closed(t, w, p)
	if weightOf(tl, w, 3) != 3 || tl.Participants != 3 {
		t.Fatalf("3 carries %d (participants %d), want 1 → 2 → 3 = 3", weightOf(tl, w, 3), tl.Participants)
	}
	// 2 votes directly: the override takes 2 and 1 off 3's weight.
	q := openProposal(t, w, w.Keys[0], policy("compost again"))
	vote(t, w, w.Keys[3], yes(q))
	vote(t, w, w.Keys[2], no(q))
	tl = closed(t, w, q)
	if weightOf(tl, w, 3) != 1 || weightOf(tl, w, 2) != 2 || tl.Options[1].Count != 2 {
		t.Fatalf("weights 3:%d 2:%d, want 1 and 2", weightOf(tl, w, 3), weightOf(tl, w, 2))
	}
}

func TestDelegationCyclesAreIgnored(t *testing.T) {
	w := govWorld(t)
	delegateTo(t, w, 4, 5, core.TopicAll)
	delegateTo(t, w, 5, 6, core.TopicAll)
	delegateTo(t, w, 6, 4, core.TopicAll)
	delegateTo(t, w, 7, 4, core.TopicAll) // into the cycle
	p := openProposal(t, w, w.Keys[0], policy("loop"))
	vote(t, w, w.Keys[1], yes(p))
	tl := closed(t, w, p)
	if tl.Participants != 1 || len(tl.Paths) != 4 {
		t.Fatalf("participants %d, paths %d: a cycle carried weight", tl.Participants, len(tl.Paths))
	}
	for _, path := range tl.Paths {
		if path.Counted || path.Why != "cycle" {
			t.Fatalf("path %+v, want an ignored cycle", path)
		}
	}
}

func TestDelegationTopicsAndRevocation(t *testing.T) {
	w := govWorld(t)
	delegateTo(t, w, 1, 2, core.TopicAll)
	delegateTo(t, w, 1, 3, "policy")
	pol := openProposal(t, w, w.Keys[0], policy("policy topic"))
	vote(t, w, w.Keys[2], yes(pol))
	vote(t, w, w.Keys[3], yes(pol))
	if tl := closed(t, w, pol); weightOf(tl, w, 3) != 2 || weightOf(tl, w, 2) != 1 {
		t.Fatal("the topic's own delegate does not take precedence over \"all\"")
	}
	if _, err := w.Post(w.Keys[1], core.KindUndelegate, core.Undelegate{Topic: "policy"}, mrefs(w, w.Keys[1])); err != nil {
		t.Fatal(err)
	}
	pol2 := openProposal(t, w, w.Keys[0], policy("after revoking"))
	vote(t, w, w.Keys[2], yes(pol2))
	vote(t, w, w.Keys[3], yes(pol2))
	if tl := closed(t, w, pol2); weightOf(tl, w, 2) != 2 || weightOf(tl, w, 3) != 1 {
		t.Fatal("revoking the topic delegation does not fall back to \"all\"")
	}
	if err := try(t, w, w.Keys[1], core.KindDelegate, core.Delegate{Topic: "weather", To: demo.Pub(w.Keys[2])}, mrefs(w, w.Keys[1])); err == nil {
		t.Fatal("an unknown topic was accepted")
	}
	wantInvalid(t, try(t, w, w.Keys[1], core.KindDelegate, core.Delegate{Topic: "all", To: demo.Pub(w.Keys[1])}, mrefs(w, w.Keys[1])), "themselves")
}

// Member 1 delegates "all" to 2 and "policy" to 3, and also forks their
// chain to delegate "policy" to 4 as well: 2, 3 and 4 all vote. Member 1
// must count exactly once.
func TestAttackVotingTwiceThroughTwoDelegationPaths(t *testing.T) {
	w := govWorld(t)
	delegateTo(t, w, 1, 2, core.TopicAll)
	a, prev, err := w.Sign(w.Keys[1], core.KindDelegate, core.Delegate{Topic: "policy", To: demo.Pub(w.Keys[3])}, mrefs(w, w.Keys[1]))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := w.Sign(w.Keys[1], core.KindDelegate, core.Delegate{Topic: "policy", To: demo.Pub(w.Keys[4])}, mrefs(w, w.Keys[1]))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Offer(a); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ApplyAfter(b, prev); err != nil {
		t.Fatal(err)
	}
	p := openProposal(t, w, w.Keys[0], policy("double"))
	for _, k := range []int{2, 3, 4} {
		vote(t, w, w.Keys[k], yes(p))
	}
	tl := closed(t, w, p)
	if tl.Participants != 4 {
		t.Fatalf("participants %d, want 4 (three voters and member 1 once)", tl.Participants)
	}
	if weightOf(tl, w, 2) != 1 || weightOf(tl, w, 3)+weightOf(tl, w, 4) != 3 {
		t.Fatalf("weights 2:%d 3:%d 4:%d", weightOf(tl, w, 2), weightOf(tl, w, 3), weightOf(tl, w, 4))
	}
}

func TestAttackNonMemberVoting(t *testing.T) {
	w := govWorld(t)
	p := openProposal(t, w, w.Keys[0], policy("members only"))
	stranger := newcomer(1)
	wantInvalid(t, try(t, w, stranger, core.KindBallot, yes(p), []ids.Hash{p.ID}), "not a member")
	// Member 6 votes, then leaves before the close: the ballot stays valid
	// but does not count.
	vote(t, w, w.Keys[6], yes(p))
	if _, err := w.Post(w.Keys[6], core.KindLeave, core.Leave{}, mrefs(w, w.Keys[6])); err != nil {
		t.Fatal(err)
	}
	tl := closed(t, w, p)
	if len(tl.Ballots) != 0 || len(tl.Ignored) != 1 || tl.Eligible != 9 {
		t.Fatalf("counted %d, ignored %d, eligible %d", len(tl.Ballots), len(tl.Ignored), tl.Eligible)
	}
	wantInvalid(t, try(t, w, w.Keys[6], core.KindBallot, yes(p), []ids.Hash{p.ID}), "not a member")
}

func TestAttackBallotAfterTheClose(t *testing.T) {
	w := govWorld(t)
	p := openProposal(t, w, w.Keys[0], policy("late"))
	w.Advance(72 * hourMs)
	wantInvalid(t, try(t, w, w.Keys[1], core.KindBallot, yes(p), mrefs(w, w.Keys[1], p.ID)), "closed")
	wantInvalid(t, try(t, w, w.Keys[1], core.KindBallot, core.Ballot{Proposal: p.ID}, mrefs(w, w.Keys[1])), "reference")
}

func TestBallotsMustFitTheMethod(t *testing.T) {
	w := govWorld(t)
	p := openProposal(t, w, w.Keys[0], core.Propose{Kind: "election", Title: "registrar", Method: core.MethodRanked,
		Options: []core.Option{{Name: "ana"}, {Name: "bo"}}})
	for _, b := range []core.Ballot{
		{Proposal: p.ID},
		{Proposal: p.ID, Pick: []uint32{2}},
		{Proposal: p.ID, Pick: []uint32{0, 0}},
		{Proposal: p.ID, Abstain: true, Pick: []uint32{0}},
		{Proposal: p.ID, Scores: []uint32{1, 2}},
	} {
		if err := try(t, w, w.Keys[1], core.KindBallot, b, mrefs(w, w.Keys[1], p.ID)); err == nil {
			t.Fatalf("ballot %+v accepted", b)
		}
	}
	for _, bad := range []core.Propose{
		{Kind: "policy", Title: "", Method: core.MethodYesNo},
		{Kind: "policy", Title: "x", Method: "dictator"},
		{Kind: "policy", Title: "x", Method: core.MethodApproval, Options: []core.Option{{Name: "only"}}},
		{Kind: "budget", Title: "x", Method: core.MethodApproval, Options: []core.Option{{Name: "a"}, {Name: "b"}}},
		{Kind: "budget", Title: "x", Method: core.MethodBudget, Budget: 10, Options: []core.Option{{Name: "a"}}},
		{Kind: "amendment", Title: "x", Method: core.MethodRanked, Options: []core.Option{{Name: "a"}, {Name: "b"}}},
		{Kind: "policy", Title: "x", Method: core.MethodYesNo, Changes: []core.Change{{Path: "money.cap", Value: "1"}}},
		{Kind: "coup", Title: "x", Method: core.MethodYesNo},
	} {
		if err := try(t, w, w.Keys[1], core.KindPropose, bad, mrefs(w, w.Keys[1])); err == nil {
			t.Fatalf("proposal %+v accepted", bad)
		}
	}
}

func amendment(changes ...core.Change) core.Propose {
	return core.Propose{Kind: "amendment", Title: "amend", Method: core.MethodYesNo, Changes: changes}
}

func TestAttackAmendingAnEntrenchedClause(t *testing.T) {
	w := govWorld(t)
	for _, path := range []string{"money.dividend", "money", "money.tiers.0.rate_ppb", "governance.entrenched",
		"rations.basket.2.floor", "rations.basket", "rations"} {
		wantInvalid(t, try(t, w, w.Keys[1], core.KindPropose, amendment(core.Change{Path: path, Value: "0"}), mrefs(w, w.Keys[1])), "entrenched")
	}
	openProposal(t, w, w.Keys[1], amendment(core.Change{Path: "money.cap", Value: "70000000000"}))
	openProposal(t, w, w.Keys[2], amendment(core.Change{Path: "rations.basket.0.quantity", Value: "120"}))
}

// TestAnAmendmentNamesRealCharterFields: a path the charter does not have,
// a value of the wrong type or one that leaves an invalid charter are
// refused when proposed, not discovered at adoption.
func TestAnAmendmentNamesRealCharterFields(t *testing.T) {
	w := govWorld(t)
	for _, c := range []struct{ path, value, why string }{
		{"foo.bar", "1", "the charter has no foo"},
		{"money.nonsense", "1", "unknown field"},
		{"money.cap", `"lots"`, "cannot unmarshal"},
		{"governance.rules.0.quorum_pct", "150", "the amended charter is not valid"},
		{"rations.basket.9.quantity", "1", "no item 9"},
	} {
		wantInvalid(t, try(t, w, w.Keys[1], core.KindPropose, amendment(core.Change{Path: c.path, Value: c.value}), mrefs(w, w.Keys[1])), c.why)
	}
}

// passAll has members 0..5 vote yes (6 of 10: quorum 50 % met, 100 % yes).
func passAll(t *testing.T, w *demo.World, p *entry.Signed) {
	for _, k := range w.Keys[:6] {
		vote(t, w, k, yes(p))
	}
}

func TestAttackSecondReadingTooEarly(t *testing.T) {
	w := govWorld(t)
	ch := core.Change{Path: "money.cap", Value: "70000000000"}
	first := openProposal(t, w, w.Keys[1], amendment(ch))
	passAll(t, w, first)
	if tl := closed(t, w, first); tl.Outcome != core.OutcomePassed {
		t.Fatalf("first reading %s: %v", tl.Outcome, tl.Arithmetic)
	}
	row, _ := w.State.Proposal(first.ID)
	second := amendment(ch)
	second.First = &first.ID
	w.Advance(row.Closes + 7*24*hourMs - w.Clock() - 3*hourMs) // three hours short of the gap
	wantInvalid(t, try(t, w, w.Keys[2], core.KindPropose, second, mrefs(w, w.Keys[2], first.ID)), "at least 7 days")
	other := amendment(core.Change{Path: "money.cap", Value: "70000000001"})
	other.First = &first.ID
	w.Advance(3 * hourMs)
	wantInvalid(t, try(t, w, w.Keys[2], core.KindPropose, other, mrefs(w, w.Keys[2], first.ID)), "exactly")
	p2 := openProposal(t, w, w.Keys[2], second, first.ID)
	passAll(t, w, p2)
	tl := closed(t, w, p2)
	row2, _ := w.State.Proposal(p2.ID)
	if tl.Outcome != core.OutcomePassed || !tl.Adopted(&row2) {
		t.Fatalf("second reading %s, adopted %v", tl.Outcome, tl.Adopted(&row2))
	}
}

func TestASecondReadingOfAFailedFirstReadingFails(t *testing.T) {
	w := govWorld(t)
	ch := core.Change{Path: "money.offline_cap", Value: "0"}
	first := openProposal(t, w, w.Keys[1], amendment(ch))
	vote(t, w, w.Keys[0], no(first)) // no quorum
	row, _ := w.State.Proposal(first.ID)
	w.Advance(row.Closes + 7*24*hourMs - w.Clock())
	second := amendment(ch)
	second.First = &first.ID
	p2 := openProposal(t, w, w.Keys[2], second, first.ID)
	passAll(t, w, p2)
	if tl := closed(t, w, p2); tl.Outcome != core.OutcomeFailed {
		t.Fatalf("second reading of a failed first reading: %s", tl.Outcome)
	}
}

// govActivity adds random proposals, ballots (some replaced), delegations
// (cycles likely) and undelegations to w.
func govActivity(t *testing.T, w *demo.World, rng *rand.Rand) []*entry.Signed {
	var props []*entry.Signed
	n := len(w.Keys)
	for range 3 {
		props = append(props, openProposal(t, w, w.Keys[rng.IntN(n)], policy("random")))
	}
	props = append(props, openProposal(t, w, w.Keys[0], core.Propose{Kind: "election", Title: "ranked", Method: core.MethodRanked,
		Options: []core.Option{{Name: "a"}, {Name: "b"}, {Name: "c"}}}))
	for range 40 {
		k := rng.IntN(n)
		switch rng.IntN(3) {
		case 0:
			to := (k + 1 + rng.IntN(n-1)) % n
			delegateTo(t, w, k, to, []string{core.TopicAll, "policy", "election"}[rng.IntN(3)])
		case 1:
			p := props[rng.IntN(3)]
			vote(t, w, w.Keys[k], core.Ballot{Proposal: p.ID, Pick: []uint32{uint32(rng.IntN(2))}})
		default:
			p := props[3]
			perm := rng.Perm(3)[:1+rng.IntN(3)]
			var pick []uint32
			for _, v := range perm {
				pick = append(pick, uint32(v))
			}
			vote(t, w, w.Keys[k], core.Ballot{Proposal: p.ID, Pick: pick})
		}
	}
	return props
}

func TestTallyIsTheSameInAnyArrivalOrder(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		w := govWorld(t)
		rng := rand.New(rand.NewPCG(seed, 99))
		props := govActivity(t, w, rng)
		want := w.State.Hash()
		asOf := w.Clock() + 30*24*hourMs
		var tallies []core.Tally
		for _, p := range props {
			tl, _ := w.State.Tally(p.ID, asOf)
			tallies = append(tallies, tl)
		}
		for round := range 4 {
			st := fold(t, randomTopo(w.Entries, rng), 1+rng.IntN(30))
			if st.Hash() != want {
				t.Fatalf("seed %d round %d: state hash differs", seed, round)
			}
			for i, p := range props {
				if got, _ := st.Tally(p.ID, asOf); !reflect.DeepEqual(got, tallies[i]) {
					t.Fatalf("seed %d round %d: tally of proposal %d differs:\n%+v\n%+v", seed, round, i, got, tallies[i])
				}
			}
		}
	}
}

// Whatever the delegations, each member counts at most once: as a voter or
// at the start of one counted path, and the weights add up.
func TestNoOneCountsTwice(t *testing.T) {
	for seed := uint64(10); seed < 20; seed++ {
		w := govWorld(t)
		props := govActivity(t, w, rand.New(rand.NewPCG(seed, 1)))
		for _, p := range props {
			tl, _ := w.State.Tally(p.ID, w.Clock()+30*24*hourMs)
			seen := map[ids.PubKey]bool{}
			weights, counted := 0, 0
			for _, b := range tl.Ballots {
				seen[b.Voter] = true
				weights += b.Weight
			}
			for _, path := range tl.Paths {
				if seen[path.From] {
					t.Fatalf("seed %d: %s both voted and was represented", seed, path.From.Short())
				}
				seen[path.From] = true
				if path.Counted {
					counted++
				}
			}
			if weights != len(tl.Ballots)+counted || tl.Participants != weights || tl.Participants > tl.Eligible {
				t.Fatalf("seed %d: weights %d, ballots %d, counted paths %d, participants %d of %d",
					seed, weights, len(tl.Ballots), counted, tl.Participants, tl.Eligible)
			}
		}
	}
}
