package yamlfile

import (
	"fmt"
	"math"
	"sort"
)

// SameData reports whether b holds the same documents and values as a:
// what --fix must preserve.
func SameData(a, b *File) bool { return DataDiff(a, b) == "" }

// DataDiff is "" when b holds the same documents and values as a, else
// where they first differ. A file with a syntax error holds no data to
// compare, so b may not have more of them than a.
func DataDiff(a, b *File) string {
	if a == nil || b == nil {
		if a == b {
			return ""
		}
		return "one of the texts was not parsed"
	}
	if len(b.Syntax) > len(a.Syntax) {
		return "fixed file has a syntax error: " + b.Syntax[0].Message
	}
	if len(a.Docs) != len(b.Docs) {
		return fmt.Sprintf("%d documents became %d", len(a.Docs), len(b.Docs))
	}
	for i := range a.Docs {
		if where := firstDiff(a.Docs[i].Value(), b.Docs[i].Value(), "", 0); where != "" {
			return fmt.Sprintf("document %d differs at %s", i+1, where)
		}
	}
	return ""
}

// firstDiff returns the path of the first difference ("" if none); NaN
// equals NaN. depth stops a runaway comparison of alias-shared values,
// which the parser bounds.
func firstDiff(x, y any, path string, depth int) string {
	if depth > 10_000 {
		return orRoot(path) + ": nested too deep to compare"
	}
	switch a := x.(type) {
	case map[string]any:
		b, ok := y.(map[string]any)
		if !ok || len(a) != len(b) {
			return fmt.Sprintf("%s: %.80v != %.80v", orRoot(path), x, y)
		}
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w, ok := b[k]
			if !ok {
				return fmt.Sprintf("%s/%s: key gone", path, k)
			}
			if d := firstDiff(a[k], w, path+"/"+k, depth+1); d != "" {
				return d
			}
		}
		return ""
	case []any:
		b, ok := y.([]any)
		if !ok || len(a) != len(b) {
			return fmt.Sprintf("%s: %.80v != %.80v", orRoot(path), x, y)
		}
		for i := range a {
			if d := firstDiff(a[i], b[i], fmt.Sprintf("%s/%d", path, i), depth+1); d != "" {
				return d
			}
		}
		return ""
	case float64:
		if b, ok := y.(float64); ok && (a == b || (math.IsNaN(a) && math.IsNaN(b))) {
			return ""
		}
	default:
		if x == y {
			return ""
		}
	}
	return fmt.Sprintf("%s: %q (%T) became %q (%T)", orRoot(path), fmt.Sprint(x), x, fmt.Sprint(y), y)
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
