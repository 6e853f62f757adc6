//go:build !unix

package cli

import "os"

// maxRSSMiB is not measured where getrusage does not exist.
func maxRSSMiB(*os.ProcessState) float64 { return 0 }
