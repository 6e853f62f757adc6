package p2p

import (
	"errors"
	"fmt"
	"strings"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
	"rsc.io/qr"
)

// A pairing code is how one device tells another where to find it: its
// full multiaddrs with /p2p/<peer id>, separated by spaces, e.g.
//
//	/ip4/192.168.1.20/tcp/4001/p2p/12D3KooW…
//
// shown as text and as a QR code. ParseCode accepts one address or several
// of the same peer, or a bare peer id is refused (there is no DHT to look
// it up).

// Addrs are h's full addresses (with /p2p/), LAN first, loopback last.
func Addrs(h host.Host) []string {
	info := peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()}
	full, err := peer.AddrInfoToP2pAddrs(&info)
	if err != nil {
		return nil
	}
	var lan, loop []string
	for _, a := range full {
		if manet.IsIPLoopback(a) {
			loop = append(loop, a.String())
		} else {
			lan = append(lan, a.String())
		}
	}
	return append(lan, loop...)
}

// Code is h's pairing code: its addresses outside loopback (or loopback
// ones if that is all there is), at most four.
func Code(h host.Host) string {
	as := Addrs(h)
	var out []string
	for _, a := range as {
		if !strings.HasPrefix(a, "/ip4/127.") && !strings.HasPrefix(a, "/ip6/::1/") {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		out = as
	}
	return strings.Join(out[:min(4, len(out))], " ")
}

// ErrBadCode is returned for text that is not a pairing code.
var ErrBadCode = errors.New("not a pairing code")

// ParseCode reads a pairing code (or a hub address from the charter).
func ParseCode(code string) (peer.AddrInfo, error) {
	fields := strings.Fields(code)
	if len(fields) == 0 {
		return peer.AddrInfo{}, fmt.Errorf("%w: it is empty", ErrBadCode)
	}
	var addrs []ma.Multiaddr
	for _, f := range fields {
		a, err := ma.NewMultiaddr(f)
		if err != nil {
			return peer.AddrInfo{}, fmt.Errorf("%w: %q is not an address like /ip4/192.168.1.20/tcp/4001/p2p/12D3KooW…", ErrBadCode, f)
		}
		addrs = append(addrs, a)
	}
	infos, err := peer.AddrInfosFromP2pAddrs(addrs...)
	if err != nil {
		return peer.AddrInfo{}, fmt.Errorf("%w: every address must end in /p2p/<peer id>", ErrBadCode)
	}
	if len(infos) != 1 {
		return peer.AddrInfo{}, fmt.Errorf("%w: the addresses name %d different peers", ErrBadCode, len(infos))
	}
	if len(infos[0].Addrs) == 0 {
		return peer.AddrInfo{}, fmt.Errorf("%w: a peer id alone cannot be reached; give its address too", ErrBadCode)
	}
	return infos[0], nil
}

// QR encodes a pairing code as a QR code.
func QR(code string) (*qr.Code, error) { return qr.Encode(code, qr.M) }

// QRText draws a QR code with Unicode half blocks for a terminal: two
// modules per character cell, with the quiet zone around it.
func QRText(code string) (string, error) {
	c, err := QR(code)
	if err != nil {
		return "", err
	}
	const quiet = 2
	dark := func(x, y int) bool { return x >= 0 && y >= 0 && x < c.Size && y < c.Size && c.Black(x, y) }
	var b strings.Builder
	for y := -quiet; y < c.Size+quiet; y += 2 {
		for x := -quiet; x < c.Size+quiet; x++ {
			b.WriteString(halfBlock(dark(x, y), dark(x, y+1)))
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// halfBlock draws dark modules as spaces on light text, so the code reads
// on a dark terminal too (scanners want dark on light).
func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return " "
	case top:
		return "▄"
	case bottom:
		return "▀"
	default:
		return "█"
	}
}
