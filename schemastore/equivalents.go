package schemastore

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// Equivalent returns the bundled schema that stands in for a well-known
// remote schema URL (a SchemaStore URL named in a modeline, for instance),
// so files naming it are still checked offline. Catalog entries list such
// URLs in an "equivalents" array next to "url".
func Equivalent(url string) (string, bool) {
	equivOnce.Do(loadEquivalents)
	u := strings.TrimSuffix(stripFragmentAndQuery(url), "/")
	b, ok := equivalents[u]
	return b, ok
}

var (
	equivOnce   sync.Once
	equivalents map[string]string
)

func loadEquivalents() {
	equivalents = map[string]string{}
	names, _ := fs.Glob(files, "catalog/*.json")
	sort.Strings(names)
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			continue
		}
		var c struct {
			Schemas []struct {
				URL         string   `json:"url"`
				Equivalents []string `json:"equivalents"`
			} `json:"schemas"`
		}
		if json.Unmarshal(data, &c) != nil {
			continue
		}
		for _, e := range c.Schemas {
			for _, q := range e.Equivalents {
				if _, dup := equivalents[q]; !dup {
					equivalents[q] = e.URL
				}
			}
		}
	}
}

func stripFragmentAndQuery(u string) string {
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		return u[:i]
	}
	return u
}
