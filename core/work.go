package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/charter"
	"dac/core/ids"
)

// Contribution income: a member logs work in their own chain, a coordinator
// of that role attests it, and the treasury pays it with an ordinary
// treasury payment that names the attests it pays for. The amount must be
// exactly what those logs earn at the charter's hourly rate, capped so that
// the member's contribution income for that month, along the treasury's
// chain, stays within the monthly ceiling; no attest is paid twice along
// the chain. Months are 30-day periods counted from the genesis.

// WorkLog is work done on the entry's day.
type WorkLog struct {
	Role    string `cbor:"1,keyasint"`
	Minutes uint32 `cbor:"2,keyasint"`
	Note    string `cbor:"3,keyasint,omitempty"`
}

// WorkAttest is a coordinator vouching for a work log.
type WorkAttest struct {
	Log ids.Hash `cbor:"1,keyasint"`
}

// Kind names and limits.
const (
	KindWorkLog    = "work-log"
	KindWorkAttest = "work-attest"
	MaxLogMinutes  = 16 * 60
	MonthDays      = 30
)

// WorkLogKind and WorkAttestKind define the work kinds.
func WorkLogKind() Kind { return Define(KindWorkLog, validateWorkLog, applyWorkLog) }

// WorkAttestKind: see WorkLogKind.
func WorkAttestKind() Kind { return Define(KindWorkAttest, validateWorkAttest, applyWorkAttest) }

// WorkLogRow (key: log id) is logged work.
type WorkLogRow struct {
	Member  ids.PubKey `cbor:"1,keyasint"`
	Role    string     `cbor:"2,keyasint"`
	Minutes uint32     `cbor:"3,keyasint"`
	Period  int64      `cbor:"4,keyasint"`
	Time    int64      `cbor:"5,keyasint"`
}

// AttestRow (key: attest id) is an attest of a log.
type AttestRow struct {
	Log         ids.Hash   `cbor:"1,keyasint"`
	Coordinator ids.PubKey `cbor:"2,keyasint"`
}

func (s *State) contribution() *charter.Contribution {
	if s.charter == nil {
		return nil
	}
	return s.charter.Contribution
}

var errNoWork = errors.New("this node's charter pays no contribution income")

func validateWorkLog(s *State, c *Context, w *WorkLog) error {
	cc := s.contribution()
	switch {
	case cc == nil:
		return errNoWork
	case !s.memberAt(c):
		return errNotMember(c.E.Author)
	case w.Minutes == 0 || w.Minutes > MaxLogMinutes:
		return fmt.Errorf("a log is 1 to %d minutes, got %d", MaxLogMinutes, w.Minutes)
	case len(w.Note) > MaxMemoLen:
		return fmt.Errorf("note is %d bytes, the limit is %d", len(w.Note), MaxMemoLen)
	}
	if _, ok := cc.RoleNamed(w.Role); !ok {
		return fmt.Errorf("no role %q in the charter", w.Role)
	}
	return nil
}

func applyWorkLog(s *State, c *Context, w *WorkLog) {
	s.workLogs.put(string(c.E.ID[:]), WorkLogRow{Member: c.E.Author, Role: w.Role, Minutes: w.Minutes,
		Period: s.Period(c.E.Time), Time: c.E.Time})
}

func validateWorkAttest(s *State, c *Context, w *WorkAttest) error {
	cc := s.contribution()
	if cc == nil {
		return errNoWork
	}
	l, ok := s.workLogs.get(string(w.Log[:]))
	if !ok || !slices.Contains(c.E.Refs, w.Log) {
		return errors.New("the log it attests is not a valid log it references")
	}
	role, _ := cc.RoleNamed(l.Role)
	switch {
	case !slices.Contains(role.Coordinators, c.E.Author):
		return fmt.Errorf("only a coordinator of %q may attest this work", l.Role)
	case l.Member == c.E.Author:
		return errors.New("no one attests their own work")
	}
	return nil
}

func applyWorkAttest(s *State, c *Context, w *WorkAttest) {
	row := AttestRow{Log: w.Log, Coordinator: c.E.Author}
	s.attests.put(string(c.E.ID[:]), row)
	s.indexAttest(c.E.ID, row)
}

func (s *State) indexAttest(id ids.Hash, a AttestRow) {
	l, _ := s.workLogs.get(string(a.Log[:]))
	s.attestsBy[l.Member] = append(s.attestsBy[l.Member], id)
}

// workEarned checks the attests a treasury payment names and returns what
// the member earns for them this time, within the month's ceiling.
func (s *State) workEarned(c *Context, p *TreasuryPropose) (int64, error) {
	cc := s.contribution()
	if cc == nil {
		return 0, errNoWork
	}
	if len(p.Work) > MaxClaims || hasDuplicate(p.Work) {
		return 0, fmt.Errorf("an act pays 1 to %d distinct attests", MaxClaims)
	}
	logs := map[ids.Hash]bool{}
	month, earned := int64(-1), int64(0)
	for _, a := range p.Work {
		l, lid, err := s.payableWork(c, p, a)
		if err != nil {
			return 0, err
		}
		if logs[lid] {
			return 0, errors.New("two attests of one log")
		}
		logs[lid] = true
		if m := l.Period / MonthDays; month >= 0 && m != month {
			return 0, errors.New("an act pays the work of one month")
		} else {
			month = m
		}
		role, _ := cc.RoleNamed(l.Role)
		earned += int64(l.Minutes) * role.PerHour / 60
	}
	room := cc.MonthlyCeiling - s.workPaid(p.TPrev, p.Pay.To, month)
	return max(0, min(earned, room)), nil
}

