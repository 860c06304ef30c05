package rules

import "github.com/yamlint/yamlint/internal/yamlfile"

// Forget drops the style data cached for f. The cache keeps the last files
// checked so that every rule of one file shares one token scan; a
// long-running caller (the language server, which checks a new version of a
// document on every edit) calls Forget once a check is done, so the cache
// does not keep up to 16 stale versions of a large file alive.
func Forget(f *yamlfile.File) {
	styleCache.Lock()
	defer styleCache.Unlock()
	for i, k := range styleCache.keys {
		if k == f {
			styleCache.keys = append(styleCache.keys[:i:i], styleCache.keys[i+1:]...)
			styleCache.vals = append(styleCache.vals[:i:i], styleCache.vals[i+1:]...)
			return
		}
	}
}
