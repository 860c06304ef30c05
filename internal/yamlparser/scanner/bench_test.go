package scanner

import (
	"os"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
)

// BenchmarkTokenizeWorkflows tokenizes the corpus's real GitHub workflows
// (block scalars in every `run:`), read in place; it reports allocations,
// which is where the scanner's cost on small real files lies.
func BenchmarkTokenizeWorkflows(b *testing.B) {
	var srcs []string
	size := 0
	for _, path := range corpus.YAMLFiles(b, "workflows/github") {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, string(data))
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			Tokenize(src)
		}
	}
}
