package schemas

import (
	"path"
	"path/filepath"
	"testing"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/yamlint/yamlint/internal/corpus"
)

// BenchmarkAssociateSchemaStoreCatalog: one file against the built-in
// catalog and SchemaStore's (about 1,300 entries), matching none, the
// common case of a Kubernetes manifest (3 ms before file patterns were
// prepared once, 0.2 ms after, on the 2-core machine).
func BenchmarkAssociateSchemaStoreCatalog(b *testing.B) {
	rules, err := LoadCatalogFile(filepath.Join(corpus.Sub(b, "schemastore"), "catalog.json"))
	if err != nil {
		b.Skip(err)
	}
	builtin, _ := BuiltinRules()
	a := &Associator{Catalogs: [][]Rule{builtin, rules}}
	b.ReportMetric(float64(len(rules)), "rules")
	for i := 0; i < b.N; i++ {
		a.Associate("/repo/deploy/app/deployment.yaml", nil)
	}
}

// The prepared patterns agree with the catalog's meaning on paths every
// kind of pattern can match.
func TestPreparedPatternsAgree(t *testing.T) {
	rules, err := LoadCatalogFile(filepath.Join(corpus.Sub(t, "schemastore"), "catalog.json"))
	if err != nil {
		t.Skip(err)
	}
	paths := []string{"/r/mkdocs.yml", "/r/.github/workflows/ci.yml", "/r/a/.gitlab-ci.yml", "/r/x.gitlab-ci.yml",
		"/r/docker-compose.yml", "/r/.circleci/config.yml", "/r/Taskfile.yml", "/r/.drone.yml", "/r/codecov.yml",
		"/r/.github/codecov.yml", "/r/deploy/app.yaml", "/r/package.json", "/r/.golangci.yml", "/r/bitbucket-pipelines.yml"}
	a := &Associator{Catalogs: [][]Rule{rules}}
	found := 0
	for _, p := range paths {
		got, _ := a.Associate(p, nil)
		want := ""
		for _, r := range rules {
			if len(r.Content) == 0 && slowMatchAny(r.Patterns, p) {
				want = r.URL
				break
			}
		}
		if got.URL != want {
			t.Errorf("%s: %q, want %q", p, got.URL, want)
		}
		if want != "" {
			found++
		}
	}
	if found < 10 {
		t.Errorf("only %d of %d paths are in the catalog; the comparison says little", found, len(paths))
	}
}

// slowMatchAny is MatchAny as first written: every pattern globbed.
func slowMatchAny(patterns []string, p string) bool {
	matched := false
	for _, pat := range patterns {
		neg := len(pat) > 0 && pat[0] == '!'
		if neg {
			pat = pat[1:]
		}
		if slowMatchOne(pat, p) {
			if neg {
				return false
			}
			matched = true
		}
	}
	return matched
}

func slowMatchOne(pat, p string) bool {
	if len(pat) > 1 && pat[:2] == "./" {
		pat = pat[2:]
	}
	if !containsSlash(pat) {
		ok, _ := doublestar.Match(pat, path.Base(p))
		return ok
	}
	if pat[0] == '/' {
		ok, _ := doublestar.Match(pat, p)
		return ok
	}
	if len(pat) < 3 || pat[:3] != "**/" {
		pat = "**/" + pat
	}
	ok, _ := doublestar.Match(pat, p)
	return ok
}

func containsSlash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return true
		}
	}
	return false
}
