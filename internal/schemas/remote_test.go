package schemas_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/schemas/schematest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

const (
	testCatalog = "https://www.schemastore.org/api/json/catalog.json"
	drone       = "https://www.schemastore.org/drone.json"
	k8sDefs     = "https://json.schemastore.org/kubernetes-definitions.json"
)

// A catalog and two schemas built here: drone.json refers to
// kubernetes-definitions.json by a relative $ref (resolved against its $id
// on json.schemastore.org), as SchemaStore's drone schema does.
func internet(t *testing.T) *schematest.Server {
	srv := schematest.New(t)
	srv.Put(testCatalog, []byte(`{"schemas": [
		{"name": "drone", "fileMatch": [".drone.yml"], "url": "`+drone+`"},
		{"name": "json only", "fileMatch": ["*.json5"], "url": "https://www.schemastore.org/other.json"}]}`))
	srv.Put(drone, []byte(`{"$id": "https://json.schemastore.org/drone.json", "type": "object",
		"properties": {"kind": {"enum": ["pipeline"]}, "meta": {"$ref": "kubernetes-definitions.json#/definitions/meta"}}}`))
	srv.Put(k8sDefs, []byte(`{"$id": "`+k8sDefs+`", "definitions": {"meta": {"type": "object", "required": ["name"]}}}`))
	return srv
}

func newStore(srv *schematest.Server, cache string, remote bool) (*schemas.Store, *[]string) {
	s := schemas.NewStore()
	s.AllowRemote, s.CacheDir, s.Client = remote, cache, srv.Client
	var notes []string
	s.Notify = func(m string) { notes = append(notes, m) }
	return s, &notes
}

func check(t *testing.T, s *schemas.Store, url, src string) []string {
	t.Helper()
	sch, err := s.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", url, err)
	}
	f := yamlfile.Parse("x.yml", []byte(src), yamlfile.Options{})
	var msgs []string
	for _, d := range f.Docs {
		for _, dg := range s.Validate(sch, f, d) {
			msgs = append(msgs, dg.Message)
		}
	}
	return msgs
}

