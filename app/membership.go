package app

import (
	"context"
	"crypto/ed25519"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/store"
)

// signerNode is this device's unlocked key and its node's store.
func (a *App) signerNode() (ed25519.PrivateKey, *store.Store, error) {
	key, err := a.signer()
	if err != nil {
		return nil, nil, err
	}
	st, err := a.node()
	return key, st, err
}

// post signs, validates and durably appends an entry of this device's
// author, then offers it to the publisher.
func (a *App) post(kind string, body any, refs func(st *core.State, me ids.PubKey) []ids.Hash) (*entry.Signed, error) {
	e, err := a.record(kind, body, refs)
	if err == nil {
		_ = a.flushOutbox(context.Background()) // a failed hand-over is retried at the next start
	}
	return e, err
}

// record is post without the hand-over: the entry waits in the outbox for
// the next one (a sync exchange, a post, a start). The ingest path uses it,
// since handing over from inside an ingest could wait on the very sync
// loop that is ingesting.
func (a *App) record(kind string, body any, refs func(st *core.State, me ids.PubKey) []ids.Hash) (*entry.Signed, error) {
	key, st, err := a.signerNode()
	if err != nil {
		return nil, err
	}
	if err := a.mayPost(st.Node()); err != nil {
		return nil, err
	}
	b, err := entry.EncodeBody(body)
	if err != nil {
		return nil, err
	}
	me := ids.PubKey(key.Public().(ed25519.PublicKey))
	var r []ids.Hash
	st.View(func(s *core.State) { r = refs(s, me) })
	e, err := st.AppendOwn(key, entry.Entry{Kind: kind, Body: b, Refs: r}, a.now())
	if err != nil {
		return nil, Userf(err, "%s refused: %s", kind, plainReject(err))
	}
	a.emit(EntryAdded{ID: e.ID, Author: e.Author, Kind: e.Kind})
	return e, nil
}

// plainReject strips the reason prefix: "invalid: only the registrar …" →
// "only the registrar …".
func plainReject(err error) string {
	if re, ok := err.(*entry.RejectError); ok && re.Detail != "" {
		return re.Detail
	}
	return err.Error()
}

// Vouch records that this member vouches, in person, for applicant.
func (a *App) Vouch(applicant ids.PubKey) (*entry.Signed, error) {
	var epoch uint32
	if st, err := a.node(); err == nil {
		st.View(func(s *core.State) { epoch, _ = s.NextEpoch(applicant) })
	}
	return a.post(core.KindVouch, core.Vouch{Applicant: applicant, Epoch: epoch}, membershipRefs)
}

// Admit, by the registrar (the charter's, or a confirmed holder of the
// office with the power to admit), admits applicant on the vouches
// collected so far.
func (a *App) Admit(applicant ids.PubKey) (*entry.Signed, error) {
	var epoch uint32
	if st, err := a.node(); err == nil {
		st.View(func(s *core.State) { epoch, _ = s.NextEpoch(applicant) })
	}
	if err := a.mayAdmit(); err != nil {
		return nil, err
	}
	now := a.now()
	return a.post(core.KindAdmit, core.Admit{Applicant: applicant, Epoch: epoch}, func(s *core.State, me ids.PubKey) []ids.Hash {
		refs := s.MembershipRefs(me)
		refs = append(refs, a.seatRefs(s, charter.PowerAdmit, me)...)
		if _, leave := s.NextEpoch(applicant); !leave.IsZero() {
			refs = append(refs, leave)
		}
		return capRefs(append(refs, s.VouchesFor(applicant, epoch, now)...))
	})
}

// Leave ends this member's membership.
func (a *App) Leave(reason string) (*entry.Signed, error) {
	return a.post(core.KindLeave, core.Leave{Reason: reason}, membershipRefs)
}

func membershipRefs(s *core.State, me ids.PubKey) []ids.Hash { return s.MembershipRefs(me) }

func capRefs(r []ids.Hash) []ids.Hash {
	if len(r) > entry.MaxRefs {
		return r[:entry.MaxRefs]
	}
	return r
}

// Ingest applies entries received from a peer.
func (a *App) Ingest(raws [][]byte) (Ingested, error) {
	ev, _, err := a.ingest(raws)
	return ev, err
}

// ingestCarried applies entries that came by hand (a bundle, an offline
// hand-over) and queues the new ones for the network, so that this device
// passes them on to its peers.
func (a *App) ingestCarried(raws [][]byte) (Ingested, error) {
	ev, added, err := a.ingest(raws)
	if err != nil || len(added) == 0 {
		return ev, err
	}
	st, err := a.node()
	if err == nil {
		err = st.Enqueue(added...)
	}
	if err == nil {
		_ = a.flushOutbox(context.Background()) // offline: they wait in the outbox
	}
	return ev, err
}

func (a *App) ingest(raws [][]byte) (Ingested, []ids.Hash, error) {
	return a.ingestWith(func(st *store.Store) (store.Result, error) { return st.Ingest(raws, a.now()) })
}

// ingestWith runs one ingest on the node's store, then tells the GUI and
// files fork reports for the forks it revealed.
func (a *App) ingestWith(do func(st *store.Store) (store.Result, error)) (Ingested, []ids.Hash, error) {
	st, err := a.node()
	if err != nil {
		return Ingested{}, nil, err
	}
	res, err := do(st)
	ev := Ingested{Added: len(res.Added), Invalid: res.Invalid, Pending: res.Pending,
		Duplicate: res.Duplicate, Rejected: len(res.Rejected), Forks: len(res.Forks)}
	if err == nil {
		a.emit(ev)
		a.reportForks(st, res.Forks)
		a.confirmSeats()
	}
	return ev, res.Added, err
}

// reportForks files a fork report for every newly revealed fork that has
// no case yet, when this device's identity is unlocked (a locked device
// leaves it to others: anyone may file one).
func (a *App) reportForks(st *store.Store, proofs []entry.ForkProof) {
	for _, p := range proofs {
		f, err := p.Verify()
		if err != nil {
			continue
		}
		open := false
		st.View(func(s *core.State) { open = s.HasCase(f.Author, f.Seq) })
		if open {
			continue
		}
		if _, err := a.signer(); err != nil {
			return
		}
		_, _ = a.record(core.KindForkReport, core.ForkReport{Proof: p}, func(*core.State, ids.PubKey) []ids.Hash { return nil })
	}
}
