package core

import (
	"fmt"

	"dac/core/entry"
	"dac/core/ids"
)

// ForkReport carries a fork proof into the record: anyone may file one, and
// a valid one opens a case against the position it proves (the sanctions
// that follow belong to governance). It also records the fork itself, so
// replicas that never saw both entries learn of it. A forged proof is an
// invalid entry and harms no one.
type ForkReport struct {
	Proof entry.ForkProof `cbor:"1,keyasint"`
}

// KindForkReport is the kind name.
const KindForkReport = "fork-report"

// ForkReportKind defines the kind.
func ForkReportKind() Kind { return Define(KindForkReport, validateForkReport, applyForkReport) }

// CaseRow (key: author ‖ seq, as the fork row) is an open fork case: the
// report with the smallest id that opened it, and when.
type CaseRow struct {
	Report ids.Hash `cbor:"1,keyasint"`
	Time   int64    `cbor:"2,keyasint"`
}

// ReportRow (key: report id) is the position a valid fork report proves.
// Receives cite reports by id, so each report keeps its own row (the case
// row names only the smallest report).
type ReportRow struct {
	Author ids.PubKey `cbor:"1,keyasint"`
	Seq    uint64     `cbor:"2,keyasint"`
	Time   int64      `cbor:"3,keyasint,omitempty"` // the report's date: the freeze it causes ends freeze_days later
	Debt   int64      `cbor:"4,keyasint,omitempty"` // what accepting it recovers (sanction_accept.go forkDebt)
}

func validateForkReport(s *State, c *Context, r *ForkReport) error {
	f, err := r.Proof.Verify()
	if err != nil {
		return fmt.Errorf("the fork proof does not hold: %v", err)
	}
	if f.Node != s.node {
		return fmt.Errorf("the fork is on node %s, not this one", f.Node.Short())
	}
	return nil
}

func applyForkReport(s *State, c *Context, r *ForkReport) {
	f, _ := r.Proof.Verify() // validated
	s.RecordFork(f)
	s.reports.put(string(c.E.ID[:]), ReportRow{Author: f.Author, Seq: f.Seq, Time: c.E.Time, Debt: forkDebt(r.Proof)})
	k := forkKey(f.Author, f.Seq)
	if cur, ok := s.cases.get(k); ok && cmpHash(cur.Report, c.E.ID) <= 0 {
		return
	}
	s.cases.put(k, CaseRow{Report: c.E.ID, Time: c.E.Time})
}

// Case is an open fork case.
type Case struct {
	Author ids.PubKey
	Seq    uint64
	CaseRow
}

// Cases lists the open fork cases.
func (s *State) Cases() []Case {
	var out []Case
	for k, r := range s.cases.rows {
		out = append(out, Case{Author: ids.PubKey([]byte(k[:32])), Seq: be64u([]byte(k[32:])), CaseRow: r})
	}
	return out
}

// HasCase reports whether a case is open for author's position seq.
func (s *State) HasCase(author ids.PubKey, seq uint64) bool {
	_, ok := s.cases.get(forkKey(author, seq))
	return ok
}

func be64u(b []byte) uint64 {
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return v
}

// A forked account is frozen: no payment it made from the forked position
// on can be received by anyone who knows of the fork. Validity must be a
// function of the receive's causal past, so the rule reads the fork
// reports the receive cites: a receive citing a report that proves a fork
// of the payer at or before the payment's position is invalid, and the
// app cites every report it holds against the payer (and does not even
// try). A device that hides its knowledge can still take such a payment
// while the case is open; the fork proof and the case stand against the
// payer either way. Payments made before the fork are not touched.
//
// The freeze ends for a payment dated at or after the report's date +
// sanctions.freeze_days (without a sanctions section: never) if the payer
// had accepted the case (sanction_accept.go) before it, in their own chain:
// so the payments made around the fork (the double spend) stay
// unclaimable for good, and the forker pays again only after accepting
// that the overspent money be recovered from their dividends. Any cited
// report binds, so a backdated report by an accomplice cannot shorten the
// freeze an honest report imposes (a later report can lengthen it: a known
// limit).

// frozenBy returns a report among c's refs that freezes the payment pay.
func (s *State) frozenBy(c *Context, pay ids.Hash, p PayRow) (ReportRow, bool) {
	for _, id := range c.E.Refs {
		if r, ok := s.reports.get(string(id[:])); ok && s.freezes(r, pay, p) {
			return r, true
		}
	}
	return ReportRow{}, false
}

// FrozenFrom is the first position of author's chain with an open fork
// case (ok false: none); payments from it on are frozen.
func (s *State) FrozenFrom(author ids.PubKey) (seq uint64, report ids.Hash, ok bool) {
	for _, c := range s.Cases() {
		if c.Author == author && (!ok || c.Seq < seq || (c.Seq == seq && cmpHash(c.Report, report) < 0)) {
			seq, report, ok = c.Seq, c.Report, true
		}
	}
	return seq, report, ok
}

// freezes reports whether report r freezes the payment pay (row p).
func (s *State) freezes(r ReportRow, pay ids.Hash, p PayRow) bool {
	if r.Author != p.From || r.Seq > p.Seq || p.Seq == 0 {
		return false
	}
	sr := s.sanctionRules()
	if sr == nil || p.Time < r.Time+int64(sr.FreezeDays)*DayMillis {
		return true
	}
	return s.acceptedLevel(forkCaseKey(r.Author, r.Seq), pay, p.Seq) == 0
}

// FreezingReport finds a report (the smallest id) that freezes the
// payment pay; the app cites it in a receive, and does not try to receive
// a frozen payment.
func (s *State) FreezingReport(pay ids.Hash) (ids.Hash, bool) {
	p, ok := s.pays.get(string(pay[:]))
	if !ok {
		return ids.Hash{}, false
	}
	var best ids.Hash
	found := false
	for k, r := range s.reports.rows {
		id := ids.Hash([]byte(k))
		if s.freezes(r, pay, p) && (!found || cmpHash(id, best) < 0) {
			best, found = id, true
		}
	}
	return best, found
}
