// Package suggest finds the closest known name to a misspelt one, for
// "did you mean" hints in schema errors and cross-reference rules.
package suggest

import (
	"sort"
	"strings"
)

// Closest returns the candidate nearest to name, or "" when none is close
// enough to be a plausible typo.
func Closest(name string, candidates []string) string {
	if name == "" || len(candidates) == 0 {
		return ""
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted) // ties resolve the same way on every run
	lname := strings.ToLower(name)
	best, bestDist := "", -1
	for _, c := range sorted {
		if c == name {
			continue
		}
		lc := strings.ToLower(c)
		if lc == lname || normalize(lc) == normalize(lname) {
			return c // differs only in case or in -/_ separators
		}
		d := distance(lname, lc)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len(name) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	if bestDist >= 0 && bestDist <= limit {
		return best
	}
	return ""
}

func normalize(s string) string {
	return strings.NewReplacer("-", "", "_", "", ".", "").Replace(s)
}

// distance is the optimal-string-alignment edit distance (Levenshtein with
// adjacent transpositions, the commonest typo).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 {
		return len(rb)
	}
	if len(rb) == 0 {
		return len(ra)
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
