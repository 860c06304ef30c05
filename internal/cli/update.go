package cli

import (
	"fmt"
	"io"
	"sort"

	"github.com/yamlint/yamlint/internal/schemas"
)

// updateSchemas fills the cache with SchemaStore's catalog and the schemas
// of its YAML file types (--update-schemas), so later runs work offline.
// Asking for it is the user's opt-in to the network.
func updateSchemas(o options, stdout, stderr io.Writer) int {
	store := schemas.NewStore()
	store.AllowRemote = true
	store.AllowPrivateNetwork = o.allowPrivate
	store.CacheDir = o.cacheDir
	store.MaxAge = o.cacheMaxAge
	store.Client = httpClient
	store.Notify = func(msg string) { fmt.Fprintf(stderr, "yamlint: %s\n", msg) }
	res, err := store.UpdateSchemaStore(o.schemaStoreURL, nil)
	if err != nil {
		fmt.Fprintf(stderr, "yamlint: --update-schemas: %v\n", err)
		return ExitFailure
	}
	failed := make([]string, 0, len(res.Failed))
	for u := range res.Failed {
		failed = append(failed, u)
	}
	sort.Strings(failed)
	for _, u := range failed {
		fmt.Fprintf(stderr, "yamlint: %s: %v\n", u, res.Failed[u])
	}
	fmt.Fprintf(stdout, "cached %s and %d of %d schemas for YAML file types in %s\n",
		res.Catalog, len(res.Schemas)-len(failed), len(res.Schemas), store.CacheDirOf())
	if len(failed) > 0 {
		return ExitProblems
	}
	return ExitOK
}
