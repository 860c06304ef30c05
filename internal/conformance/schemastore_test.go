package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// schemaFor maps a SchemaStore test directory to the schema it tests, where
// the name alone does not say.
var schemaFor = map[string]string{
	"buildkite":        "schemas/external/buildkite.json",
	"ansible-playbook": "schemas/external/ansible/ansible.json#/$defs/playbook",
}

// subdirSchema maps test subdirectories that target another schema of the
// same family (ansible-lint keeps task and vars files beside playbooks).
var subdirSchema = map[string]string{
	"ansible-playbook/tasks":    "schemas/external/ansible/tasks.json",
	"ansible-playbook/vars":     "schemas/external/ansible/vars.json",
	"ansible-playbook/defaults": "schemas/external/ansible/vars.json",
}

// knownMisses lists test files whose verdict differs for a documented
// reason (docs/conformance.md); anything else that differs fails the test.
var knownMisses = map[string]string{}

// TestSchemaStoreConformance: every positive test of every schema gives no
// diagnostic, every negative test at least one.
func TestSchemaStoreConformance(t *testing.T) {
	root := filepath.Join(corpus.Dir(t), "schemastore")
	mirror := map[string]string{}
	for u, p := range urlMap(t, root) {
		mirror[u] = filepath.Join(root, p)
	}
	store := schemas.NewStore()
	store.Mirror = mirror
	r := runSuites(t, root, store, func(name, rel string) string {
		file, frag, _ := strings.Cut(rel, "#")
		url := "file://" + filepath.ToSlash(filepath.Join(root, file))
		if frag != "" {
			url += "#" + frag
		}
		return url
	})
	t.Logf("SchemaStore conformance: positive %d/%d clean, negative %d/%d rejected", r.posOK, r.posAll, r.negOK, r.negAll)
	for _, f := range r.failures {
		t.Error(f)
	}
}

func urlMap(t *testing.T, root string) map[string]string {
	m := map[string]string{}
	if data, err := os.ReadFile(filepath.Join(root, "url-map.json")); err == nil {
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

type suiteResult struct {
	posOK, posAll, negOK, negAll int
	failures                     []string
}

// runSuites runs every tests/<name> (must validate) and negative_tests/<name>
// (must fail) folder against the schema at schemaURL(name, corpus-relative
// schema file[#fragment]).
func runSuites(t *testing.T, root string, store *schemas.Store, schemaURL func(name, rel string) string) suiteResult {
	dirs, _ := filepath.Glob(filepath.Join(root, "tests", "*"))
	sort.Strings(dirs)
	var r suiteResult
	for _, dir := range dirs {
		name := filepath.Base(dir)
		rel, ok := schemaFor[name]
		if !ok {
			rel = "schemas/" + name + ".json"
		}
		sch, err := store.Compile(schemaURL(name, rel))
		if err != nil {
			r.failures = append(r.failures, name+": "+err.Error())
			continue
		}
		for _, neg := range []bool{false, true} {
			base := dir
			if neg {
				base = filepath.Join(root, "negative_tests", name)
			}
			_ = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return nil
				}
				ext := strings.ToLower(filepath.Ext(p))
				if ext != ".yaml" && ext != ".yml" && ext != ".json" {
					return nil
				}
				src, err := os.ReadFile(p)
				if err != nil {
					t.Error(err)
					return nil
				}
				sch := sch
				relDir, _ := filepath.Rel(filepath.Dir(base), filepath.Dir(p))
				if alt, ok := subdirSchema[filepath.ToSlash(relDir)]; ok {
					if sch, err = store.Compile(schemaURL(name, alt)); err != nil {
						t.Error(err)
						return nil
					}
				}
				f := yamlfile.Parse(p, src, yamlfile.Options{})
				var ds []diag.Diagnostic
				ds = append(ds, f.Syntax...)
				for _, doc := range f.Docs {
					ds = append(ds, store.Validate(sch, f, doc)...)
				}
				relp, _ := filepath.Rel(root, p)
				if neg {
					r.negAll++
					if len(ds) > 0 {
						r.negOK++
					} else if reason, ok := knownMisses[relp]; ok {
						t.Logf("known miss %s: %s", relp, reason)
					} else {
						r.failures = append(r.failures, relp+": negative test gave no diagnostic")
					}
				} else {
					r.posAll++
					if len(ds) == 0 {
						r.posOK++
					} else if reason, ok := knownMisses[relp]; ok {
						t.Logf("known miss %s: %s", relp, reason)
					} else {
						p := f.Lines.Position(ds[0].Range.Start)
						r.failures = append(r.failures, fmt.Sprintf("%s:%d:%d: positive test: %s [%s]", relp, p.Line, p.Column, ds[0].Message, ds[0].Code))
					}
				}
				return nil
			})
		}
	}
	return r
}
