package yamlfile

import "math"

// SameData reports whether b holds the same documents and values as a:
// what --fix must preserve. A file with a syntax error holds no data to
// compare, so b must parse cleanly whenever a did.
func SameData(a, b *File) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(b.Syntax) > len(a.Syntax) || (len(a.Syntax) == 0 && len(b.Syntax) > 0) {
		return false
	}
	if len(a.Docs) != len(b.Docs) {
		return false
	}
	for i := range a.Docs {
		if !sameValue(a.Docs[i].Value(), b.Docs[i].Value(), 0) {
			return false
		}
	}
	return true
}

// sameValue compares two documents' values (NaN equals NaN); depth stops
// a runaway comparison of alias-shared values, which the parser bounds.
func sameValue(x, y any, depth int) bool {
	if depth > 10_000 {
		return false
	}
	switch a := x.(type) {
	case map[string]any:
		b, ok := y.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !sameValue(v, w, depth+1) {
				return false
			}
		}
		return true
	case []any:
		b, ok := y.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i], depth+1) {
				return false
			}
		}
		return true
	case float64:
		b, ok := y.(float64)
		return ok && (a == b || (math.IsNaN(a) && math.IsNaN(b)))
	default:
		return x == y
	}
}
