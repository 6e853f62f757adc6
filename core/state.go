package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// ChainState is what the fold knows about an author's chain after one of its
// entries. The store keeps it beside each entry so that the next entry, or a
// fork from any point, can be validated against exactly its own past.
type ChainState struct {
	Seq    uint64   `cbor:"1,keyasint"`
	ID     ids.Hash `cbor:"2,keyasint"`
	Time   int64    `cbor:"3,keyasint"`
	Leaves uint32   `cbor:"4,keyasint,omitempty"` // times the author left the node
	Admits uint32   `cbor:"5,keyasint,omitempty"` // admissions this author made (as registrar)
	Acct   Account  `cbor:"6,keyasint,omitempty"` // the author's money (see account.go)
	TPlace uint64   `cbor:"7,keyasint,omitempty"` // highest treasury place this steward signed

	// what the author took of each ration item this period (see rations.go)
	Rations RationChain `cbor:"8,keyasint"`
}

// Link is the part the chain check needs.
func (c *ChainState) Link() *entry.Link {
	if c == nil {
		return nil
	}
	return &entry.Link{Seq: c.Seq, ID: c.ID, Time: c.Time}
}

// State is a node's derived state.
type State struct {
	reg *Registry

	// derived from the genesis row, not hashed separately
	node        ids.Hash
	charter     *charter.Charter
	founders    map[ids.PubKey]bool
	genesisTime int64
	steady      int64               // B*, computed once from the charter's money rules
	forked      map[ids.PubKey]bool // authors with a fork row: an index of the fork table

	// heads is an index, not part of the hashed state: every entry already
	// leaves a hashed row keyed by its own id (its effect, or a rejected
	// row), so the state hash covers the set of entries without it.
	heads map[ids.PubKey]HeadRow

	tables   []tableI
	genesis  *table[GenesisRow]
	forks    *table[ForkRow]
	rejected *table[RejectedRow]
	members  *table[MemberRow]
	vouches  *table[VouchRow]
	admits   *table[AdmitRow]
	leaves   *table[LeaveRow]
	pays     *table[PayRow]
	receipts *table[ReceiptRow]
	cases    *table[CaseRow]
	reports  *table[ReportRow]
	acts     *table[ActRow]
	cosigns  *table[CosignRow]
	deposits *table[DepositRow]
	claims   *table[ClaimRow]
	workLogs *table[WorkLogRow]
	attests  *table[AttestRow]
	paidLogs *table[ClaimRow] // key: log id → the acts that paid it
	gov      govState         // proposals, ballots, delegations (gov.go)

	attestsBy map[ids.PubKey][]ids.Hash // an index of attests by the worker, not hashed
	cosignsBy map[ids.Hash][]ids.Hash   // an index: act → its cosign entries, not hashed
	actsAt    map[uint64][]ids.Hash     // an index: treasury place → acts, not hashed
	maxTSeq   uint64

	rations rationsState // rations and emergency quotas (rations.go, emergency.go)
	housing housingState // see housing.go

	sanctions sanctionState // complaints and verdicts (sanction.go)

	ancestor Ancestry // see UseAncestry

	dirty   map[dirtyKey]ids.Hash
	changes []RowChange
	lt      ltHash
	sum     rowSum   // a checksum of the rows (see Checkpoint)
	load    *rowLoad // while loading: see LoadRow, UseCheckpoint
}

