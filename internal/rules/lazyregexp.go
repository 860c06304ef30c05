package rules

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a package-level pattern on first use: compiling every
// rule's patterns at start-up cost each run a few milliseconds, for rules
// most runs leave off.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
