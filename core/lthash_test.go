package core

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"dac/core/ids"
)

// laneRef is the LtHash computed lane by lane, 16 bits at a time: the
// definition that the four-lanes-per-word arithmetic must match exactly
// (every stored state hash depends on it).
type laneRef [ltLanes]uint16

func (l *laneRef) mix(row ids.Hash, sign int) {
	var buf, zero [2 * ltLanes]byte
	var iv [aes.BlockSize]byte
	block, _ := aes.NewCipher(row[:])
	cipher.NewCTR(block, iv[:]).XORKeyStream(buf[:], zero[:])
	for i := range l {
		v := binary.LittleEndian.Uint16(buf[2*i:])
		if sign > 0 {
			l[i] += v
		} else {
			l[i] -= v
		}
	}
}

func (l *laneRef) bytes() []byte {
	b := make([]byte, 2*ltLanes)
	for i, v := range l {
		binary.LittleEndian.PutUint16(b[2*i:], v)
	}
	return b
}

func TestLtHashMatchesLaneByLaneArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var got ltHash
	var want laneRef
	var rows []ids.Hash
	for i := range 3000 {
		var h ids.Hash
		for j := range h {
			h[j] = byte(r.Uint32())
		}
		sign := 1
		if i%3 == 2 && len(rows) > 0 { // remove an earlier row now and then
			h, sign = rows[r.IntN(len(rows))], -1
		} else {
			rows = append(rows, h)
		}
		got.mix(h, sign)
		want.mix(h, sign)
		if i%500 == 0 && string(got.bytes()) != string(want.bytes()) {
			t.Fatalf("after %d rows the lanes differ", i+1)
		}
	}
	if string(got.bytes()) != string(want.bytes()) {
		t.Fatal("the lanes differ")
	}
	var back ltHash
	back.setBytes(got.bytes())
	if back != got {
		t.Fatal("setBytes(bytes()) is not the identity")
	}
}

func BenchmarkLtMix(b *testing.B) {
	var l ltHash
	var h ids.Hash
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h[0], h[1] = byte(i), byte(i>>8)
		l.add(h)
	}
}
