package lsp_test

import (
	"os"
	"path/filepath"
	"testing"
)

// A check that reads another file (a GitLab local include) sees the
// editor's unsaved buffer of that file, not the disk.
func TestChecksReadUnsavedBuffers(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(dir, "templates.yml")
	if err := os.WriteFile(tmpl, []byte(".other:\n  image: alpine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ci := filepath.Join(dir, ".gitlab-ci.yml")
	ciText := "include:\n  - local: templates.yml\nbuild:\n  extends: .base\n  script: make\n"
	if err := os.WriteFile(ci, []byte(ciText), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t)
	c.initialize(nil, dir)
	ciURI := fileURI(ci)
	c.open(ciURI, ciText)
	p := c.waitPublish(ciURI, 1, 0)
	if !hasCode(p, "gitlab-job-refs") {
		t.Fatalf("with .base missing on disk, want gitlab-job-refs, got %+v", p.Diagnostics)
	}
	// The template gains .base in the editor only; the CI file is
	// re-checked on its next edit.
	c.open(fileURI(tmpl), ".base:\n  image: alpine\n")
	n := c.publishCount()
	c.change(ciURI, 2, map[string]any{"text": ciText + "\n"})
	p = c.waitPublish(ciURI, 2, n)
	if hasCode(p, "gitlab-job-refs") {
		t.Errorf("the unsaved template was not read: %+v", p.Diagnostics)
	}
}

func hasCode(p publish, code string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}
