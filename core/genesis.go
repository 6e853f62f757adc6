package core

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/entry"
	"dac/core/ids"
)

// Genesis is the body of a node's first entry: its charter and its founders,
// each of whom signs the pair. The node id is the genesis entry's id.
type Genesis struct {
	Charter  charter.Charter `cbor:"1,keyasint"`
	Founders []ids.PubKey    `cbor:"2,keyasint"` // sorted, distinct; includes the author
	Sigs     [][]byte        `cbor:"3,keyasint"` // one per founder, same order
}

// MaxFounders bounds the genesis size well under entry.MaxBytes.
const MaxFounders = 64

// FounderMessage is what each founder signs: the charter and founder list.
func FounderMessage(c charter.Charter, founders []ids.PubKey) ([]byte, error) {
	b, err := entry.Marshal([]any{c, founders})
	if err != nil {
		return nil, err
	}
	h := ids.Sum("dac/genesis/v1", b)
	return h[:], nil
}

// BuildGenesis makes a node: the first founder authors the genesis, all sign.
func BuildGenesis(c charter.Charter, founders []ed25519.PrivateKey, time int64) (*entry.Signed, error) {
	if len(founders) == 0 {
		return nil, errors.New("a node needs at least one founder")
	}
	g := Genesis{Charter: c}
	byKey := map[ids.PubKey]ed25519.PrivateKey{}
	for _, f := range founders {
		k := ids.PubKey(f.Public().(ed25519.PublicKey))
		byKey[k] = f
		g.Founders = append(g.Founders, k)
	}
	slices.SortFunc(g.Founders, cmpKey)
	msg, err := FounderMessage(c, g.Founders)
	if err != nil {
		return nil, err
	}
	for _, k := range g.Founders {
		g.Sigs = append(g.Sigs, ed25519.Sign(byKey[k], msg))
	}
	body, err := entry.EncodeBody(g)
	if err != nil {
		return nil, err
	}
	author := ids.PubKey(founders[0].Public().(ed25519.PublicKey))
	return entry.Sign(entry.Entry{Author: author, Seq: 1, Time: time, Kind: entry.GenesisKind, Body: body}, founders[0])
}

// GenesisKind founds the node.
func GenesisKind() Kind {
	return Define(entry.GenesisKind, validateGenesis, applyGenesis)
}

func validateGenesis(s *State, c *Context, g *Genesis) error {
	if err := checkGenesis(s, c, g); err != nil {
		// A bad genesis is not a node at all: refuse it outright.
		return entry.Reject(entry.Malformed, "genesis: %v", err)
	}
	return nil
}

func checkGenesis(s *State, c *Context, g *Genesis) error {
	if !s.node.IsZero() {
		return fmt.Errorf("node %s already has its genesis", s.node.Short())
	}
	if err := g.Charter.Validate(); err != nil {
		return err
	}
	n := len(g.Founders)
	switch {
	case n == 0 || n > MaxFounders:
		return fmt.Errorf("%d founders, must be 1 to %d", n, MaxFounders)
	case !slices.IsSortedFunc(g.Founders, cmpKey) || len(slices.Compact(slices.Clone(g.Founders))) != n:
		return errors.New("founders must be sorted and distinct")
	case !slices.Contains(g.Founders, c.E.Author):
		return errors.New("the author is not a founder")
	case !slices.Contains(g.Founders, g.Charter.Membership.Registrar):
		return errors.New("the registrar must be a founder")
	case len(g.Sigs) != n:
		return fmt.Errorf("%d signatures for %d founders", len(g.Sigs), n)
	}
	msg, err := FounderMessage(g.Charter, g.Founders)
	if err != nil {
		return err
	}
	for i, f := range g.Founders {
		if err := f.CheckMemberKey(); err != nil {
			return err
		}
		if !entry.VerifySig(f[:], msg, g.Sigs[i]) {
			return fmt.Errorf("founder %s did not sign this charter", f.Short())
		}
	}
	return nil
}

func applyGenesis(s *State, c *Context, g *Genesis) {
	row := GenesisRow{Charter: g.Charter, Founders: g.Founders, Time: c.E.Time}
	s.genesis.put(string(c.E.ID[:]), row)
	for _, f := range g.Founders {
		s.bumpMember(f, MemberRow{Epoch: 0, Active: true, Since: c.E.Time, Entry: c.E.ID})
	}
	_ = s.adoptGenesis(row) // validated above
}

func (s *State) adoptGenesis(g GenesisRow) error {
	for k := range s.genesis.rows {
		s.node = ids.Hash([]byte(k))
	}
	ch := g.Charter
	s.charter = &ch
	s.genesisTime = g.Time
	if ch.Money != nil {
		s.steady = ch.Money.SteadyState()
	}
	s.founders = map[ids.PubKey]bool{}
	for _, f := range g.Founders {
		s.founders[f] = true
	}
	return nil
}

func cmpKey(a, b ids.PubKey) int { return slices.Compare(a[:], b[:]) }