// payableWork checks one attest: cited, for a log by the payee, dated
// before this act, and not paid along the treasury chain yet.
func (s *State) payableWork(c *Context, p *TreasuryPropose, a ids.Hash) (WorkLogRow, ids.Hash, error) {
	at, ok := s.attests.get(string(a[:]))
	if !ok || !slices.Contains(c.E.Refs, a) {
		return WorkLogRow{}, at.Log, fmt.Errorf("attest %s is not a valid attest it references", a.Short())
	}
	l, _ := s.workLogs.get(string(at.Log[:]))
	switch {
	case l.Member != p.Pay.To:
		return l, at.Log, errors.New("the work is not the payee's")
	case l.Time > c.E.Time:
		return l, at.Log, errors.New("the act is dated before the work it pays")
	case s.workPaidBefore(at.Log, p.TPrev):
		return l, at.Log, errors.New("this work was paid already")
	}
	return l, at.Log, nil
}

// workPaidBefore reports whether an act on the treasury chain ending at
// from paid log.
func (s *State) workPaidBefore(log, from ids.Hash) bool {
	row, ok := s.paidLogs.get(string(log[:]))
	return ok && s.onChain(row.Acts, from)
}

// workPaid is the contribution income paid to member for month along the
// treasury chain ending at from (acts paying a month's work are dated in or
// after it, so the walk stops at the month's start).
func (s *State) workPaid(from ids.Hash, member ids.PubKey, month int64) int64 {
	total := int64(0)
	for at := from; !at.IsZero(); {
		act, ok := s.acts.get(string(at[:]))
		if !ok || act.Period < month*MonthDays {
			break
		}
		if act.WorkMonth == month && act.Pay != nil && act.Pay.To == member && len(act.WorkLogs) > 0 {
			total += act.Pay.Amount
		}
		at = act.TPrev
	}
	return total
}

// WorkDue is what the treasury can pay member now for attested work not
// yet paid along its current chain: from the oldest month that still has
// room under the ceiling, one attest per log (the smallest id), logs dated
// no later than now, as many as fit the month's room and what the treasury
// holds (at most MaxClaims). ok is false if nothing can be paid.
func (s *State) WorkDue(member ids.PubKey, now int64) (attests []ids.Hash, amount int64, ok bool) {
	return s.WorkDueKeeping(member, now, 0)
}

// WorkDueKeeping is WorkDue paid from the treasury's balance less keep
// (what it owes to funded budget items, say).
func (s *State) WorkDueKeeping(member ids.PubKey, now, keep int64) (attests []ids.Hash, amount int64, ok bool) {
	cc := s.contribution()
	tip, tipRow, hasTip := s.TreasuryTip()
	if cc == nil || !hasTip {
		return nil, 0, false
	}
	balance := max(0, s.TreasuryBalanceAt(tipRow, s.Period(now))-keep)
	byMonth := s.unpaidWork(member, tip, now)
	months := make([]int64, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	for _, m := range months {
		room := cc.MonthlyCeiling - s.workPaid(tip, member, m)
		if attests, amount = s.fitWork(cc, byMonth[m], min(room, balance), room <= balance, room); amount > 0 {
			return attests, amount, true
		}
	}
	return nil, 0, false
}

// unpaidWork groups member's attested, unpaid logs by month: one attest
// per log, the smallest id, sorted by it.
func (s *State) unpaidWork(member ids.PubKey, tip ids.Hash, now int64) map[int64][]ids.Hash {
	byLog := map[ids.Hash]ids.Hash{}
	for _, a := range s.attestsBy[member] {
		at, _ := s.attests.get(string(a[:]))
		l, _ := s.workLogs.get(string(at.Log[:]))
		if l.Time > now || s.workPaidBefore(at.Log, tip) {
			continue
		}
		if cur, ok := byLog[at.Log]; !ok || cmpHash(a, cur) < 0 {
			byLog[at.Log] = a
		}
	}
	out := map[int64][]ids.Hash{}
	for lid, a := range byLog {
		l, _ := s.workLogs.get(string(lid[:]))
		out[l.Period/MonthDays] = append(out[l.Period/MonthDays], a)
	}
	for m := range out {
		slices.SortFunc(out[m], cmpHash)
	}
	return out
}

// fitWork takes attests while what they earn fits limit; if even the first
// earns more than the month's room, and the treasury covers the room, it
// alone is paid, capped at the room.
func (s *State) fitWork(cc *charter.Contribution, attests []ids.Hash, limit int64, roomFits bool, room int64) ([]ids.Hash, int64) {
	var out []ids.Hash
	total := int64(0)
	for _, a := range attests {
		at, _ := s.attests.get(string(a[:]))
		l, _ := s.workLogs.get(string(at.Log[:]))
		role, _ := cc.RoleNamed(l.Role)
		e := int64(l.Minutes) * role.PerHour / 60
		switch {
		case total+e <= limit && len(out) < MaxClaims:
			out, total = append(out, a), total+e
		case len(out) == 0 && roomFits && room > 0:
			return []ids.Hash{a}, room
		default:
			return out, total
		}
	}
	return out, total
}
