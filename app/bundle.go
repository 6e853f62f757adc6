package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"dac/sync/bundle"
)

// BundleExport says what ExportBundle wrote.
type BundleExport struct {
	Entries int
	Last    int64 // the last position written: pass it as since next time
}

// ExportBundle writes the current node's entries stored after position
// since (0: all of them) to path as a bundle, atomically.
func (a *App) ExportBundle(path string, since int64) (BundleExport, error) {
	st, err := a.node()
	if err != nil {
		return BundleExport{}, err
	}
	var all [][]byte
	last := since
	for {
		raws, next, err := st.Raw(last, 10_000)
		if err != nil {
			return BundleExport{}, err
		}
		if len(raws) == 0 {
			break
		}
		all, last = append(all, raws...), next
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, st.Node(), all); err != nil {
		return BundleExport{}, err
	}
	if err := writeFileAtomic(path, buf.Bytes(), 0o644); err != nil {
		return BundleExport{}, Userf(err, "cannot write the bundle to %s", path)
	}
	return BundleExport{Entries: len(all), Last: last}, nil
}

// ImportBundle verifies a whole bundle and only then applies its entries.
// A device holding no node yet joins the bundle's node.
func (a *App) ImportBundle(path string) (Ingested, error) {
	f, err := os.Open(path)
	if err != nil {
		return Ingested{}, Userf(err, "cannot read the bundle %s", path)
	}
	defer f.Close()
	m, raws, err := bundle.Read(f)
	if errors.Is(err, bundle.ErrBadBundle) {
		return Ingested{}, Userf(err, "%s is damaged or not a DAC bundle; nothing was applied (%v)", path, err)
	}
	if err != nil {
		return Ingested{}, err
	}
	st, err := a.node()
	switch {
	case errors.Is(err, ErrNoNode):
		if err := a.JoinNode(m.Node); err != nil {
			return Ingested{}, err
		}
	case err != nil:
		return Ingested{}, err
	case st.Node() != m.Node:
		return Ingested{}, &UserError{Msg: fmt.Sprintf("the bundle is for node %s, this device holds node %s", m.Node.Short(), st.Node().Short())}
	}
	var total Ingested
	for i := 0; i < len(raws); i += 5000 {
		got, err := a.ingestCarried(raws[i:min(i+5000, len(raws))])
		if err != nil {
			return total, err
		}
		total = total.plus(got)
	}
	return total, nil
}

func (x Ingested) plus(y Ingested) Ingested {
	return Ingested{Added: x.Added + y.Added, Invalid: x.Invalid + y.Invalid, Pending: y.Pending,
		Duplicate: x.Duplicate + y.Duplicate, Rejected: x.Rejected + y.Rejected, Forks: x.Forks + y.Forks}
}
