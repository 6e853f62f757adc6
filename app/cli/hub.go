package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"dac/app"
	"dac/sync/replica"
)

func (c *cli) hubCmd() *cobra.Command {
	var listen []string
	var status string
	var mdns, relay bool
	cmd := &cobra.Command{
		Use:   "hub",
		Short: "Run headless and always on: a full replica that serves its node",
		Long: `Run this device as a hub of its node: a full replica, listening on the given
addresses, serving catch-up to fresh and long-offline devices, relaying for
devices that cannot reach each other (with explicit limits), and exposing
Prometheus metrics and a read-only status page on localhost. It prints its
full addresses (with /p2p/<peer id>) at start: give one to devices as their
pairing code, or name it in the charter's hubs. Stop it with Ctrl-C.`,
		Example: "  dac hub --listen /ip4/0.0.0.0/tcp/4001 --listen /ip4/0.0.0.0/udp/4001/quic-v1",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := signalContext()
			cfg := app.NetConfig{Listen: listen, Relay: relay, MDNS: mdns}
			return c.withOnline(cmd, cfg, func(a *app.App, o *app.Online) error {
				return c.runHub(ctx, a, o, status)
			})
		},
	}
	cmd.Flags().StringSliceVar(&listen, "listen", []string{"/ip4/0.0.0.0/tcp/4001", "/ip4/0.0.0.0/udp/4001/quic-v1"}, "listen on this multiaddr (repeatable)")
	cmd.Flags().StringVar(&status, "status", "127.0.0.1:8740", "serve /status and /metrics here (localhost only; empty: off)")
	cmd.Flags().BoolVar(&mdns, "mdns", true, "announce the hub on the LAN")
	cmd.Flags().BoolVar(&relay, "relay", true, "relay for devices that cannot reach each other")
	return cmd
}

func (c *cli) runHub(ctx context.Context, a *app.App, o *app.Online, status string) error {
	st, err := a.Status()
	if errors.Is(err, app.ErrNoNode) {
		return &app.UserError{Msg: "this device holds no node: 'dac sync --peer CODE', 'dac bundle import FILE' or 'dac demo' first"}
	}
	if err != nil {
		return err
	}
	c.printf("Hub of %q (node %s), %d entries, peer id %s\n", st.Name, st.Node.Short(), st.Entries, o.PeerID())
	for _, addr := range o.Addrs() {
		c.printf("  %s\n", addr)
	}
	if status != "" {
		url, stop, err := serveStatus(status, a, o)
		if err != nil {
			return err
		}
		defer stop()
		c.printf("Status: %s/status  metrics: %s/metrics\n", url, url)
	}
	c.printf("Serving. Ctrl-C stops.\n")
	c.hubLog(ctx, a, o)
	c.printf("Stopped.\n")
	return nil
}

// hubLog prints a line whenever the record grew, at most every 10 s.
func (c *cli) hubLog(ctx context.Context, a *app.App, o *app.Online) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	last := -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := a.Status()
		if err != nil || st.Entries == last {
			continue
		}
		last = st.Entries
		c.printf("%s  %d entries, state %s, %d peers\n", time.Now().Format("15:04:05"), st.Entries, st.StateHash.Short(), len(o.Peers()))
	}
}

// HubStatus is what /status serves.
type HubStatus struct {
	Node      string     `json:"node"`
	Name      string     `json:"name"`
	Entries   int        `json:"entries"`
	Pending   int        `json:"pending"`
	Members   int        `json:"members"`
	StateHash string     `json:"state_hash"`
	PeerID    string     `json:"peer_id"`
	Addrs     []string   `json:"addrs"`
	Peers     []app.Peer `json:"peers"`
	Sync      any        `json:"sync"`
}

func hubStatus(a *app.App, o *app.Online) (HubStatus, error) {
	st, err := a.Status()
	if err != nil {
		return HubStatus{}, err
	}
	ss, _ := o.SyncStats()
	return HubStatus{Node: st.Node.String(), Name: st.Name, Entries: st.Entries, Pending: st.Pending,
		Members: st.Members, StateHash: st.StateHash.String(), PeerID: o.PeerID(), Addrs: o.Addrs(),
		Peers: o.Peers(), Sync: ss}, nil
}

// serveStatus serves /status (JSON) and /metrics (Prometheus) on a
// loopback address only: a hub's status is for its operator.
func serveStatus(addr string, a *app.App, o *app.Online) (string, func(), error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, fmt.Errorf("--status %q: %v", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", nil, fmt.Errorf("--status %q: the status page listens on localhost only", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("cannot serve the status page on %s: %v", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, _ *http.Request) {
		s, err := hubStatus(a, o)
		if err != nil {
			http.Error(w, app.Message(err), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s)
	})
	mux.Handle("/metrics", promhttp.HandlerFor(hubMetrics(a, o), promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// hubMetrics is a registry of the hub's gauges and counters, read live.
func hubMetrics(a *app.App, o *app.Online) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	gauge := func(name, help string, f func(app.Status) float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "dac_" + name, Help: help}, func() float64 {
			st, err := a.Status()
			if err != nil {
				return 0
			}
			return f(st)
		}))
	}
	gauge("entries", "Entries held.", func(s app.Status) float64 { return float64(s.Entries) })
	gauge("pending_entries", "Entries waiting for an earlier one.", func(s app.Status) float64 { return float64(s.Pending) })
	gauge("members", "Active members.", func(s app.Status) float64 { return float64(s.Members) })
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "dac_peers", Help: "Connected peers."},
		func() float64 { return float64(len(o.Peers())) }))
	counter := func(name, help string, f func(s syncStats) int64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "dac_sync_" + name + "_total", Help: help}, func() float64 {
			s, _ := o.SyncStats()
			return float64(f(s))
		}))
	}
	counter("entries_received", "Entries received from peers (duplicates included).", func(s syncStats) int64 { return s.EntriesIn })
	counter("entries_published", "Entries this device published.", func(s syncStats) int64 { return s.EntriesOut })
	counter("entries_refused", "Received entries refused as invalid.", func(s syncStats) int64 { return s.RefusedEntries })
	counter("blocks_refused", "Received blocks refused by the static check.", func(s syncStats) int64 { return s.RefusedBlocks })
	counter("peer_offences", "Misbehaviours by peers.", func(s syncStats) int64 { return s.Offences })
	counter("catchups", "Catch-up runs completed as client.", func(s syncStats) int64 { return s.CatchUps })
	counter("catchup_blocks_served", "Blocks served to catching-up peers.", func(s syncStats) int64 { return s.CatchUpServed })
	return reg
}

// signalContext is cancelled by Ctrl-C or SIGTERM.
func signalContext() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return ctx
}

type syncStats = replica.Stats
