package store_test

import (
	"testing"

	"dac/core"
	"dac/core/demo"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// A payee forks and claims one payment on both branches, and a second time
// on one branch: the store's ancestry walk must refuse exactly the second
// claim on the same branch, whatever the arrival order.
func TestForkedDoubleClaimThroughTheStore(t *testing.T) {
	w := world(t, 5, 0, 31)
	payer, k := w.Keys[1], w.Keys[2]
	p, err := w.Post(payer, core.KindPay, core.Pay{To: demo.Pub(k), Amount: 3 * money.Unit}, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := w.Post(k, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(1))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(after *entry.Signed, kind string, b any, refs []ids.Hash, dt int64) *entry.Signed {
		return signed(t, k, entry.Entry{Author: demo.Pub(k), Seq: after.Seq + 1, Prev: after.ID, Time: after.Time + dt,
			Node: w.Node, Kind: kind, Refs: refs, Body: body(t, b)})
	}
	recv, refs := core.Receive{Pay: p.ID}, []ids.Hash{p.ID}
	x1 := mk(base, core.KindReceive, recv, refs, 1000)
	y1 := mk(base, core.KindVouch, core.Vouch{Applicant: demo.Pub(newKey(2))}, nil, 2000)
	x2 := mk(x1, core.KindReceive, recv, refs, 1000)
	y2 := mk(y1, core.KindReceive, recv, refs, 1000)
	now := receiverNow(w) + 10_000
	var hashes []ids.Hash
	for _, order := range [][]*entry.Signed{{x1, y1, x2, y2}, {y1, y2, x1, x2}, {x2, y2, x1, y1}} {
		s := newStore(t, w)
		ingest(t, s, w.Entries, now)
		for _, e := range order {
			if _, err := s.Ingest([][]byte{e.Raw}, now); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := s.Log(logByAuthor(demo.Pub(k)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			bad := r.Invalid != ""
			if bad != (r.ID == x2.ID) {
				t.Fatalf("order %v: entry %s invalid=%q (only the second claim on branch X may be refused)", order, r.ID.Short(), r.Invalid)
			}
		}
		hashes = append(hashes, stats(t, s).StateHash)
		// Rebuild replays in stored order and must reach the same verdicts
		// (it once skipped the ancestry walk before forks were recorded).
		if rep, err := s.Rebuild(false, nil); err != nil || !rep.Match() {
			t.Fatalf("order %v: rebuild disagrees with live ingest: %+v, %v", order, rep, err)
		}
	}
	if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
		t.Fatal("the arrival order changed the state hash")
	}

}
