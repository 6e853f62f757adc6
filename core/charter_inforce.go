package core

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dac/core/charter"
	"dac/core/ids"
)

// The charter in force. Validation reads the genesis charter only: whether
// an amendment was adopted is a tally, a global computation, and an entry's
// validity must not depend on what else a replica happens to hold. So an
// adopted amendment takes effect at once only on the fields no validation
// and no fold reads:
//   - the policies devices apply (PolicyPaths): the daily offline spending
//     cap and the hubs devices dial;
//   - the quorum and threshold of each kind of proposal
//     (governance.rules.N.quorum_pct, threshold_pct), which only tallies
//     read — themselves global computations, so a proposal is counted
//     under the rules in force when it opened.
// Other fields stay as the genesis set them until the charter's next
// epoch, which is not built; the amendment is then listed as adopted but
// waiting, with the reason.

// PolicyPaths are the device policies an adopted amendment changes at once.
var PolicyPaths = []string{"money.offline_cap", "hubs"}

// tallyFields are the fields of a governance rule that only tallies read.
var tallyFields = []string{"quorum_pct", "threshold_pct"}

// AtOnce reports whether an adopted amendment of path takes effect at once.
func AtOnce(path string) bool {
	if slices.Contains(PolicyPaths, path) {
		return true
	}
	seg := strings.Split(path, ".")
	if len(seg) != 4 || seg[0] != "governance" || seg[1] != "rules" || !slices.Contains(tallyFields, seg[3]) {
		return false
	}
	_, err := strconv.ParseUint(seg[2], 10, 16)
	return err == nil
}

// Amendment is an adopted amendment (its second reading) and what became
// of it in the charter in force.
type Amendment struct {
	Proposal ids.Hash `json:"proposal"`
	Title    string   `json:"title"`
	Closed   int64    `json:"closed"`
	Changes  []Change `json:"changes"`
	InForce  bool     `json:"in_force"`
	Waiting  bool     `json:"waiting,omitempty"` // for the charter's next epoch (it changes what validation reads)
	Why      string   `json:"why,omitempty"`     // why not in force
}

// ErrNeedsEpoch: an amendment changes a field validation reads.
var ErrNeedsEpoch = errors.New("it changes with the charter's next epoch (not built yet)")

// inForce gives the charter in force at a time.
type inForce func(t int64) *charter.Charter

// CharterInForce is the genesis charter with the adopted amendments closed
// by t applied, in the order they closed (ties: the smaller id), where they
// change only fields that take effect at once; and every adopted
// amendment with its fate. A pure function of the set of entries, like
// the tally.
func (s *State) CharterInForce(t int64) (*charter.Charter, []Amendment) {
	if s.charter == nil {
		return nil, nil
	}
	at, out := s.amendmentPass(t)
	return at(t), out
}

// amendmentPass goes once through the second readings of amendments
// closed by t, in close order: each is tallied under the charter in force
// when it opened (made of the ones closed before, already passed), and if
// adopted, applied where it may be. It returns the charter in force at
// any time up to t, and the adopted amendments.
func (s *State) amendmentPass(t int64) (inForce, []Amendment) {
	type step struct {
		closes int64
		c      *charter.Charter
	}
	steps := []step{{s.genesisTime, s.charter}}
	at := func(x int64) *charter.Charter {
		i := len(steps) - 1
		for i > 0 && steps[i].closes > x {
			i--
		}
		return steps[i].c
	}
	var out []Amendment
	for _, a := range s.secondReadings(t) {
		p, _ := s.Proposal(a.Proposal)
		if tl, ok := s.tally(a.Proposal, p.Closes, at); !ok || !tl.Final || !tl.Adopted(&p) {
			continue
		}
		next, err := Amended(steps[len(steps)-1].c, a.Changes)
		if err != nil {
			a.Why, a.Waiting = err.Error(), errors.Is(err, ErrNeedsEpoch)
		} else {
			a.InForce = true
			steps = append(steps, step{a.Closed, next})
		}
		out = append(out, a)
	}
	return at, out
}

// secondReadings lists the second readings of amendments closed by t, in
// the order they closed (ties: the smaller id).
func (s *State) secondReadings(t int64) []Amendment {
	var out []Amendment
	for k, p := range s.gov.proposals.rows { // as ProposalIDs, without sorting every proposal
		if p.Kind == charter.ProposalAmendment && !p.First.IsZero() && p.Closes <= t {
			out = append(out, Amendment{Proposal: ids.Hash([]byte(k)), Title: p.Title, Closed: p.Closes, Changes: p.Changes})
		}
	}
	slices.SortFunc(out, func(a, b Amendment) int {
		return cmp.Or(cmp.Compare(a.Closed, b.Closed), cmpHash(a.Proposal, b.Proposal))
	})
	return out
}

// Amended applies changes to c if every one takes effect at once (AtOnce)
// and the result is a valid charter.
func Amended(c *charter.Charter, changes []Change) (*charter.Charter, error) {
	for _, ch := range changes {
		if !AtOnce(ch.Path) {
			return nil, fmt.Errorf("%s is read by validation: %w", ch.Path, ErrNeedsEpoch)
		}
	}
	return applyChanges(c, changes)
}

// applyChanges sets the changed fields of c (any field; Amended decides
// which take effect) and checks that the result is a valid charter: every
// path names a field of the charter, every value has the field's type.
func applyChanges(c *charter.Charter, changes []Change) (*charter.Charter, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	for _, ch := range changes {
		var v any
		if err := json.Unmarshal([]byte(ch.Value), &v); err != nil {
			return nil, fmt.Errorf("%s: the value %.40q is not JSON", ch.Path, ch.Value)
		}
		if err := setPath(tree, strings.Split(ch.Path, "."), v); err != nil {
			return nil, err
		}
	}
	if raw, err = json.Marshal(tree); err != nil {
		return nil, err
	}
	next, err := charter.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("the amended charter is not valid: %v", err)
	}
	if err := next.Validate(); err != nil {
		return nil, fmt.Errorf("the amended charter is not valid: %v", err)
	}
	return &next, nil
}

// setPath sets the field at path in a decoded JSON tree (objects by name,
// lists by index).
func setPath(node any, path []string, v any) error {
	for i, seg := range path {
		last := i == len(path)-1
		switch n := node.(type) {
		case map[string]any:
			if last {
				n[seg] = v // an unknown name is refused when the result is parsed
				return nil
			}
			next, ok := n[seg]
			if !ok {
				return fmt.Errorf("the charter has no %s", strings.Join(path[:i+1], "."))
			}
			node = next
		case []any:
			k, err := strconv.Atoi(seg)
			if err != nil || k < 0 || k >= len(n) {
				return fmt.Errorf("%s: no item %s", strings.Join(path, "."), seg)
			}
			if last {
				n[k] = v
				return nil
			}
			node = n[k]
		default:
			return fmt.Errorf("%s: no field %s", strings.Join(path, "."), seg)
		}
	}
	return nil
}
