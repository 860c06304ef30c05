package house

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// BenchmarkPacks runs both packs on the files of $HOUSE_BENCH_DIR (e.g.
// a directory made by ../shared/peers/gen-k8s.py --split-dir).
func BenchmarkPacks(b *testing.B) {
	dir := os.Getenv("HOUSE_BENCH_DIR")
	if dir == "" {
		b.Skip("set HOUSE_BENCH_DIR")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	var files []*yamlfile.File
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		files = append(files, yamlfile.Parse(p, src, yamlfile.Options{}))
	}
	k, _ := Pack(PackKubernetes)
	g, _ := Pack(PackGitHub)
	set := &Set{Rules: append(append([]*Rule(nil), k...), g...)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, f := range files {
			docs := make([]Doc, len(f.Docs))
			for j, d := range f.Docs {
				docs[j] = Doc{Doc: d, Format: FormatOf("", d.Root)}
			}
			set.Check(f.Path, f, docs, func(diag.Diagnostic) { n++ })
		}
	}
}
