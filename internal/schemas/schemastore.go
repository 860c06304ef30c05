package schemas

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/schemastore"
)

// DefaultSchemaStoreURL is SchemaStore's catalog, consulted after the
// built-in catalog when the user allows it.
const DefaultSchemaStoreURL = "https://www.schemastore.org/api/json/catalog.json"

// SchemaStoreRules reads SchemaStore's catalog (or another in its format)
// through the store's download path: from the cache while fresh,
// revalidated when old, from the cache when offline; without remote access
// only a cached copy is read.
func (s *Store) SchemaStoreRules(catalogURL string) ([]Rule, error) {
	if catalogURL == "" {
		catalogURL = DefaultSchemaStoreURL
	}
	c, err := s.schemaStoreCatalog(catalogURL)
	if err != nil {
		return nil, err
	}
	return catalogRules(c, "", "schemastore"), nil
}

func (s *Store) schemaStoreCatalog(catalogURL string) (*schemastore.Catalog, error) {
	data, err := s.fetch(catalogURL)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", catalogURL, err)
	}
	var c schemastore.Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("catalog %s: not a catalog: %v", catalogURL, err)
	}
	return &c, nil
}

// UpdateResult says what UpdateSchemaStore fetched.
type UpdateResult struct {
	Catalog string
	Schemas []string         // schema URLs of YAML file types, fetched with their references
	Failed  map[string]error // by schema URL
}

// UpdateSchemaStore downloads the catalog and, for every entry whose file
// patterns name YAML files, the schema and what it references, into the
// cache, revalidating what is already there. A machine prepared this way
// works offline afterwards.
func (s *Store) UpdateSchemaStore(catalogURL string, progress func(done, total int, url string, err error)) (UpdateResult, error) {
	if catalogURL == "" {
		catalogURL = DefaultSchemaStoreURL
	}
	res := UpdateResult{Catalog: catalogURL, Failed: map[string]error{}}
	s.Refresh = true
	defer func() { s.Refresh = false }()
	c, err := s.schemaStoreCatalog(catalogURL)
	if err != nil {
		return res, err
	}
	seen := map[string]bool{}
	for _, e := range c.Schemas {
		if e.URL == "" || seen[e.URL] || !yamlFileType(e.FileMatch) {
			continue
		}
		seen[e.URL] = true
		res.Schemas = append(res.Schemas, e.URL)
	}
	sort.Strings(res.Schemas)
	for i, u := range res.Schemas {
		_, err := s.Compile(u)
		if err != nil {
			res.Failed[u] = err
		}
		if progress != nil {
			progress(i+1, len(res.Schemas), u, err)
		}
	}
	return res, nil
}

// yamlFileType reports whether catalog file patterns name YAML files.
func yamlFileType(patterns []string) bool {
	for _, p := range patterns {
		l := strings.ToLower(p)
		if strings.Contains(l, ".yml") || strings.Contains(l, ".yaml") || strings.HasSuffix(l, "yamllint") {
			return true
		}
	}
	return false
}
