package entry

import "dac/core/ids"

// MaxSkewMillis is how far into the future an entry's claimed time may be,
// against the receiving device's clock. Five minutes absorbs the drift of
// phones that were offline for weeks without letting anyone pre-date acts.
// The check is made on arrival only: an entry too early now is refused, not
// stored, and is accepted when it is offered again later.
const MaxSkewMillis = 5 * 60 * 1000

// Rules are the receiver's context for static checks.
type Rules struct {
	Node      ids.Hash          // the node this replica holds
	Now       int64             // receiver's clock, unix ms
	KnownKind func(string) bool // the kinds registry
}

// Check applies the static rules that need the receiver's context: the entry
// belongs to this node, is not dated in the future, and is of a known kind.
func Check(s *Signed, r Rules) error {
	if err := checkNode(s, r.Node); err != nil {
		return err
	}
	if s.Time > r.Now+MaxSkewMillis {
		return Reject(FutureTime, "claimed time is %.3f s ahead of this device's clock (limit %d s)",
			float64(s.Time-r.Now)/1000, MaxSkewMillis/1000)
	}
	if r.KnownKind != nil && !r.KnownKind(s.Kind) {
		return Reject(UnknownKind, "%q", s.Kind)
	}
	return nil
}

func checkNode(s *Signed, node ids.Hash) error {
	if s.Kind == GenesisKind {
		if !s.Node.IsZero() || s.Seq != 1 || !s.Prev.IsZero() {
			return Reject(Malformed, "a genesis is the first entry of its chain and names no node")
		}
		if s.ID != node {
			return Reject(WrongNode, "genesis %s is not this node's (%s)", s.ID.Short(), node.Short())
		}
		return nil
	}
	if s.Node != node {
		return Reject(WrongNode, "entry is for node %s, this is node %s", s.Node.Short(), node.Short())
	}
	return nil
}

// Link is what the chain check needs of the author's previous entry.
type Link struct {
	Seq  uint64
	ID   ids.Hash
	Time int64
}

// CheckChain checks that s follows prev in its author's chain: seq is one
// more, prev is prev's id and the claimed time does not go backwards. prev is
// nil for the first entry of a chain.
func CheckChain(s *Signed, prev *Link) error {
	if prev == nil {
		if s.Seq != 1 || !s.Prev.IsZero() {
			return Reject(BrokenChain, "seq %d of %s has no predecessor", s.Seq, s.Author.Short())
		}
		return nil
	}
	switch {
	case s.Seq != prev.Seq+1:
		return Reject(BrokenChain, "seq %d does not follow %d", s.Seq, prev.Seq)
	case s.Prev != prev.ID:
		return Reject(BrokenChain, "prev %s is not %s", s.Prev.Short(), prev.ID.Short())
	case s.Time < prev.Time:
		return Reject(BrokenChain, "claimed time %d is before the previous entry's %d (unix ms)", s.Time, prev.Time)
	}
	return nil
}
