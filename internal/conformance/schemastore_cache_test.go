package conformance

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/schemas/schematest"
)

// TestSchemaStoreThroughCache runs the SchemaStore suites the way a user
// with remote access gets them: SchemaStore's catalog and every schema
// (and what it references) downloaded on first use from a loopback TLS
// server serving the corpus files under their published URLs, into an
// empty cache; then again with the server down, from the cache alone.
func TestSchemaStoreThroughCache(t *testing.T) {
	root := filepath.Join(corpus.Dir(t), "schemastore")
	srv := schematest.New(t)
	byFile := map[string][]string{}
	for u, p := range urlMap(t, root) {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		srv.Put(u, data)
		if rest, ok := strings.CutPrefix(u, "https://json.schemastore.org/"); ok {
			srv.Put("https://www.schemastore.org/"+rest, data) // the catalog's host
		}
		byFile[p] = append(byFile[p], u)
	}
	catalog, err := os.ReadFile(filepath.Join(root, "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Put(schemas.DefaultSchemaStoreURL, catalog)

	cache := t.TempDir()
	var notes []string
	newStore := func() *schemas.Store {
		s := schemas.NewStore()
		s.AllowRemote, s.CacheDir, s.Client = true, cache, srv.Client
		s.Notify = func(m string) { notes = append(notes, m) }
		return s
	}
	store := newStore()
	rules, err := store.SchemaStoreRules("")
	if err != nil {
		t.Fatal(err)
	}
	inCatalog := map[string]bool{}
	for _, r := range rules {
		inCatalog[r.URL] = true
	}
	// A suite's schema by its published URL: the catalog's when it lists
	// one, else the URL others $ref it by.
	schemaURL := func(name, rel string) string {
		file, frag, _ := strings.Cut(rel, "#")
		urls := append([]string(nil), byFile[file]...)
		sort.Strings(urls)
		pick := ""
		for _, u := range urls {
			www := strings.Replace(u, "https://json.schemastore.org/", "https://www.schemastore.org/", 1)
			switch {
			case inCatalog[www]:
				pick = www
			case inCatalog[u]:
				pick = u
			}
			if pick != "" {
				break
			}
		}
		if pick == "" && len(urls) > 0 {
			pick = urls[0]
		}
		if pick == "" {
			t.Errorf("%s: %s has no published URL in url-map.json", name, file)
			return "https://missing.invalid/" + file
		}
		if frag != "" {
			pick += "#" + frag
		}
		return pick
	}
	online := runSuites(t, root, store, schemaURL)
	t.Logf("through the cache path, online: positive %d/%d clean, negative %d/%d rejected (%d requests)",
		online.posOK, online.posAll, online.negOK, online.negAll, srv.Requests())

	srv.SetDown(true)
	before := srv.Requests()
	offline := runSuites(t, root, newStore(), schemaURL)
	t.Logf("from the cache, server down: positive %d/%d clean, negative %d/%d rejected (%d requests)",
		offline.posOK, offline.posAll, offline.negOK, offline.negAll, srv.Requests()-before)
	if !sameResult(offline, online) {
		t.Errorf("offline result differs: %+v vs %+v", offline, online)
	}
	if srv.Requests() != before {
		t.Errorf("fresh cache still requested %d times", srv.Requests()-before)
	}
	for _, f := range online.failures {
		t.Error(f)
	}
	if len(notes) != 0 {
		t.Errorf("notices: %q", notes)
	}
}

func sameResult(a, b suiteResult) bool {
	return a.posOK == b.posOK && a.posAll == b.posAll && a.negOK == b.negOK && a.negAll == b.negAll &&
		strings.Join(a.failures, "\n") == strings.Join(b.failures, "\n")
}
