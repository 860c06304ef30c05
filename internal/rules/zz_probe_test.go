package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZCorpusNoFixes(t *testing.T) {
	root := os.Getenv("PROBE_ROOT")
	if root == "" {
		t.Skip()
	}
	n, mis, tree, scan := 0, 0, 0, 0
	filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil || len(src) > 2<<20 {
			return nil
		}
		n++
		d := buildStyle(src)
		switch {
		case scannerMisreads(d.src, d.toks):
			mis++
			if mis <= 15 {
				t.Logf("misread: %s", p)
			}
		case d.scanErr == nil && !d.parses():
			tree++
			if tree <= 100 {
				t.Logf("no tree: %s", p)
			}
		case d.scanErr != nil:
			scan++
		}
		return nil
	})
	t.Logf("%d files: %d misread, %d no tree, %d scan errors", n, mis, tree, scan)
}