func TestSchemaStoreFirstRunFetchesThenOffline(t *testing.T) {
	srv := internet(t)
	cache := t.TempDir()
	s, notes := newStore(srv, cache, true)
	rules, err := s.SchemaStoreRules(testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	a := &schemas.Associator{Catalogs: [][]schemas.Rule{rules}}
	as, ok := a.Associate("/repo/.drone.yml", nil)
	if !ok || as.URL != drone {
		t.Fatalf("association: %v %v", as, ok)
	}
	got := check(t, s, drone, "kind: pipelin\nmeta: {}\n")
	if len(got) != 2 || !strings.Contains(strings.Join(got, "|"), `missing required property "name"`) {
		t.Fatalf("drone schema with its reference: %v", got)
	}
	if srv.Hits(k8sDefs) != 1 || srv.Hits(drone) != 1 || srv.Hits(testCatalog) != 1 {
		t.Fatalf("first run: catalog %d, drone %d, defs %d requests", srv.Hits(testCatalog), srv.Hits(drone), srv.Hits(k8sDefs))
	}
	if len(*notes) != 0 {
		t.Errorf("notices online: %v", *notes)
	}

	// Second run, server down: everything from the cache, without a request
	// (fresh copies are not revalidated) and without a notice.
	srv.SetDown(true)
	before := srv.Requests()
	s2, notes2 := newStore(srv, cache, true)
	if _, err := s2.SchemaStoreRules(testCatalog); err != nil {
		t.Fatal(err)
	}
	if got := check(t, s2, drone, "kind: pipeline\nmeta: {}\n"); len(got) != 1 {
		t.Fatalf("offline from cache: %v", got)
	}
	if srv.Requests() != before || len(*notes2) != 0 {
		t.Errorf("fresh cache: %d requests, notices %v", srv.Requests()-before, *notes2)
	}

	// Without remote access the cache is still read (nothing is fetched).
	s3, _ := newStore(srv, cache, false)
	if got := check(t, s3, drone, "kind: pipeline\nmeta: {name: x}\n"); len(got) != 0 {
		t.Fatalf("cache without remote: %v", got)
	}
}

func TestSchemaStoreRevalidatesAndFallsBack(t *testing.T) {
	srv := internet(t)
	cache := t.TempDir()
	s, _ := newStore(srv, cache, true)
	if _, err := s.SchemaStoreRules(testCatalog); err != nil {
		t.Fatal(err)
	}
	check(t, s, drone, "kind: pipeline\n")

	// Expired (max age 1ns): conditional requests, answered 304 (drone.json
	// and the definitions it references).
	s2, notes := newStore(srv, cache, true)
	s2.MaxAge = time.Nanosecond
	check(t, s2, drone, "kind: pipeline\n")
	if srv.Hits(drone) != 2 || srv.NotModified() != 2 {
		t.Fatalf("revalidation: %d requests, %d not modified", srv.Hits(drone), srv.NotModified())
	}
	// A changed file is downloaded again.
	srv.Put(drone, []byte(`{"type": "object", "required": ["steps"]}`))
	s3, _ := newStore(srv, cache, true)
	s3.MaxAge = time.Nanosecond
	if got := check(t, s3, drone, "kind: pipeline\n"); len(got) != 1 || !strings.Contains(got[0], "steps") {
		t.Fatalf("changed schema not refetched: %v", got)
	}
	// The server fails: the expired copy is used, and the user told once.
	srv.SetDown(true)
	s4, notes4 := newStore(srv, cache, true)
	s4.MaxAge = time.Nanosecond
	if _, err := s4.SchemaStoreRules(testCatalog); err != nil {
		t.Fatal(err)
	}
	if got := check(t, s4, drone, "kind: pipeline\n"); len(got) != 1 {
		t.Fatalf("fallback: %v", got)
	}
	if len(*notes4) != 1 || !strings.Contains((*notes4)[0], "working offline from the schema cache") {
		t.Errorf("want one offline notice, got %q", *notes4)
	}
	if len(*notes) != 0 {
		t.Errorf("notices on 304: %v", *notes)
	}
	// Nothing cached and the server down: an error, not a hang.
	s5, _ := newStore(srv, t.TempDir(), true)
	if _, err := s5.SchemaStoreRules(testCatalog); err == nil {
		t.Error("no cache, server down: no error")
	}
}

func TestUpdateSchemaStore(t *testing.T) {
	srv := internet(t)
	cache := t.TempDir()
	s, _ := newStore(srv, cache, true)
	res, err := s.UpdateSchemaStore(testCatalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Schemas) != 1 || res.Schemas[0] != drone || len(res.Failed) != 0 {
		t.Fatalf("update: %+v", res)
	}
	// Prepared once; now without network or opt-in, drone.json and the
	// definitions it references resolve from the cache.
	srv.SetDown(true)
	s2, _ := newStore(srv, cache, false)
	if got := check(t, s2, drone, "meta: {}\n"); len(got) != 1 {
		t.Fatalf("after update, offline: %v", got)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) < 6 { // catalog, drone, definitions, each with .meta
		t.Errorf("cache holds %d files", len(entries))
	}
}

// --ref: a schema that $refs a published schema works offline when that
// schema is given as a local file (registered under its $id).
func TestRefsResolveOffline(t *testing.T) {
	dir := t.TempDir()
	refs := filepath.Join(dir, "refs")
	if err := os.MkdirAll(refs, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, body string) {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(refs, "defs.json"), `{"$id": "`+k8sDefs+`", "definitions": {"meta": {"type": "object", "required": ["name"]}}}`)
	write(filepath.Join(dir, "drone.json"), `{"$id": "https://json.schemastore.org/drone.json", "properties": {"meta": {"$ref": "kubernetes-definitions.json#/definitions/meta"}}}`)
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "drone.json"))

	s := schemas.NewStore()
	s.CacheDir = t.TempDir()
	if _, err := s.Compile(url); err == nil || !strings.Contains(err.Error(), "remote schemas are not fetched") {
		t.Fatalf("without --ref: %v", err)
	}
	s = schemas.NewStore()
	s.CacheDir = t.TempDir()
	ids, err := s.AddRefs(refs)
	if err != nil || len(ids) != 1 || ids[0] != k8sDefs {
		t.Fatalf("AddRefs: %v %v", ids, err)
	}
	if got := check(t, s, url, "meta: {}\n"); len(got) != 1 || !strings.Contains(got[0], `"name"`) {
		t.Fatalf("with --ref: %v", got)
	}
}

// The download path through the hardened client (safehttp): the loopback
// server is refused unless private networks are allowed; allowed, the
// conditional revalidation works through it too.
func TestSchemaStoreThroughSafeHTTP(t *testing.T) {
	srv := schematest.New(t)
	url := srv.TLS.URL + "/s.json"
	srv.Put(url, []byte(`{"required": ["a"]}`))
	pool := x509.NewCertPool()
	pool.AddCert(srv.TLS.Certificate())

	s := schemas.NewStore()
	s.AllowRemote, s.CacheDir, s.RootCAs = true, t.TempDir(), pool
	if _, err := s.Compile(url); err == nil {
		t.Fatal("loopback fetched without --allow-private-network")
	}
	if srv.Requests() != 0 {
		t.Fatalf("refused fetch reached the server (%d requests)", srv.Requests())
	}
	cache := t.TempDir()
	for i := 0; i < 2; i++ {
		s := schemas.NewStore()
		s.AllowRemote, s.AllowPrivateNetwork, s.CacheDir, s.RootCAs = true, true, cache, pool
		s.MaxAge = time.Nanosecond // the second store revalidates
		if got := check(t, s, url, "b: 1\n"); len(got) != 1 {
			t.Fatalf("run %d: %v", i, got)
		}
	}
	if srv.Hits(url) != 2 || srv.NotModified() != 1 {
		t.Errorf("%d requests, %d answered 304", srv.Hits(url), srv.NotModified())
	}
}
