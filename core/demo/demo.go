// Package demo generates a deterministic node: founders, members who join by
// vouching and admission over some days, a few who leave and return. It is a
// pure function of its Config (seeded randomness, a fixed calendar), so the
// same seed always gives the same entries and the same state hash. `dac demo`
// stores its output; tests and benchmarks use it as realistic random input.
package demo

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"

	"dac/core"
	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
	"dac/core/money"
)

// Config sets the size of the demo node.
type Config struct {
	Members int   // everyone who is a member at some point, founders included
	Days    int   // days of activity after the genesis
	Seed    int64 // the same seed gives the same node
	Start   int64 // genesis time, unix ms (default: 2026-01-01 00:00 UTC)
	Charter *charter.Charter
	Edit    func(*charter.Charter) // changes the charter (the default or Charter) before the genesis
}

// DefaultStart is the demo calendar's first day: fixed, so output never
// depends on when the demo was built.
const DefaultStart = 1704067200000 // 2024-01-01T00:00:00Z: years of room before "now"

const day = 24 * 3600 * 1000

// EndingBy returns cfg with its calendar moved to end at the last UTC
// midnight at or before t (unix ms), so that what the demo leaves open —
// votes, emergencies, the rations period — is current at t. The node then
// depends on the day it is built.
func EndingBy(cfg Config, t int64) Config {
	cfg.Start = t - t%day - int64(max(cfg.Days, 1))*day
	return cfg
}

// DefaultConfig is the demo `make run` shows.
func DefaultConfig() Config { return Config{Members: 60, Days: 30, Seed: 1} }

// World is a generated node.
type World struct {
	Node    ids.Hash
	Charter charter.Charter
	Keys    []ed25519.PrivateKey // every member's key, founders first
	Entries []*entry.Signed      // genesis first, in an order that respects every dependency
	State   *core.State          // the state after all entries
	chains  map[ids.PubKey]core.ChainState
	byID    map[ids.Hash]*entry.Signed
	unpaid  []*entry.Signed // payments made today, claimed tomorrow
	clock   int64
	rng     *rand.Rand
	gov     govDemo // governance activity (governance.go)
	homes   housingWorld
	fork    [2]*entry.Signed // the demo's double spend (fork.go)
}

// Key derives member i's key from the seed.
func Key(seed int64, i int) ed25519.PrivateKey {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(seed))
	binary.BigEndian.PutUint64(b[8:], uint64(i))
	s := sha256.Sum256(append([]byte("dac/demo/key\x00"), b[:]...))
	return ed25519.NewKeyFromSeed(s[:])
}

// Charter is the demo charter: the sample's values with a registrar set.
func Charter(registrar ids.PubKey) charter.Charter {
	return charter.Charter{Version: 1, Name: "Demo Commons", Membership: charter.Membership{
		Registrar: registrar, VouchesRequired: 3, VouchTTLDays: 30}, Money: DemoMoney(), Governance: DemoGovernance(),
		Housing:   DemoHousing(registrar),
		Sanctions: DemoSanctions()}
}

// DemoMoney is the sample charter's money: 10 units a day, 7 % a year
// (198,800 ppb a day) up to 150,000 units, 4× that up to 500,000 and 20×
// above, and a cap of 60,000 units, some 1.2 × B* (B* is about 50,302
// units): no one holds much more than their share; what would lift a
// balance higher goes to the treasury.
func DemoMoney() *money.Rules {
	return &money.Rules{
		Dividend:   10 * money.Unit,
		Tiers:      []money.Tier{{From: 0, RatePPB: 198_800}, {From: 150_000 * money.Unit, RatePPB: 795_200}, {From: 500_000 * money.Unit, RatePPB: 3_976_000}},
		Cap:        60_000 * money.Unit,
		OfflineCap: 2_000 * money.Unit,
	}
}

// Generate builds the world.
func Generate(cfg Config) (*World, error) {
	if cfg.Members < 1 || cfg.Days < 0 {
		return nil, fmt.Errorf("demo needs at least 1 member and 0 or more days")
	}
	if cfg.Start == 0 {
		cfg.Start = DefaultStart
	}
	w := &World{chains: map[ids.PubKey]core.ChainState{}, byID: map[ids.Hash]*entry.Signed{}, clock: cfg.Start,
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x44414331))}
	for i := range cfg.Members {
		w.Keys = append(w.Keys, Key(cfg.Seed, i))
	}
	founders := min(cfg.Members, 5)
	if err := w.found(cfg, founders); err != nil {
		return nil, err
	}
	return w, w.live(cfg, founders)
}

