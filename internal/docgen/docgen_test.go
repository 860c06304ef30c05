package docgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/codes"
)

// The generated files must match the registry: run `go generate
// ./internal/docgen` after adding or changing a code.
func TestGeneratedFilesUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	reg := codes.Builtin()
	cur, err := os.ReadFile(filepath.Join(root, RulesDocPath))
	if err != nil {
		t.Fatal(err)
	}
	want, err := RulesDoc(cur, reg)
	if err != nil {
		t.Fatal(err)
	}
	if string(cur) != string(want) {
		t.Errorf("%s is out of date with the code registry; run `go generate ./internal/docgen`", RulesDocPath)
	}
	curSchema, err := os.ReadFile(filepath.Join(root, ConfigSchemaPath))
	if err != nil {
		t.Fatal(err)
	}
	wantSchema, err := ConfigSchema(reg)
	if err != nil {
		t.Fatal(err)
	}
	if string(curSchema) != string(wantSchema) {
		t.Errorf("%s is out of date with the code registry; run `go generate ./internal/docgen`", ConfigSchemaPath)
	}
}

// Every code carries a summary and an explanation with a bad and a good
// example.
func TestEveryCodeExplained(t *testing.T) {
	for _, c := range codes.All() {
		if c.Category == "test" {
			continue
		}
		if strings.TrimSpace(c.Summary) == "" {
			t.Errorf("%s: no summary", c.ID)
		}
		if !strings.Contains(c.Explanation, "**Bad**") || !strings.Contains(c.Explanation, "**Good**") {
			t.Errorf("%s: explanation lacks a **Bad** and a **Good** example (internal/codes/explain/%s.md)", c.ID, c.ID)
		}
	}
}
