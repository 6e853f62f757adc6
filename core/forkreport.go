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
