package money_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dac/core/money"
)

// sevenPercent is 7 % a year as a daily rate: 1 − 0.93^(1/365) ≈ 198,800 ppb.
const sevenPercent = 198_800

func base() money.Rules {
	return money.Rules{
		Dividend: 10 * money.Unit,
		Tiers:    []money.Tier{{From: 0, RatePPB: sevenPercent}},
		Cap:      1_000_000 * money.Unit,
	}
}

func progressive() money.Rules {
	r := base()
	b := r.SteadyState()
	r.Tiers = append(r.Tiers, money.Tier{From: 3 * b, RatePPB: 4 * sevenPercent}, money.Tier{From: 10 * b, RatePPB: 20 * sevenPercent})
	return r
}

func TestDemurrageByTiers(t *testing.T) {
	r := money.Rules{Dividend: 1, Cap: 1 << 50, Tiers: []money.Tier{{0, 1_000_000}, {1_000_000, 2_000_000}, {5_000_000, 10_000_000}}}
	for _, tc := range []struct{ b, want int64 }{
		{0, 0}, {-5, 0},
		{999, 0},                   // 999 × 0.001 = 0.999: rounded down
		{1_000, 1},                 // base tier only
		{1_000_000, 1_000},         // exactly at the first threshold
		{2_000_000, 1_000 + 2_000}, // 1M at 0.1 % + 1M at 0.2 %
		{6_000_000, 1_000 + 8_000 + 10_000},
		{6_000_999, 1_000 + 8_000 + 10_009}, // floor once, on the sum: 1000 + 8000 + 10009.99
	} {
		if got := r.Demurrage(tc.b); got != tc.want {
			t.Errorf("Demurrage(%d) = %d, want %d", tc.b, got, tc.want)
		}
	}
}

func TestHugeBalancesDoNotOverflow(t *testing.T) {
	r := money.Rules{Dividend: 1, Cap: money.MaxAmount, Tiers: []money.Tier{{0, money.MaxRatePPB}}}
	got := r.Demurrage(money.MaxAmount)
	want := money.MaxAmount / 10 // 10 % a day
	if got != want {
		t.Fatalf("Demurrage(MaxAmount) = %d, want %d", got, want)
	}
	if got := r.Demurrage(math.MaxInt64); got <= 0 || got > math.MaxInt64 {
		t.Fatalf("Demurrage(MaxInt64) = %d", got)
	}
}

func TestSettlingConservesMoneyExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, r := range []money.Rules{base(), progressive()} {
		for range 200 {
			b0 := rng.Int64N(40 * r.SteadyState())
			days := rng.IntN(400)
			member := rng.IntN(2) == 0
			b, tot, err := r.Settle(b0, days, member)
			if err != nil {
				t.Fatal(err)
			}
			if b != b0+tot.Issued-tot.Demurred {
				t.Fatalf("%d → %d over %d days: issued %d, demurred %d do not add up", b0, b, days, tot.Issued, tot.Demurred)
			}
			if b < 0 || (!member && tot.Issued != 0) || (member && tot.Issued != int64(days)*r.Dividend) {
				t.Fatalf("b=%d issued=%d member=%v days=%d", b, tot.Issued, member, days)
			}
		}
	}
}

func TestDemurrageNeverExceedsTheRate(t *testing.T) {
	// Floor rounding: the day's demurrage is at most the exact rational amount
	// and less than one micro-unit below it.
	r := progressive()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10_000 {
		b := rng.Int64N(30 * r.SteadyState())
		exact := 0.0
		for i, tier := range r.Tiers {
			top := float64(b)
			if i+1 < len(r.Tiers) {
				top = math.Min(top, float64(r.Tiers[i+1].From))
			}
			if top > float64(tier.From) {
				exact += (top - float64(tier.From)) * float64(tier.RatePPB) / 1e9
			}
		}
		got := float64(r.Demurrage(b))
		if got > exact+1e-6 || got < exact-1-1e-6 {
			t.Fatalf("Demurrage(%d) = %v, exact %v", b, got, exact)
		}
	}
}

