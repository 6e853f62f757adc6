package cli

import (
	"strconv"
	"strings"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }

func pad(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}

// when formats a unix-ms time for people, in UTC.
func when(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04") }
