package testnet

import (
	"io"
	"runtime/pprof"
)

func startProf(w io.Writer) { _ = pprof.StartCPUProfile(w) }
func stopProf()             { pprof.StopCPUProfile() }
