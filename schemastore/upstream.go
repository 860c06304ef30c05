package schemastore

import (
	"encoding/json"
	"strings"
	"sync"

	_ "embed"
)

// upstream.json maps the URLs of well-known published schemas (SchemaStore,
// GitLab, Microsoft) to the bundled schema written for the same format.
// Files whose modeline or config names such a URL are then checked offline
// with our schema instead of failing for want of the network.
//
//go:embed upstream.json
var upstreamJSON []byte

var (
	upstreamOnce sync.Once
	upstreamMap  map[string]string
)

// Upstream returns the bundled schema URL standing in for a well-known
// published schema URL.
func Upstream(url string) (string, bool) {
	upstreamOnce.Do(func() {
		if err := json.Unmarshal(upstreamJSON, &upstreamMap); err != nil {
			panic("schemastore/upstream.json: " + err.Error())
		}
	})
	key := strings.TrimSuffix(url, "#")
	key = strings.Replace(key, "http://", "https://", 1)
	key = strings.Replace(key, "://www.schemastore.org/", "://json.schemastore.org/", 1)
	key = strings.Replace(key, "://schemastore.org/json/", "://json.schemastore.org/", 1)
	name, ok := upstreamMap[key]
	if !ok {
		return "", false
	}
	return BaseURL + name, true
}

// UpstreamURLs lists the mapped URLs (for tests and docs).
func UpstreamURLs() map[string]string {
	Upstream("")
	out := make(map[string]string, len(upstreamMap))
	for k, v := range upstreamMap {
		out[k] = BaseURL + v
	}
	return out
}