// New returns the empty state of a node that has no genesis yet.
func New(reg *Registry) *State {
	s := &State{reg: reg, dirty: map[dirtyKey]ids.Hash{}, heads: map[ids.PubKey]HeadRow{}, forked: map[ids.PubKey]bool{}}
	s.genesis = newTable[GenesisRow](s, "genesis")
	s.forks = newTable[ForkRow](s, "fork")
	s.rejected = newTable[RejectedRow](s, "rejected")
	s.members = newTable[MemberRow](s, "member")
	s.vouches = newLazyTable[VouchRow](s, "vouch") // most rows of a town; read by admissions only
	s.admits = newTable[AdmitRow](s, "admit")
	s.leaves = newTable[LeaveRow](s, "leave")
	s.pays = newTable[PayRow](s, "pay")
	s.receipts = newTable[ReceiptRow](s, "receipt")
	s.cases = newTable[CaseRow](s, "case")
	s.reports = newTable[ReportRow](s, "report")
	s.acts = newTable[ActRow](s, "act")
	s.cosigns = newTable[CosignRow](s, "cosign")
	s.deposits = newTable[DepositRow](s, "deposit")
	s.claims = newTable[ClaimRow](s, "claim")
	s.workLogs = newTable[WorkLogRow](s, "worklog")
	s.attests = newTable[AttestRow](s, "attest")
	s.paidLogs = newTable[ClaimRow](s, "paidlog")
	s.initGov()
	s.attestsBy = map[ids.PubKey][]ids.Hash{}
	s.cosignsBy = map[ids.Hash][]ids.Hash{}
	s.actsAt = map[uint64][]ids.Hash{}
	s.initRations()
	s.initHousing()
	s.initSanctions()
	return s
}

// Registry returns the kinds this state folds.
func (s *State) Registry() *Registry { return s.reg }

// Node is the node id (zero before the genesis is applied).
func (s *State) Node() ids.Hash { return s.node }

// Charter is the node's charter (nil before the genesis).
func (s *State) Charter() *charter.Charter { return s.charter }

// Hash is the state hash: one canonical hash of every row of derived state.
func (s *State) Hash() ids.Hash {
	s.fold()
	return s.lt.sum()
}

// Changes returns the rows changed since the last call, for persisting.
func (s *State) Changes() []RowChange {
	s.fold()
	c := s.changes
	s.changes = nil
	return c
}

// Deps lists what must be applied before e: its predecessor, its refs and
// (for all but the genesis) the genesis that made its node.
func Deps(e *entry.Signed) []ids.Hash {
	d := slices.Clone(e.Refs)
	if e.Seq > 1 {
		d = append(d, e.Prev)
	}
	if e.Kind != entry.GenesisKind {
		d = append(d, e.Node)
	}
	return d
}

// Apply folds one entry whose dependencies (Deps) have all been applied. prev
// is the author's chain state after e.Prev (nil for seq 1). It returns the
// chain state after e. A non-nil error of reason entry.Invalid means the entry
// broke a rule: it still extends its author's chain (the returned state is
// valid) but had no effect. Any other error means the entry must not be stored.
func (s *State) Apply(e *entry.Signed, prev *ChainState) (ChainState, error) {
	k, c, body, err := s.check(e, prev)
	var re *entry.RejectError
	if errors.As(err, &re) && re.Reason != entry.Invalid {
		return ChainState{}, err // not an entry of this node at all
	}
	s.noteHead(e)
	if err != nil {
		s.rejected.put(string(e.ID[:]), RejectedRow{Author: e.Author, Seq: e.Seq})
		if prev != nil {
			c.Next.Acct = prev.Acct // an invalid entry changes nothing, the account included
		} else {
			c.Next.Acct = Account{}
		}
		return *c.Next, invalid(err)
	}
	k.apply(s, c, body)
	if e.Kind == entry.GenesisKind {
		s.settleGenesisAuthor(c) // the charter is known only now
	}
	return *c.Next, nil
}

// Validate tells what Apply would say of e without changing anything: the
// app uses it to refuse to sign an entry that would be invalid.
func (s *State) Validate(e *entry.Signed, prev *ChainState) error {
	_, _, _, err := s.check(e, prev)
	var re *entry.RejectError
	if err != nil && !(errors.As(err, &re) && re.Reason != entry.Invalid) {
		return invalid(err)
	}
	return err
}

