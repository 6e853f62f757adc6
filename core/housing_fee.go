package core

import (
	"errors"
	"fmt"
	"slices"

	"dac/core/ids"
)

// The usage fee: a holder pays a month's fee for their dwelling to the
// treasury, by the charter's bands of monthly income. Income is what the
// holder's own chain received (payments from members and the treasury:
// sales, contribution income; not the dividend, which everyone gets) since
// their previous fee, per month — or, for the first fee, since their
// membership began. Both ends are in the author's own chain (the previous
// fee is cited), so every replica computes the same fee. The money leaves
// the balance like cap overflow (counted in Account.Overflow) and waits as
// a deposit for the treasury to take in. In the free band there is nothing
// to pay: the entry is refused. Nothing forces a holder to pay (no sanction
// exists yet). Paying twice for one month is refused when the previous fee
// is cited, as the app always does; an author who leaves it out only pays
// again.

// HousingFee pays one month's usage fee.
type HousingFee struct {
	Right Right    `cbor:"1,keyasint" json:"right"`
	Month int64    `cbor:"2,keyasint" json:"month"`          // 30-day months since the genesis; the entry's own
	Last  ids.Hash `cbor:"3,keyasint,omitempty" json:"last"` // the author's previous fee (zero: the first)
}

// FeeRow (key: fee id) is a fee paid.
type FeeRow struct {
	Holder   ids.PubKey `cbor:"1,keyasint" json:"holder"`
	Month    int64      `cbor:"2,keyasint" json:"month"`
	Amount   int64      `cbor:"3,keyasint" json:"amount"`
	Income   int64      `cbor:"4,keyasint" json:"income"`   // monthly income it was charged on
	Received int64      `cbor:"5,keyasint" json:"received"` // the holder's cumulative received then
	Time     int64      `cbor:"6,keyasint" json:"time"`
}

// KindHousingFee is the usage fee's kind name.
const KindHousingFee = "housing-fee"

// HousingFeeKind defines the usage fee.
func HousingFeeKind() Kind { return Define(KindHousingFee, validateHousingFee, applyHousingFee) }

func validateHousingFee(s *State, c *Context, f *HousingFee) error {
	h := s.HousingRules()
	switch {
	case h == nil || s.Money() == nil || s.treasury() == nil:
		return errors.New("this node charges no usage fee (its charter needs housing, money and a treasury)")
	case f.Month != s.Period(c.E.Time)/MonthDays:
		return fmt.Errorf("a fee is paid for the month it is made in (%d)", s.Period(c.E.Time)/MonthDays)
	}
	if _, err := s.heldRight(c, f.Right); err != nil {
		return err
	}
	fee, _, err := s.feeDue(c, f)
	switch {
	case err != nil:
		return err
	case fee == 0:
		return errors.New("no fee is due: the income is in the charter's free band")
	case fee > c.Next.Acct.Balance:
		return fmt.Errorf("not enough money: balance %d µ, fee %d µ", c.Next.Acct.Balance, fee)
	}
	return nil
}

// feeDue is the fee and the monthly income it is charged on.
func (s *State) feeDue(c *Context, f *HousingFee) (fee, income int64, err error) {
	received, months := c.Next.Acct.Received, int64(1)
	if f.Last.IsZero() {
		since, ok := s.memberSince(c)
		if !ok {
			return 0, 0, errNotMember(c.E.Author)
		}
		months = f.Month - s.Period(since)/MonthDays
	} else {
		last, ok := s.housing.fees.get(string(f.Last[:]))
		switch {
		case !ok || !slices.Contains(c.E.Refs, f.Last) || last.Holder != c.E.Author:
			return 0, 0, errors.New("the previous fee is not a fee of the author's it cites")
		case last.Month >= f.Month:
			return 0, 0, fmt.Errorf("month %d is paid already", last.Month)
		}
		received, months = received-last.Received, f.Month-last.Month
	}
	income = received / max(months, 1)
	return s.HousingRules().FeeFor(income), income, nil
}

func applyHousingFee(s *State, c *Context, f *HousingFee) {
	fee, income, _ := s.feeDue(c, f)
	c.Next.Acct.Balance -= fee
	c.Next.Acct.Overflow += fee // sent to the treasury, as cap overflow is
	s.recordDeposit(c, fee)
	s.housing.fees.put(string(c.E.ID[:]), FeeRow{Holder: c.E.Author, Month: f.Month, Amount: fee, Income: income,
		Received: c.Next.Acct.Received, Time: c.E.Time})
}

// LastFee is member's latest fee (by month, then the smaller id).
func (s *State) LastFee(member ids.PubKey) (ids.Hash, FeeRow, bool) {
	var id ids.Hash
	var row FeeRow
	found := false
	for k, f := range s.housing.fees.rows {
		fid := ids.Hash([]byte(k))
		if f.Holder == member && (!found || f.Month > row.Month || (f.Month == row.Month && cmpHash(fid, id) < 0)) {
			id, row, found = fid, f, true
		}
	}
	return id, row, found
}