func TestSteadyStateIsDOverD(t *testing.T) {
	r := base()
	bStar := r.SteadyState()
	ideal := float64(r.Dividend) * 1e9 / sevenPercent // D/d
	if math.Abs(float64(bStar)-ideal) > 1 {
		t.Fatalf("B* = %d µ, D/d = %.1f µ", bStar, ideal)
	}
	// A member at B* stays there: one day moves them by less than a micro-unit per day of rounding.
	b, _, _ := r.Settle(bStar, 365, true)
	if d := b - bStar; d < -365 || d > 365 {
		t.Fatalf("a member at B* drifted by %d µ in a year", d)
	}
	t.Logf("D = %d µ/day, d = %d ppb/day → B* = %d µ (%.2f units)", r.Dividend, sevenPercent, bStar, float64(bStar)/1e6)
}

func TestConvergenceFollowsTheFormula(t *testing.T) {
	// From off the steady state, B_n − B* = (B_0 − B*)(1 − d)^n, up to the
	// rounding of at most one micro-unit a day.
	r := base()
	bStar := float64(r.SteadyState())
	d := float64(sevenPercent) / 1e9
	for _, b0 := range []int64{0, 3 * r.SteadyState(), r.SteadyState() / 2} {
		b := b0
		for n := 1; n <= 3650; n++ {
			b, _ = r.Step(b, true)
			want := bStar + (float64(b0)-bStar)*math.Pow(1-d, float64(n))
			if math.Abs(float64(b)-want) > float64(n)+2 {
				t.Fatalf("from %d after %d days: %d, formula %.0f", b0, n, b, want)
			}
		}
	}
}

// population simulates a node for a year: members join (endowed with B*),
// leave (taking their money along), and, if pay, pay each other up to a
// tenth of their balance; every account settles every day; overflow goes to
// the treasury, which decays and earns no dividend. It checks conservation
// to the micro-unit every day and returns the largest daily deviation of
// supply per member from B*.
func population(t *testing.T, r money.Rules, pay bool, seed uint64) float64 {
	t.Helper()
	bStar := r.SteadyState()
	rng := rand.New(rand.NewPCG(seed, 6))
	acct := map[int]int64{}
	next := 0
	var endowed, issued, demurred, leftWith, treasury int64
	join := func() { acct[next] = bStar; endowed += bStar; next++ }
	for range 200 {
		join()
	}
	worst := 0.0
	for day := 1; day <= 365; day++ {
		for range rng.IntN(4) {
			join()
		}
		for _, id := range keys(acct) {
			if rng.IntN(150) == 0 && len(acct) > 50 {
				leftWith += acct[id]
				delete(acct, id)
			}
		}
		ids := keys(acct)
		for range len(ids) / 3 {
			if !pay {
				break
			}
			from, to := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
			amt := rng.Int64N(acct[from]/10 + 1)
			kept, excess := r.Overflow(acct[to], amt)
			acct[from] -= amt
			acct[to] += kept
			treasury += excess
		}
		for _, id := range ids {
			nb, d := r.Step(acct[id], true)
			acct[id] = nb
			issued += d.Issued
			demurred += d.Demurred
		}
		nt, d := r.Step(treasury, false)
		treasury, demurred = nt, demurred+d.Demurred
		supply := treasury
		for _, b := range acct {
			supply += b
		}
		if supply != endowed+issued-demurred-leftWith {
			t.Fatalf("day %d: supply %d ≠ endowed %d + issued %d − demurred %d − taken away %d", day, supply, endowed, issued, demurred, leftWith)
		}
		worst = math.Max(worst, math.Abs(float64(supply)/float64(len(acct))/float64(bStar)-1))
	}
	return worst
}

func TestAYearOfJoiningAndLeavingStaysWithinOnePercentOfBStar(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		for _, r := range []money.Rules{base(), progressive()} {
			if dev := population(t, r, false, seed); dev > 0.01 {
				t.Fatalf("seed %d: supply per member strayed %.3f %% from B*", seed, dev*100)
			}
		}
	}
}

