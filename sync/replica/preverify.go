package replica

import (
	"sync"

	blocks "github.com/ipfs/go-block-format"

	"dac/core/entry"
)

// preverifier checks the signatures of a catch-up's entries while the rest
// still arrive (entry.PreVerifySigned), on one goroutine: the network and the
// serving peer leave a core idle then, and applying the entries afterwards
// skips what was verified. It never slows the transfer: when it lags, the
// blocks it has no room for are simply verified when applied.
type preverifier struct {
	in   chan []*entry.Signed
	done sync.WaitGroup
	once sync.Once
}

func startPreverifier() *preverifier {
	p := &preverifier{in: make(chan []*entry.Signed, 4096)}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		var batch []*entry.Signed
		for es := range p.in {
			batch = append(batch, es...)
			if len(batch) >= 256 || len(p.in) == 0 {
				entry.PreVerifySigned(batch)
				batch = nil
			}
		}
		entry.PreVerifySigned(batch)
	}()
	return p
}

// offer hands over a block's entries, or drops them if the queue is full.
func (p *preverifier) offer(es []*entry.Signed) {
	select {
	case p.in <- es:
	default:
	}
}

// stop waits for everything offered to be verified (idempotent).
func (p *preverifier) stop() {
	p.once.Do(func() { close(p.in) })
	p.done.Wait()
}

// blockWriter stores a catch-up's blocks on its own goroutine, so that the
// next round's request goes out at once and the last rounds' blocks are
// stored while the entries are applied (the blockstore and the entries
// live in different databases). The first error is kept and returned by
// put and wait.
type blockWriter struct {
	in   chan []blocks.Block
	done sync.WaitGroup
	once sync.Once
	mu   sync.Mutex
	err  error
}

func startBlockWriter(r *Replica) *blockWriter {
	w := &blockWriter{in: make(chan []blocks.Block, 64)}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		for blks := range w.in {
			if w.failed() != nil {
				continue
			}
			if err := r.bstore.PutMany(r.ctx, blks); err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
			}
		}
	}()
	return w
}

func (w *blockWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// put queues blks (waiting when 64 rounds are queued).
func (w *blockWriter) put(blks []blocks.Block) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.in <- blks
	return nil
}

// wait stores everything queued and returns the first error (idempotent).
func (w *blockWriter) wait() error {
	w.once.Do(func() { close(w.in) })
	w.done.Wait()
	return w.failed()
}
