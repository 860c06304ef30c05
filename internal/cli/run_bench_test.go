package cli

import (
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkRun runs the whole command on the paths in YAMLINT_BENCH_PATHS
// (space-separated; e.g. the peer benchmark's generated files), so a CPU
// profile of the real CLI path is one `go test -bench Run -cpuprofile`.
// Skipped when the variable is unset.
func BenchmarkRun(b *testing.B) {
	paths := strings.Fields(os.Getenv("YAMLINT_BENCH_PATHS"))
	if len(paths) == 0 {
		b.Skip("set YAMLINT_BENCH_PATHS to the files or directories to check")
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("%s: %v", p, err)
		}
	}
	args := append(strings.Fields(os.Getenv("YAMLINT_BENCH_ARGS")), paths...)
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(args, strings.NewReader(""), io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
}
