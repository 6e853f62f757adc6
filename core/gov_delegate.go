package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Liquid delegation: a member hands their vote on a topic (a proposal kind,
// or "all") to another member with `delegate`, and takes it back with
// `undelegate`. Delegation is transitive: if A delegates to B and B to C,
// and only C votes, C's ballot carries all three.
//
// Resolution, for a proposal of kind K and its cut time (the close, or
// earlier for a provisional count):
//   - a member's delegation on K is their latest delegate/undelegate entry on
//     topic K dated no later than the cut (chain order: highest seq, ties to
//     the smaller id); if it is a delegate, that is their delegate; if they
//     have none on K (or revoked it), their latest on "all" decides the same way;
//   - a member who cast a ballot is never represented: a direct vote always
//     overrides their delegate;
//   - otherwise the path is followed from delegate to delegate until someone
//     who voted; it is lost if it reaches someone with no delegate, a
//     non-member, or a member already on the path (a cycle).
//
// Each member has at most one delegate per proposal, so each member's weight
// follows exactly one path and no one counts twice.

// TopicAll is the delegation topic that covers every proposal kind.
const TopicAll = "all"

// Kind names.
const (
	KindDelegate   = "delegate"
	KindUndelegate = "undelegate"
)

// Delegate hands the author's vote on Topic to To.
type Delegate struct {
	Topic string     `cbor:"1,keyasint"`
	To    ids.PubKey `cbor:"2,keyasint"`
}

// Undelegate takes the author's vote on Topic back.
type Undelegate struct {
	Topic string `cbor:"1,keyasint"`
}

// DelegationRow (key: entry id) is one delegate (To set) or undelegate (To
// zero) entry.
type DelegationRow struct {
	Delegator ids.PubKey `cbor:"1,keyasint" json:"delegator"`
	Seq       uint64     `cbor:"2,keyasint" json:"seq"`
	Time      int64      `cbor:"3,keyasint" json:"time"`
	Topic     string     `cbor:"4,keyasint" json:"topic"`
	To        ids.PubKey `cbor:"5,keyasint" json:"to"`
}

// DelegateKind and UndelegateKind define the delegation kinds.
func DelegateKind() Kind { return Define(KindDelegate, validateDelegate, applyDelegate) }

// UndelegateKind: see DelegateKind.
func UndelegateKind() Kind { return Define(KindUndelegate, validateUndelegate, applyUndelegate) }

func checkTopic(s *State, c *Context, topic string) error {
	switch {
	case s.governance() == nil:
		return errNoGovernance
	case topic != TopicAll && !slices.Contains(charter.ProposalKinds, topic):
		return fmt.Errorf("topic %q is neither a proposal kind nor %q", topic, TopicAll)
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	}
	return nil
}

func validateDelegate(s *State, c *Context, d *Delegate) error {
	if err := checkTopic(s, c, d.Topic); err != nil {
		return err
	}
	if d.To == c.E.Author {
		return errors.New("no one delegates to themselves")
	}
	return d.To.CheckMemberKey()
}

func applyDelegate(s *State, c *Context, d *Delegate) {
	s.gov.delegations.put(string(c.E.ID[:]), DelegationRow{Delegator: c.E.Author, Seq: c.E.Seq, Time: c.E.Time, Topic: d.Topic, To: d.To})
}

func validateUndelegate(s *State, c *Context, u *Undelegate) error {
	return checkTopic(s, c, u.Topic)
}

func applyUndelegate(s *State, c *Context, u *Undelegate) {
	s.gov.delegations.put(string(c.E.ID[:]), DelegationRow{Delegator: c.E.Author, Seq: c.E.Seq, Time: c.E.Time, Topic: u.Topic})
}

// chainLater orders two entries of one author: the higher seq, ties (a
// fork) to the smaller id.
func chainLater(seqA uint64, idA ids.Hash, seqB uint64, idB ids.Hash) bool {
	if seqA != seqB {
		return seqA > seqB
	}
	return cmpHash(idA, idB) < 0
}

// Delegations returns every member's delegate on topic as of cut (see the
// resolution rules above): topic's own delegation, else "all".
func (s *State) Delegations(topic string, cut int64) map[ids.PubKey]ids.PubKey {
	type latest struct {
		id  ids.Hash
		row DelegationRow
	}
	last := map[string]map[ids.PubKey]latest{topic: {}, TopicAll: {}}
	for k, r := range s.gov.delegations.rows {
		m, ok := last[r.Topic]
		if !ok || r.Time > cut {
			continue
		}
		id := ids.Hash([]byte(k))
		if cur, ok := m[r.Delegator]; !ok || chainLater(r.Seq, id, cur.row.Seq, cur.id) {
			m[r.Delegator] = latest{id, r}
		}
	}
	out := map[ids.PubKey]ids.PubKey{}
	for who, l := range last[TopicAll] {
		if !l.row.To.IsZero() {
			out[who] = l.row.To
		}
	}
	for who, l := range last[topic] {
		if !l.row.To.IsZero() {
			out[who] = l.row.To
		}
	}
	return out
}

// DelegationsOf lists an author's delegation entries (delegate and undelegate), by topic then chain order.
func (s *State) DelegationsOf(who ids.PubKey) []DelegationRow {
	var out []DelegationRow
	for _, r := range s.gov.delegations.rows {
		if r.Delegator == who {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b DelegationRow) int {
		if a.Topic != b.Topic {
			return cmp.Compare(a.Topic, b.Topic)
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	return out
}

// DelegationPath is where one member's weight went.
type DelegationPath struct {
	From    ids.PubKey   `json:"from"`
	Path    []ids.PubKey `json:"path"`    // the delegates followed, in order
	Counted bool         `json:"counted"` // the last one on the path voted
	Why     string       `json:"why"`     // "counted", "no vote at the end", "delegate not a member", "cycle"
}

// resolve follows from's delegation path to a voter.
func resolve(from ids.PubKey, dels map[ids.PubKey]ids.PubKey, members, voted map[ids.PubKey]bool) DelegationPath {
	p := DelegationPath{From: from}
	seen := map[ids.PubKey]bool{from: true}
	for cur := from; ; {
		next, ok := dels[cur]
		switch {
		case !ok:
			p.Why = "no vote at the end"
			return p
		case !members[next]:
			p.Why = "delegate not a member"
			return p
		case seen[next]:
			p.Why = "cycle"
			return p
		}
		p.Path = append(p.Path, next)
		if voted[next] {
			p.Counted, p.Why = true, "counted"
			return p
		}
		seen[next], cur = true, next
	}
}
