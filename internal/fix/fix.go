// Package fix applies the text edits that diagnostics carry. It is the one
// implementation behind `yamlint --fix` and the language server's quick
// fixes: rules describe a fix once, as byte-range edits, and this package
// applies them.
package fix

import (
	"bytes"
	"slices"
	"sort"

	"github.com/yamlint/yamlint/internal/diag"
)

// candidate is one fix (all its edits or none) from one diagnostic.
type candidate struct {
	edits []diag.TextEdit // sorted by position
	order int             // position of the diagnostic in the input
	code  string
}

// Apply applies the first fix of every diagnostic to src and returns the
// result and how many fixes were applied. A fix is applied whole or not at
// all. When fixes overlap, the one starting first wins (ties: the lower
// code, then the earlier diagnostic); the others are left for the next pass
// over the re-checked output. Edits that would touch the byte order mark
// or fall outside src are dropped. In a file whose line breaks are all
// CRLF, "\n" in inserted text becomes "\r\n" unless the edit itself
// replaces a "\r" (a fix about line endings).
func Apply(src []byte, diags []diag.Diagnostic) ([]byte, int) {
	bom := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		bom = 3
	}
	crlf := allCRLF(src)
	var cands []candidate
	for i, d := range diags {
		if len(d.Fixes) == 0 || len(d.Fixes[0].Edits) == 0 {
			continue
		}
		edits := append([]diag.TextEdit(nil), d.Fixes[0].Edits...)
		ok := true
		for j, e := range edits {
			if e.Range.Start < bom || e.Range.End < e.Range.Start || e.Range.End > len(src) {
				ok = false
				break
			}
			if crlf && !bytes.Contains(src[e.Range.Start:e.Range.End], []byte("\r")) {
				edits[j].NewText = toCRLF(e.NewText)
			}
		}
		if !ok {
			continue
		}
		sort.SliceStable(edits, func(a, b int) bool { return edits[a].Range.Start < edits[b].Range.Start })
		if overlapsAny(edits[:0], edits) {
			continue // a fix whose own edits collide is malformed
		}
		cands = append(cands, candidate{edits: edits, order: i, code: d.Code})
	}
	sort.SliceStable(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if x.edits[0].Range.Start != y.edits[0].Range.Start {
			return x.edits[0].Range.Start < y.edits[0].Range.Start
		}
		if x.edits[0].Range.End != y.edits[0].Range.End {
			return x.edits[0].Range.End < y.edits[0].Range.End
		}
		if x.code != y.code {
			return x.code < y.code
		}
		return x.order < y.order
	})
	// accepted stays sorted and free of conflicts; candidates arrive in
	// position order, so inserts land near its end.
	var accepted []diag.TextEdit
	applied := 0
	for _, c := range cands {
		if conflictsSorted(accepted, c.edits) {
			continue
		}
		for _, e := range c.edits {
			i := sort.Search(len(accepted), func(i int) bool { return before(e, accepted[i]) })
			accepted = slices.Insert(accepted, i, e)
		}
		applied++
	}
	if applied == 0 {
		return src, 0
	}
	var out bytes.Buffer
	out.Grow(len(src))
	pos := 0
	for _, e := range accepted {
		out.Write(src[pos:e.Range.Start])
		out.WriteString(e.NewText)
		pos = e.Range.End
	}
	out.Write(src[pos:])
	return out.Bytes(), applied
}

// before orders edits by start; at one offset an insertion goes before a
// replacement starting there, so both keep their meaning.
func before(a, b diag.TextEdit) bool {
	if a.Range.Start != b.Range.Start {
		return a.Range.Start < b.Range.Start
	}
	return a.Range.Empty() && !b.Range.Empty()
}

// conflictsSorted reports whether any of edits conflicts with the sorted,
// non-overlapping accepted edits. Their ends are non-decreasing, so only
// the neighbours of each edit's position need checking.
func conflictsSorted(accepted, edits []diag.TextEdit) bool {
	for _, e := range edits {
		i := sort.Search(len(accepted), func(i int) bool { return accepted[i].Range.Start > e.Range.Start })
		for j := i - 1; j >= 0 && accepted[j].Range.End >= e.Range.Start; j-- {
			if conflict(e.Range, accepted[j].Range) {
				return true
			}
		}
		for j := i; j < len(accepted) && accepted[j].Range.Start < e.Range.End; j++ {
			if conflict(e.Range, accepted[j].Range) {
				return true
			}
		}
	}
	return false
}

// overlapsAny reports whether any edit of b conflicts with an edit of a or
// with another edit of b. Two edits conflict when their ranges share a
// byte, when an insertion falls strictly inside a replaced range, or when
// two insertions are at the same offset (their order would be arbitrary).
func overlapsAny(a, b []diag.TextEdit) bool {
	for i, e := range b {
		for _, f := range a {
			if conflict(e.Range, f.Range) {
				return true
			}
		}
		for _, f := range b[i+1:] {
			if conflict(e.Range, f.Range) {
				return true
			}
		}
	}
	return false
}

func conflict(x, y diag.Range) bool {
	if x.Empty() && y.Empty() {
		return x.Start == y.Start
	}
	return x.Start < y.End && y.Start < x.End
}

// allCRLF reports whether src has line breaks and every one is CRLF.
func allCRLF(src []byte) bool {
	n := bytes.Count(src, []byte("\n"))
	return n > 0 && bytes.Count(src, []byte("\r\n")) == n
}

func toCRLF(s string) string {
	if !bytesContainsLF(s) {
		return s
	}
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' && (i == 0 || s[i-1] != '\r') {
			b.WriteByte('\r')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func bytesContainsLF(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return true
		}
	}
	return false
}

// Fixable keeps the diagnostics that have a fix of an allowed kind, each
// with only its allowed fixes: safe fixes, and suggestions too when unsafe is
// set (`--unsafe-fixes`). Suggestions are guesses ("did you mean ...?"): the
// editor offers them one by one, --fix never applies them unasked.
func Fixable(ds []diag.Diagnostic, unsafe bool) []diag.Diagnostic {
	out := make([]diag.Diagnostic, 0, len(ds))
	for _, d := range ds {
		var keep []diag.Fix
		for _, f := range d.Fixes {
			if f.Kind == diag.FixSafe || unsafe {
				keep = append(keep, f)
			}
		}
		if len(keep) > 0 {
			d.Fixes = keep
			out = append(out, d)
		}
	}
	return out
}
