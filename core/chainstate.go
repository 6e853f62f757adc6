package core

import (
	"encoding/binary"
	"errors"
)

// chainStateSize is the fixed size of a ChainState's binary form.
const chainStateSize = 8 + 32 + 8 + 4 + 4 + 1 + 8*8 + 8

// MarshalBinary is the store's compact, fixed layout of a chain state (an
// internal column, never signed, so it need not be CBOR): big-endian
// seq, id, time, leaves, admits, account flags (bit 0 open, bit 1 member),
// balance, period, endowed, issued, demurred, paid, received, overflow,
// treasury place; then optional tails (rations: see RationChain.appendBinary).
func (c ChainState) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, chainStateSize)
	b = binary.BigEndian.AppendUint64(b, c.Seq)
	b = append(b, c.ID[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Time))
	b = binary.BigEndian.AppendUint32(b, c.Leaves)
	b = binary.BigEndian.AppendUint32(b, c.Admits)
	var flags byte
	if c.Acct.Open {
		flags |= 1
	}
	if c.Acct.Member {
		flags |= 2
	}
	b = append(b, flags)
	a := c.Acct
	for _, v := range []int64{a.Balance, a.Period, a.Endowed, a.Issued, a.Demurred, a.Paid, a.Received, a.Overflow, int64(c.TPlace)} {
		b = binary.BigEndian.AppendUint64(b, uint64(v))
	}
	return c.appendTails(b), nil
}

// UnmarshalBinary reads MarshalBinary's layout.
func (c *ChainState) UnmarshalBinary(b []byte) error {
	if len(b) < chainStateSize {
		return errors.New("chain state: wrong size")
	}
	c.Seq = binary.BigEndian.Uint64(b)
	copy(c.ID[:], b[8:40])
	c.Time = int64(binary.BigEndian.Uint64(b[40:]))
	c.Leaves = binary.BigEndian.Uint32(b[48:])
	c.Admits = binary.BigEndian.Uint32(b[52:])
	flags := b[56]
	c.Acct.Open, c.Acct.Member = flags&1 != 0, flags&2 != 0
	v := func(i int) int64 { return int64(binary.BigEndian.Uint64(b[57+8*i:])) }
	c.Acct.Balance, c.Acct.Period, c.Acct.Endowed, c.Acct.Issued, c.Acct.Demurred = v(0), v(1), v(2), v(3), v(4)
	c.Acct.Paid, c.Acct.Received, c.Acct.Overflow = v(5), v(6), v(7)
	c.TPlace = uint64(v(8))
	return c.readTails(b[chainStateSize:])
}

// sanctionTailSize is the size of the sanctions tail: debt, cut left, cut
// rate, withheld, excluded until (the first four alone: the tail's first
// form, still read).
const (
	sanctionTailSize    = 5 * 8
	sanctionTailSizeOld = 4 * 8
)

// appendTails adds the optional tails: the rations' (only if the chain took
// a ration, or if a sanctions tail follows) and the sanctions' (only if the
// author ever accepted a sanction that withholds).
func (c ChainState) appendTails(b []byte) []byte {
	a := c.Acct
	sanctioned := a.Debt != 0 || a.CutLeft != 0 || a.CutRate != 0 || a.Withheld != 0 || a.ExcludedUntil != 0
	if !sanctioned {
		return c.Rations.appendBinary(b)
	}
	b = c.Rations.appendAll(b)
	for _, v := range []int64{a.Debt, a.CutLeft, a.CutRate, a.Withheld, a.ExcludedUntil} {
		b = binary.BigEndian.AppendUint64(b, uint64(v))
	}
	return b
}

// readTails reads appendTails' layout.
func (c *ChainState) readTails(b []byte) error {
	n := len(b) - rationTailSize
	if n != sanctionTailSize && n != sanctionTailSizeOld {
		return c.Rations.readBinary(b)
	}
	v := func(i int) int64 { return int64(binary.BigEndian.Uint64(b[rationTailSize+8*i:])) }
	c.Acct.Debt, c.Acct.CutLeft, c.Acct.CutRate, c.Acct.Withheld = v(0), v(1), v(2), v(3)
	if n == sanctionTailSize {
		c.Acct.ExcludedUntil = v(4)
	}
	return c.Rations.readBinary(b[:rationTailSize])
}
