package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"dac/app"
)

// benchPassphrase seals the bench node's key; the node is throwaway.
const benchPassphrase = "bench startup passphrase"

// startupRun is one fresh process opened to the home screen.
type startupRun struct {
	StartupS float64 `json:"startup_s"` // exec to home screen ready, seen by the parent
	app.StartupPhases
	MaxRSSMiB float64 `json:"max_rss_mib"` // the process's peak resident set
}

func (c *cli) benchStartupCmd() *cobra.Command {
	var n, runs int
	var keep string
	cmd := &cobra.Command{
		Use:   "startup",
		Short: "Measure a cold start to the home screen on a big node",
		Long: `Build a node of about N entries (1,000 members paying, working and governing
for a month), then start dac afresh --runs times on it: each run is a new
process that opens the node while unlocking the resident's key (as the GUI
does behind its unlock screen), then builds the home screen (the real GUI
screen, headless, when this dac has a GUI). startup_s is
the median time from starting the process to the home screen being ready (the
goal: at most 1 s); the phases (open, unlock, home) are measured inside the
process; max_rss_mib is the largest peak resident set of the runs. The node is
built in a temporary directory, or kept in --keep DIR and reused from there
(building 100,000 entries takes a minute).`,
		Example: "  dac bench startup --json\n  dac bench startup --entries 20000 --runs 5 --keep /tmp/dac-startup",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 100 || runs < 1 {
				return fmt.Errorf("--entries must be at least 100 and --runs at least 1")
			}
			dir, cleanup, err := c.startupNode(keep, n)
			if err != nil {
				return err
			}
			defer cleanup()
			var rs []startupRun
			for range runs {
				r, err := probeProcess(dir)
				if err != nil {
					return err
				}
				rs = append(rs, r)
			}
			return c.showStartup(n, rs)
		},
	}
	cmd.Flags().IntVar(&n, "entries", 100000, "about how many entries the node holds")
	cmd.Flags().IntVar(&runs, "runs", 3, "how many fresh starts to measure")
	cmd.Flags().StringVar(&keep, "keep", "", "build the node in this directory and reuse it next time")
	c.addJSON(cmd)
	return cmd
}

// startupNode returns a data directory holding the bench node of n entries.
func (c *cli) startupNode(keep string, n int) (string, func(), error) {
	dir, cleanup := keep, func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "dac-startup-*")
		if err != nil {
			return "", nil, err
		}
		dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
	}
	a, err := app.New(app.Deps{DataDir: dir})
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer a.Close()
	if a.HasIdentity() {
		return dir, cleanup, nil // kept from an earlier run
	}
	if !c.json {
		c.printf("building a node of %d entries in %s...\n", n, dir)
	}
	if _, err := a.BuildBenchNode(n, []byte(benchPassphrase)); err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// probeProcess starts `dac bench startup-probe` on dir and times it until it
// reports the home screen ready.
func probeProcess(dir string) (startupRun, error) {
	var r startupRun
	exe, err := os.Executable()
	if err != nil {
		return r, err
	}
	cmd := exec.Command(exe, "--data", dir, "bench", "startup-probe")
	cmd.Env = append(os.Environ(), "DAC_PASSPHRASE="+benchPassphrase)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	line, readErr := bufio.NewReader(out).ReadBytes('\n')
	r.StartupS = time.Since(start).Seconds()
	if err := cmd.Wait(); err != nil {
		return r, fmt.Errorf("the startup probe failed: %w", err)
	}
	if readErr != nil {
		return r, readErr
	}
	if err := json.Unmarshal(line, &r.StartupPhases); err != nil {
		return r, fmt.Errorf("the startup probe said %q: %w", line, err)
	}
	r.MaxRSSMiB = maxRSSMiB(cmd.ProcessState)
	return r, nil
}

func (c *cli) showStartup(n int, rs []startupRun) error {
	times := make([]float64, len(rs))
	rss := 0.0
	for i, r := range rs {
		times[i] = r.StartupS
		rss = max(rss, r.MaxRSSMiB)
	}
	slices.Sort(times)
	median := times[len(times)/2]
	if c.json {
		return c.printJSON(map[string]any{"entries": n, "startup_s": median, "max_rss_mib": rss,
			"gui": c.env.HomeProbe != nil, "runs": rs})
	}
	for i, r := range rs {
		c.printf("run %d: %.3f s to the home screen (open %.3f, unlock %.3f, home %.3f), peak RSS %.0f MiB\n",
			i+1, r.StartupS, r.OpenS, r.UnlockS, r.HomeS, r.MaxRSSMiB)
	}
	c.printf("median %.3f s (goal: at most 1 s), peak RSS %.0f MiB\n", median, rss)
	return nil
}

// benchProbeCmd is the process `dac bench startup` times: it prints one JSON
// line of phases as soon as the home screen is ready, then exits.
func (c *cli) benchProbeCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "startup-probe",
		Short:  "Open the app to the home screen once and print how long each step took",
		Long:   "Used by 'dac bench startup', which starts it as a fresh process.",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pass, err := c.passphrase(false)
			if err != nil {
				return err
			}
			home := c.env.HomeProbe
			if home == nil {
				home = app.HomeFigures
			}
			p, err := app.ProbeStartup(app.Deps{DataDir: c.data}, pass, home)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(p)
			_, err = fmt.Fprintf(c.env.Stdout, "%s\n", b)
			return err
		},
	}
}