func TestAYearWithPaymentsConservesMoneyExactly(t *testing.T) {
	// Payments spread balances, and leavers then take more or less than the
	// average with them: supply per member wanders (measured up to about 2 %
	// here) and returns to B* at the demurrage rate. Conservation stays exact.
	for seed := uint64(1); seed <= 5; seed++ {
		dev := population(t, progressive(), true, seed)
		if dev > 0.05 {
			t.Fatalf("seed %d: supply per member strayed %.2f %% from B*", seed, dev*100)
		}
		t.Logf("seed %d: largest daily deviation of supply per member from B*: %.2f %%", seed, dev*100)
	}
}

func keys(m map[int]int64) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ { // sorted: map order must not steer the seeded run
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestOverflowGoesToTheTreasury(t *testing.T) {
	r := base()
	for _, tc := range []struct{ b, amt, kept, excess int64 }{
		{0, 5, 5, 0},
		{r.Cap - 10, 10, 10, 0},
		{r.Cap - 10, 25, 10, 15},
		{r.Cap, 7, 0, 7},
	} {
		kept, excess := r.Overflow(tc.b, tc.amt)
		if kept != tc.kept || excess != tc.excess || kept+excess != tc.amt {
			t.Errorf("Overflow(%d, %d) = %d, %d; want %d, %d", tc.b, tc.amt, kept, excess, tc.kept, tc.excess)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := base().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := progressive().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		edit func(*money.Rules)
		says string
	}{
		{"no dividend", func(r *money.Rules) { r.Dividend = 0 }, "dividend"},
		{"no tiers", func(r *money.Rules) { r.Tiers = nil }, "tiers"},
		{"first tier not at 0", func(r *money.Rules) { r.Tiers[0].From = 5 }, "starts at 0"},
		{"rate falls", func(r *money.Rules) { r.Tiers = append(r.Tiers, money.Tier{From: 100, RatePPB: 1}) }, "progressive"},
		{"threshold falls", func(r *money.Rules) {
			r.Tiers = append(r.Tiers, money.Tier{From: 100, RatePPB: sevenPercent}, money.Tier{From: 50, RatePPB: sevenPercent})
		}, "rise"},
		{"rate too high", func(r *money.Rules) { r.Tiers[0].RatePPB = money.MaxRatePPB + 1 }, "rate"},
		{"cap below B*", func(r *money.Rules) { r.Cap = r.SteadyState() - 1 }, "steady state"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			r := base()
			r.Tiers = append([]money.Tier(nil), r.Tiers...)
			b.edit(&r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), b.says) {
				t.Fatalf("got %v, want an error saying %q", err, b.says)
			}
		})
	}
}

func TestSettleRefusesAbsurdSpans(t *testing.T) {
	if _, _, err := base().Settle(1, money.MaxSettling+1, true); err == nil {
		t.Fatal("settled more than a hundred years in one call")
	}
	if _, _, err := base().Settle(1, -1, true); err == nil {
		t.Fatal("settled a negative number of days")
	}
}

func FuzzDemurrage(f *testing.F) {
	f.Add(int64(12345), int64(1000), uint32(5000), uint32(9000))
	f.Fuzz(func(t *testing.T, b, from int64, r0, r1 uint32) {
		if from <= 0 {
			from = 1
		}
		r := money.Rules{Dividend: 1, Cap: money.MaxAmount, Tiers: []money.Tier{{0, r0 % money.MaxRatePPB}, {from, max(r0%money.MaxRatePPB, r1%money.MaxRatePPB)}}}
		d := r.Demurrage(b)
		if d < 0 || (b > 0 && d > b) || (b <= 0 && d != 0) {
			t.Fatalf("Demurrage(%d) = %d", b, d)
		}
		if b > 0 && b < math.MaxInt64 && r.Demurrage(b+1) < d {
			t.Fatalf("demurrage fell as the balance rose at %d", b)
		}
	})
}

func TestValidateRefusesRulesThatGrowWithoutBound(t *testing.T) {
	r := money.Rules{Dividend: money.MaxAmount, Tiers: []money.Tier{{0, money.MaxRatePPB}}, Cap: money.MaxAmount}
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "without bound") {
		t.Fatalf("got %v", err)
	}
}
