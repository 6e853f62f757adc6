package demo

import (
	"crypto/ed25519"
	"slices"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// live runs the days: applicants are vouched for and admitted, spread over
// the days; now and then a member leaves, and some come back.
func (w *World) live(cfg Config, founders int) error {
	next := founders
	days := max(cfg.Days, 1)
	for d := range days {
		dayStart := cfg.Start + int64(d)*day
		w.clock = max(w.clock, dayStart)
		if err := w.powerOffices(d); err != nil {
			return err
		}
		quota := (cfg.Members-founders)*(d+1)/days - (next - founders)
		for range quota {
			if ok, err := w.join(w.Keys[next]); err != nil || !ok {
				if err != nil {
					return err
				}
				break // no registrar today: the applicants wait
			}
			next++
		}
		if err := w.churn(); err != nil {
			return err
		}
		if err := w.trade(); err != nil {
			return err
		}
		if err := w.commons(d); err != nil {
			return err
		}
		if err := w.rations(d, days); err != nil {
			return err
		}
		if err := w.govern(cfg, d); err != nil {
			return err
		}
		if err := w.housingDay(cfg, d); err != nil {
			return err
		}
		if err := w.sanction(cfg, d); err != nil {
			return err
		}
		if err := w.doubleSpend(cfg, d); err != nil {
			return err
		}
	}
	return w.lastBoundary(cfg, days)
}

// lastBoundary: the day after the last is the demo's "now" (EndingBy). If
// a term of an office by sortition starts then, the winners take their
// seats (and, of an office with a power, k members confirm them), so that
// the node the demo leaves has its registrar and auditors.
func (w *World) lastBoundary(cfg Config, days int) error {
	g := w.Charter.Governance
	if g == nil || cfg.Days == 0 {
		return nil
	}
	for _, o := range g.Offices {
		if o.Elected || days%o.TermDays != 0 {
			continue
		}
		w.clock = max(w.clock, cfg.Start+int64(days)*day)
		take := w.takeSeats
		if len(o.Powers) > 0 {
			take = w.takeAndConfirm
		}
		if err := take(o, uint32(days/o.TermDays)); err != nil {
			return err
		}
	}
	return nil
}

// trade: payees claim yesterday's payments; then about one member in ten
// pays another up to a twentieth of their balance.
func (w *World) trade() error {
	if w.State.Money() == nil {
		return nil
	}
	for _, p := range w.unpaid {
		to, err := payee(p)
		if err != nil {
			return err
		}
		refs := append(append([]ids.Hash{p.ID}, w.State.Cosigns(p.ID)...), w.State.MembershipRefs(to)...)
		if _, err := w.Post(w.keyOf(to), core.KindReceive, core.Receive{Pay: p.ID}, refs); err != nil {
			return err
		}
	}
	w.unpaid = w.unpaid[:0]
	active := w.activeKeys()
	for _, k := range active {
		if w.rng.IntN(10) != 0 || len(active) < 2 {
			continue
		}
		if err := w.payOnce(k, active); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) payOnce(k ed25519.PrivateKey, active []ed25519.PrivateKey) error {
	balance := w.chains[Pub(k)].Acct.Balance
	if !w.chains[Pub(k)].Acct.Open {
		balance = w.State.Money().SteadyState() // opens with the endowment at this entry
	}
	to := active[w.rng.IntN(len(active))]
	if Pub(to) == Pub(k) || balance < 20 || w.frozen(Pub(k)) {
		return nil
	}
	body := core.Pay{To: Pub(to), Amount: 1 + w.rng.Int64N(balance/20), Memo: "demo"}
	p, err := w.Post(k, core.KindPay, body, w.State.MembershipRefs(Pub(k)))
	if err != nil {
		return err
	}
	w.unpaid = append(w.unpaid, p)
	return nil
}

// join has k random members vouch for k, then the registrar admit them
// (ok false: no one may admit today; nothing was written).
func (w *World) join(k ed25519.PrivateKey) (bool, error) {
	reg, power, ok := w.registrar()
	if !ok {
		return false, nil
	}
	who := Pub(k)
	epoch, leave := w.State.NextEpoch(who)
	need := w.Charter.Membership.VouchesRequired
	for _, v := range w.pickMembers(need, who) {
		if _, err := w.Post(v, core.KindVouch, core.Vouch{Applicant: who, Epoch: epoch}, w.State.MembershipRefs(Pub(v))); err != nil {
			return false, err
		}
	}
	refs := w.State.VouchesFor(who, epoch, w.clock+1000)
	if !leave.IsZero() {
		refs = append(refs, leave)
	}
	refs = append(append(refs, w.State.MembershipRefs(Pub(reg))...), power...)
	_, err := w.Post(reg, core.KindAdmit, core.Admit{Applicant: who, Epoch: epoch}, refs)
	return err == nil, err
}

// registrar is who admits today (the first holder of the power) and what
// their admissions cite for it.
func (w *World) registrar() (ed25519.PrivateKey, []ids.Hash, bool) {
	p := w.State.PowerAt(charter.PowerAdmit, w.clock+1000)
	if p.Vacant() {
		return nil, nil, false
	}
	refs, ok := w.State.PowerRefs(charter.PowerAdmit, p.Holders[0], w.clock+1000)
	return w.keyOf(p.Holders[0]), refs, ok
}

// churn: about one member in 3,000 leaves each day (some 12 % a year), never so many that the
// node could no longer gather k vouches; one in three who left comes back
// the same day if they can.
func (w *World) churn() error {
	active := w.activeKeys()
	left := 0
	for _, k := range active {
		if w.rng.IntN(3000) != 0 || w.holdsPower(Pub(k)) {
			continue
		}
		if len(active)-left <= w.Charter.Membership.VouchesRequired+2 {
			return nil
		}
		left++
		if _, err := w.Post(k, core.KindLeave, core.Leave{Reason: "moving"}, w.State.MembershipRefs(Pub(k))); err != nil {
			return err
		}
		if w.rng.IntN(3) == 0 && len(active) > w.Charter.Membership.VouchesRequired+1 {
			if _, err := w.join(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// holdsPower: the founding registrar and whoever holds a power now stay.
func (w *World) holdsPower(k ids.PubKey) bool {
	for _, power := range charter.Powers {
		if slices.Contains(w.State.PowerAt(power, w.clock).Holders, k) {
			return true
		}
	}
	return k == w.Charter.Membership.Registrar
}

func (w *World) activeKeys() []ed25519.PrivateKey {
	var out []ed25519.PrivateKey
	for _, k := range w.Keys {
		if r, ok := w.State.MemberOf(Pub(k)); ok && r.Active {
			out = append(out, k)
		}
	}
	return out
}

func (w *World) pickMembers(n int, not ids.PubKey) []ed25519.PrivateKey {
	pool := slices.DeleteFunc(w.activeKeys(), func(k ed25519.PrivateKey) bool { return Pub(k) == not })
	w.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	return pool[:min(n, len(pool))]
}

func (w *World) keyOf(p ids.PubKey) ed25519.PrivateKey {
	for _, k := range w.Keys {
		if Pub(k) == p {
			return k
		}
	}
	return w.Keys[0]
}

// Activity adds n vouches by random active members for newcomers who never
// come: valid entries spread over many authors' chains, for volume.
func (w *World) Activity(n int) error {
	active := w.activeKeys()
	if len(active) == 0 {
		return nil
	}
	for i := range n {
		k := active[w.rng.IntN(len(active))]
		applicant := Pub(Key(-1, i%4096))
		if _, err := w.Post(k, core.KindVouch, core.Vouch{Applicant: applicant}, w.State.MembershipRefs(Pub(k))); err != nil {
			return err
		}
	}
	return nil
}

// commons runs the treasury and paid work: every day about one member in
// twenty logs an hour to four of care or repair, which its coordinator
// attests; every seventh day the stewards take in the cap overflow; every
// thirtieth day they pay each member's attested work, as far as the
// treasury holds it; payees claim the next day (with the other payments).
func (w *World) commons(day int) error {
	cc, t := w.Charter.Contribution, w.Charter.Treasury
	if cc == nil || t == nil || w.State.Money() == nil {
		return nil
	}
	if err := w.work(cc); err != nil {
		return err
	}
	if day%7 == 6 {
		if err := w.treasuryAct(core.TreasuryPropose{}, w.State.OpenDeposits()); err != nil {
			return err
		}
	}
	if err := w.payBudget(); err != nil {
		return err
	}
	if day%30 == 29 {
		return w.payWork()
	}
	return nil
}

func (w *World) work(cc *charter.Contribution) error {
	for _, k := range w.activeKeys() {
		if w.rng.IntN(20) != 0 {
			continue
		}
		role := cc.Roles[w.rng.IntN(len(cc.Roles))]
		if slices.Contains(role.Coordinators, Pub(k)) {
			continue // coordinators do not attest their own work
		}
		l, err := w.Post(k, core.KindWorkLog, core.WorkLog{Role: role.Name, Minutes: uint32(60 + w.rng.IntN(181))},
			w.State.MembershipRefs(Pub(k)))
		if err != nil {
			return err
		}
		coord := w.keyOf(role.Coordinators[0])
		if _, err := w.Post(coord, core.KindWorkAttest, core.WorkAttest{Log: l.ID}, []ids.Hash{l.ID}); err != nil {
			return err
		}
	}
	return nil
}

// payWork pays each member's due work while the treasury holds it, less
// what it keeps.
func (w *World) payWork() error {
	for _, k := range w.Keys {
		work, amount, ok := w.State.WorkDueKeeping(Pub(k), w.clock, w.keep())
		if !ok {
			continue
		}
		p := core.TreasuryPropose{Pay: &core.TreasuryPay{To: Pub(k), Amount: amount, Memo: "contribution"}, Work: work}
		if err := w.treasuryAct(p, work); err != nil {
			return err
		}
	}
	return nil
}

// keep is what paid work leaves in the treasury: what funded budget
// items are owed, and the reserve for the budget until it is proposed.
func (w *World) keep() int64 {
	if w.gov.budget.IsZero() && w.Charter.Governance != nil {
		return w.owed() + budgetReserve
	}
	return w.owed()
}

// treasuryAct has the first steward propose and the second cosign (when
// the charter asks for two); a payment joins the ones claimed tomorrow.
func (w *World) treasuryAct(p core.TreasuryPropose, cited []ids.Hash) error {
	if p.Pay == nil {
		if len(cited) == 0 {
			return nil
		}
		p.Claim = cited
	}
	refs := slices.Clone(cited)
	p.TSeq = 1
	if id, row, ok := w.State.TreasuryTip(); ok {
		p.TSeq, p.TPrev = row.TSeq+1, id
		refs = append(append(refs, id), w.State.Cosigns(id)...)
	}
	// Signers other than the payee: a steward is never paid on their own word.
	st := slices.DeleteFunc(slices.Clone(w.Charter.Treasury.Stewards), func(k ids.PubKey) bool {
		return p.Pay != nil && k == p.Pay.To
	})
	if len(st) < w.Charter.Treasury.Threshold {
		return nil // not enough other stewards to pay this one
	}
	act, err := w.Post(w.keyOf(st[0]), core.KindTreasuryPropose, p, refs)
	if err != nil {
		return err
	}
	for _, k := range st[1:w.Charter.Treasury.Threshold] {
		if _, err := w.Post(w.keyOf(k), core.KindTreasuryCosign, core.TreasuryCosign{Act: act.ID}, []ids.Hash{act.ID}); err != nil {
			return err
		}
	}
	if p.Pay != nil {
		w.unpaid = append(w.unpaid, act)
	}
	return nil
}

// payee reads who a pay or a paying treasury act is for.
func payee(e *entry.Signed) (ids.PubKey, error) {
	if e.Kind == core.KindTreasuryPropose {
		var t core.TreasuryPropose
		err := entry.Unmarshal(e.Body, &t)
		return t.Pay.To, err
	}
	var p core.Pay
	err := entry.Unmarshal(e.Body, &p)
	return p.To, err
}