func (w *World) found(cfg Config, founders int) error {
	w.Charter = Charter(Pub(w.Keys[0]))
	n := min(3, founders)
	w.Charter.Treasury = &charter.Treasury{Threshold: n/2 + 1}
	for _, k := range w.Keys[:n] {
		w.Charter.Treasury.Stewards = append(w.Charter.Treasury.Stewards, Pub(k))
	}
	if founders >= 3 {
		w.Charter.Contribution = &charter.Contribution{MonthlyCeiling: 600 * money.Unit, Roles: []charter.Role{
			{Name: "care", PerHour: 15 * money.Unit, Coordinators: []ids.PubKey{Pub(w.Keys[1])}},
			{Name: "repair", PerHour: 20 * money.Unit, Coordinators: []ids.PubKey{Pub(w.Keys[2])}}}}
	}
	w.Charter.Rations = DemoRations(Pub(PointKey()))
	w.Charter.Housing = DemoHousing(Pub(w.Keys[founders-1]))
	if cfg.Charter != nil {
		w.Charter = *cfg.Charter
	}
	if cfg.Edit != nil {
		cfg.Edit(&w.Charter)
	}
	g, err := core.BuildGenesis(w.Charter, w.Keys[:founders], w.clock)
	if err != nil {
		return err
	}
	w.Node = g.ID
	w.State = core.New(core.DefaultRegistry())
	w.State.UseAncestry(w.ancestor)
	return w.add(g)
}

// Pub is a key's public half.
func Pub(k ed25519.PrivateKey) ids.PubKey { return ids.PubKey(k.Public().(ed25519.PublicKey)) }

// add applies a signed entry to the world's state; it must be valid.
func (w *World) add(e *entry.Signed) error {
	prev := w.prev(e.Author)
	next, err := w.State.Apply(e, prev)
	if err != nil {
		return fmt.Errorf("demo made an invalid %s: %w", e.Kind, err)
	}
	w.chains[e.Author] = next
	w.byID[e.ID] = e
	w.Entries = append(w.Entries, e)
	return nil
}

// ancestor answers the fold's ancestry question from the world's entries.
func (w *World) ancestor(from ids.Hash, seq uint64) (ids.Hash, bool) {
	for {
		e, ok := w.byID[from]
		if !ok || e.Seq < seq {
			return ids.Hash{}, false
		}
		if e.Seq == seq {
			return e.ID, true
		}
		from = e.Prev
	}
}

func (w *World) prev(a ids.PubKey) *core.ChainState {
	if c, ok := w.chains[a]; ok {
		return &c
	}
	return nil
}

// Post signs and adds an entry by key k at the world's clock, which advances.
func (w *World) Post(k ed25519.PrivateKey, kind string, body any, refs []ids.Hash) (*entry.Signed, error) {
	s, _, err := w.Sign(k, kind, body, refs)
	if err != nil {
		return nil, err
	}
	return s, w.add(s)
}

// Sign makes the next entry of k's chain without applying it, and returns
// the chain state it follows: for tests that try entries the rules refuse.
func (w *World) Sign(k ed25519.PrivateKey, kind string, body any, refs []ids.Hash) (*entry.Signed, *core.ChainState, error) {
	b, err := entry.EncodeBody(body)
	if err != nil {
		return nil, nil, err
	}
	w.clock += 1 + w.rng.Int64N(20_000)
	e := entry.Entry{Author: Pub(k), Seq: 1, Time: w.clock, Node: w.Node, Kind: kind, Refs: refs, Body: b}
	p := w.prev(e.Author)
	if p != nil {
		e.Seq, e.Prev = p.Seq+1, p.ID
	}
	s, err := entry.Sign(e, k)
	return s, p, err
}

// Offer applies e like any replica would, valid or not, and advances its
// author's chain either way; it returns what Apply said.
func (w *World) Offer(e *entry.Signed) error {
	next, err := w.State.Apply(e, w.prev(e.Author))
	var re *entry.RejectError
	if err == nil || (errors.As(err, &re) && re.Reason == entry.Invalid) {
		w.chains[e.Author] = next
		w.byID[e.ID] = e
		w.Entries = append(w.Entries, e)
	}
	return err
}

// Advance moves the world's clock forward by ms.
func (w *World) Advance(ms int64) { w.clock += ms }

// Clock is the time of the latest entry.
func (w *World) Clock() int64 { return w.clock }

// Chains returns the chain state after every author's latest entry.
func (w *World) Chains() map[ids.PubKey]core.ChainState {
	out := make(map[ids.PubKey]core.ChainState, len(w.chains))
	for k, v := range w.chains {
		out[k] = v
	}
	return out
}

// ApplyAfter applies e after an explicit chain state of its author (for
// tests that build forked branches); the world's view of the author's latest
// entry is left alone.
func (w *World) ApplyAfter(e *entry.Signed, prev *core.ChainState) (core.ChainState, error) {
	next, err := w.State.Apply(e, prev)
	var re *entry.RejectError
	if err == nil || (errors.As(err, &re) && re.Reason == entry.Invalid) {
		w.byID[e.ID] = e
		w.Entries = append(w.Entries, e)
	}
	return next, err
}