func (s *State) check(e *entry.Signed, prev *ChainState) (Kind, *Context, any, error) {
	k, ok := s.reg.kinds[e.Kind]
	if !ok {
		return k, nil, nil, entry.Reject(entry.UnknownKind, "%q", e.Kind)
	}
	if err := entry.CheckChain(e, prev.Link()); err != nil {
		return k, nil, nil, err
	}
	if e.Kind != entry.GenesisKind && e.Node != s.node {
		return k, nil, nil, entry.Reject(entry.WrongNode, "node %s is not %s", e.Node.Short(), s.node.Short())
	}
	next := ChainState{Seq: e.Seq, ID: e.ID, Time: e.Time}
	if prev != nil {
		next.Leaves, next.Admits, next.Acct, next.TPlace = prev.Leaves, prev.Admits, prev.Acct, prev.TPlace
		next.Rations = prev.Rations
	}
	c := &Context{E: e, Prev: prev, Next: &next}
	if e.Kind != entry.GenesisKind && e.Time < s.genesisTime {
		return k, c, nil, fmt.Errorf("dated before the node was founded")
	}
	if e.Kind != entry.GenesisKind {
		s.settle(c) // the author's account as of this entry, before its rules run
	}
	body, err := k.check(s, c)
	return k, c, body, err
}

func invalid(err error) error {
	var re *entry.RejectError
	if errors.As(err, &re) && re.Reason == entry.Invalid {
		return err
	}
	return &entry.RejectError{Reason: entry.Invalid, Detail: err.Error()}
}

// noteHead keeps the author's highest entry (ties: the smaller id), a lattice
// maximum and so independent of arrival order.
func (s *State) noteHead(e *entry.Signed) {
	s.LoadHead(e.Author, HeadRow{Seq: e.Seq, ID: e.ID, Time: e.Time})
}

// LoadHead offers h as author's head: the store restores the index with it
// at start; Apply keeps it current.
func (s *State) LoadHead(author ids.PubKey, h HeadRow) {
	cur, ok := s.heads[author]
	if ok && (cur.Seq > h.Seq || (cur.Seq == h.Seq && cmpHash(cur.ID, h.ID) <= 0)) {
		return
	}
	s.heads[author] = h
}

// RecordFork notes a verified fork. Of all the entries competing for one
// position, the row keeps the two smallest ids, so the result does not
// depend on which pair was found first.
func (s *State) RecordFork(f entry.Fork) {
	k := forkKey(f.Author, f.Seq)
	ids3 := []ids.Hash{f.A, f.B}
	if r, ok := s.forks.get(k); ok {
		ids3 = append(ids3, r.A, r.B)
	}
	slices.SortFunc(ids3, cmpHash)
	ids3 = slices.Compact(ids3)
	s.forks.put(k, ForkRow{A: ids3[0], B: ids3[1]})
	s.forked[f.Author] = true
}

// Forked reports whether any fork by this author is known.
func (s *State) Forked(author ids.PubKey) bool { return s.forked[author] }

func forkKey(a ids.PubKey, seq uint64) string {
	return string(a[:]) + string(be64(seq))
}

func be64(v uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func cmpHash(a, b ids.Hash) int { return slices.Compare(a[:], b[:]) }

// LoadRow restores one persisted row; call Loaded when all are in.
func (s *State) LoadRow(tableName string, key, val []byte) error {
	for _, t := range s.tables {
		if t.tableName() == tableName {
			if err := t.load(string(key), val); err != nil {
				return fmt.Errorf("state row %s/%x: %w", tableName, key, err)
			}
			s.loadedRow(rowHash(tableName, string(key), val))
			return nil
		}
	}
	return fmt.Errorf("state row of unknown table %q", tableName)
}

// Loaded finishes a load: it derives the genesis caches and the index of
// forked authors.
func (s *State) Loaded() error {
	if err := s.finishHash(); err != nil {
		return err
	}
	for k := range s.forks.rows {
		s.forked[ids.PubKey([]byte(k[:32]))] = true
	}
	for k, a := range s.attests.rows {
		s.indexAttest(ids.Hash([]byte(k)), a)
	}
	for k, a := range s.acts.rows {
		s.indexAct(ids.Hash([]byte(k)), a)
	}
	for k, cs := range s.cosigns.rows {
		s.cosignsBy[cs.Act] = append(s.cosignsBy[cs.Act], ids.Hash([]byte(k)))
	}
	for _, g := range s.genesis.rows {
		return s.adoptGenesis(g)
	}
	return nil
}

// Counts returns the number of rows per table, for status displays.
func (s *State) Counts() map[string]int {
	m := map[string]int{}
	for _, t := range s.tables {
		m[t.tableName()] = t.size()
	}
	return m
}
