package engine

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// The schema of each document is decided by one code path: what Lint
// validated with (Result.DocSchemas) is what DocumentSchema, used for text
// not checked yet, answers — over every YAML file of the repository's
// testdata.
func TestDocumentSchemaAgreesWithLint(t *testing.T) {
	l, err := New(config.Default("."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..", "testdata")
	n, withSchema := 0, 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil || len(src) > 1<<20 {
			return nil
		}
		res := l.Lint(path, src)
		if res.File == nil {
			return nil
		}
		if len(res.DocSchemas) != len(res.File.Docs) {
			t.Errorf("%s: %d schemas for %d documents", path, len(res.DocSchemas), len(res.File.Docs))
			return nil
		}
		f := yamlfile.Parse(path, src, yamlfile.Options{CustomTags: l.Config.CustomTags})
		for i, doc := range f.Docs {
			if i >= len(res.DocSchemas) {
				break
			}
			n++
			got := l.DocumentSchema(path, f, doc)
			if res.DocSchemas[i] != "" {
				withSchema++
			}
			if got != res.DocSchemas[i] {
				t.Errorf("%s document %d: DocumentSchema %q, Lint used %q", path, i+1, got, res.DocSchemas[i])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if withSchema == 0 {
		t.Fatal("no document had a schema: the walk is broken")
	}
	t.Logf("%d documents, %d with a schema, all agree", n, withSchema)
}
