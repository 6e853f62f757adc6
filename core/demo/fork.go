package demo

import (
	"dac/core"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// forkAmount is what each half of the demo's double spend pays.
const forkAmount = 25 * money.Unit

// doubleSpend shows the fork rules at work (demos of 25 days or more):
//   - day 3: the fifth founder, with the same key on two devices offline,
//     pays two members from the same place of their chain;
//   - day 4: both payees claim their payment (their devices had seen no
//     fork yet), then the first founder, whose device holds both entries,
//     files the fork report: the forker's payments are frozen;
//   - the forker's device pays nothing while frozen (payOnce asks
//     core.FreezeOf); the next day they accept the case, and the 25 units
//     the double spend put into circulation are withheld from their
//     dividend over the following days; after the freeze they pay again.
func (w *World) doubleSpend(cfg Config, d int) error {
	if w.Charter.Sanctions == nil || w.State.Money() == nil || cfg.Days < 25 || len(w.Keys) < 5 {
		return nil
	}
	k := w.Keys[4]
	switch d {
	case 3:
		before := w.prev(Pub(k))
		a, err := w.Post(k, core.KindPay, core.Pay{To: Pub(w.Keys[1]), Amount: forkAmount, Memo: "from my phone"}, w.State.MembershipRefs(Pub(k)))
		if err != nil {
			return err
		}
		other, err := entry.EncodeBody(core.Pay{To: Pub(w.Keys[3]), Amount: forkAmount, Memo: "from my tablet"})
		if err != nil {
			return err
		}
		e := a.Entry
		e.Time, e.Body = a.Time+1, other
		b, err := entry.Sign(e, k)
		if err != nil {
			return err
		}
		if _, err := w.ApplyAfter(b, before); err != nil {
			return err
		}
		w.unpaid = append(w.unpaid, a, b)
		w.fork = [2]*entry.Signed{a, b}
	case 4:
		proof, err := entry.NewForkProof(w.fork[0], w.fork[1])
		if err != nil {
			return err
		}
		if _, err := w.Post(w.Keys[0], core.KindForkReport, core.ForkReport{Proof: proof}, nil); err != nil {
			return err
		}
	}
	return w.acceptSanctions(k)
}

// frozen reports whether k's device would refuse to pay now (a proven fork
// whose freeze still binds).
func (w *World) frozen(k ids.PubKey) bool {
	_, f := w.State.FreezeOf(k, w.clock)
	return f
}
