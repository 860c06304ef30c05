package schemastore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
)

// BenchmarkPipelineCorpus lints every pipeline and compose file of the
// corpus through the engine (schema + rules), reporting files per second.
func BenchmarkPipelineCorpus(b *testing.B) {
	root := filepath.Join(corpus.Dir(b), "workflows")
	type file struct {
		path, schema string
		src          []byte
	}
	var files []file
	for dir, schema := range map[string]string{"github": "", "gitlab-ci": "gitlab-ci.json", "azure": "azure-pipelines.json", "compose": "compose.json"} {
		for _, rel := range corpusFiles(b, filepath.Join(root, dir)) {
			p := filepath.Join(root, dir, rel)
			src, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{p, schema, src})
		}
	}
	for _, f := range files { // compile every schema before timing
		linter(b, f.schema).Lint(f.path, f.src)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			linter(b, f.schema).Lint(f.path, f.src)
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
