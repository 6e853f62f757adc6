package p2p

import (
	"context"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
)

// MDNSService is the mDNS service name DAC devices announce on the LAN. A
// device connects to every DAC device it finds; the catch-up protocol's
// first request tells which node each serves.
const MDNSService = "dac-mesh"

// Found is called for each peer discovered.
type Found func(peer.AddrInfo)

type notifee struct {
	h     host.Host
	found Found
}

func (n notifee) HandlePeerFound(info peer.AddrInfo) {
	if info.ID == n.h.ID() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := n.h.Connect(ctx, info); err == nil && n.found != nil {
		n.found(info)
	}
}

// StartMDNS announces h on the LAN and connects to the DAC devices it
// finds. Close the returned service to stop.
func StartMDNS(h host.Host, found Found) (interface{ Close() error }, error) {
	s := mdns.NewMdnsService(h, MDNSService, notifee{h: h, found: found})
	return s, s.Start()
}
