package replica

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/fxamacker/cbor/v2"
)

// Frames on the catch-up stream: an unsigned varint length, then that many
// bytes of CBOR. A zero-length frame ends a reply.
const maxFrame = maxBlockBytes + 1024

type framer struct {
	r *bufio.Reader
	w *bufio.Writer
}

// writeBuffer is large so that a reply leaves in few, large writes: on a
// link with latency, a transport that keeps one write in flight at a time
// (libp2p's mocknet does; a congested radio link behaves alike) moves one
// buffer per round trip. TCP is indifferent to it.
const writeBuffer = 1 << 20

func newFramer(rw io.ReadWriter) *framer {
	return &framer{r: bufio.NewReaderSize(rw, 64<<10), w: bufio.NewWriterSize(rw, writeBuffer)}
}

// readRaw returns the next frame's bytes; (nil, nil) for an end frame.
func (f *framer) readRaw() ([]byte, error) {
	n, err := binary.ReadUvarint(f.r)
	if err != nil {
		return nil, err
	}
	if n > maxFrame {
		return nil, bad("frame of %d bytes (limit %d)", n, maxFrame)
	}
	if n == 0 {
		return nil, nil
	}
	b := make([]byte, n)
	_, err = io.ReadFull(f.r, b)
	return b, err
}

func (f *framer) read(v any) error {
	b, err := f.readRaw()
	if err != nil {
		return err
	}
	if b == nil {
		return bad("unexpected end frame")
	}
	if err := cbor.Unmarshal(b, v); err != nil {
		return bad("frame: %v", err)
	}
	return nil
}

func (f *framer) write(v any) error {
	b, err := cbor.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode frame: %w", err)
	}
	f.writeRaw(b)
	return nil
}

func (f *framer) writeRaw(b []byte) {
	var hdr [binary.MaxVarintLen64]byte
	f.w.Write(hdr[:binary.PutUvarint(hdr[:], uint64(len(b)))])
	f.w.Write(b)
}

func (f *framer) end() error {
	f.writeRaw(nil)
	return f.w.Flush()
}

func unmarshalFrame(b []byte, v any) error {
	if err := cbor.Unmarshal(b, v); err != nil {
		return bad("frame: %v", err)
	}
	return nil
}
