package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/suggest"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Helpers shared by the pipeline cross-reference rules (github-*, gitlab-*,
// compose-*): finding the documents of one format, walking mappings in
// source order, and reporting an unknown name with "did you mean".

// docsWithSchema returns the roots of the documents validated against a
// schema whose URL ends with name (e.g. "github-workflow.json").
func docsWithSchema(p *Pass, name string) []*yamlfile.Node {
	var out []*yamlfile.Node
	for _, d := range p.Docs {
		if d.SchemaIs(name) && d.Doc != nil && d.Doc.Root != nil && d.Doc.Root.Kind == yamlfile.Mapping {
			out = append(out, d.Doc.Root)
		}
	}
	return out
}

// mappingEntries returns a mapping's values in source order (each carries
// its Key and KeyRange); nil for any other node.
func mappingEntries(n *yamlfile.Node) []*yamlfile.Node {
	if n == nil || n.Kind != yamlfile.Mapping {
		return nil
	}
	return n.Children
}

// stringItems returns the string scalars of a sequence, or the node itself
// when it is a single string scalar.
func stringItems(n *yamlfile.Node) []*yamlfile.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yamlfile.Scalar:
		if _, ok := n.String(); ok {
			return []*yamlfile.Node{n}
		}
	case yamlfile.Sequence:
		var out []*yamlfile.Node
		for _, c := range n.Children {
			if _, ok := c.String(); ok && c.Kind == yamlfile.Scalar {
				out = append(out, c)
			}
		}
		return out
	}
	return nil
}

// didYouMean formats " (did you mean "x"?)" when a known name is close.
func didYouMean(name string, known []string) string {
	if s := suggest.Closest(name, known); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// reportUnknown reports name (at rng) as undefined, with a suggestion and a
// quick fix when a known name is close.
func reportUnknown(p *Pass, rng diag.Range, format, name string, known []string) {
	d := diag.Diagnostic{Range: rng, Message: fmt.Sprintf(format, name)}
	if s := suggest.Closest(name, known); s != "" {
		d.Message += fmt.Sprintf("; did you mean %q?", s)
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Change to %q", s), Edits: []diag.TextEdit{{Range: rng, NewText: s}}}}
	}
	p.Report(d)
}

// scalarTextRange returns the source range of a string scalar's text,
// without the quotes of a quoted scalar, so edits replace the name only.
func scalarTextRange(src []byte, n *yamlfile.Node) diag.Range {
	r := n.Range
	if n.Style == yamlfile.SingleQuoted || n.Style == yamlfile.DoubleQuoted {
		if r.End-r.Start >= 2 && r.End <= len(src) {
			return diag.Range{Start: r.Start + 1, End: r.End - 1}
		}
	}
	// Tags and anchors precede the text: find it.
	if s, ok := n.String(); ok && r.End <= len(src) {
		if i := bytes.Index(src[r.Start:r.End], []byte(s)); i >= 0 {
			return diag.Range{Start: r.Start + i, End: r.Start + i + len(s)}
		}
	}
	return r
}

// findInNode returns the source range of the k-th occurrence (0-based) of
// text inside n's source, or n's range when it is not there verbatim (a
// folded or escaped scalar).
func findInNode(src []byte, n *yamlfile.Node, text string, k int) diag.Range {
	r := n.Range
	if r.Start < 0 || r.End > len(src) || r.Start > r.End {
		return r
	}
	seg := src[r.Start:r.End]
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(seg[off:], []byte(text))
		if j < 0 {
			return r
		}
		if i == k {
			return diag.Range{Start: r.Start + off + j, End: r.Start + off + j + len(text)}
		}
		off += j + len(text)
	}
}

// keysOf returns the keys of a mapping, sorted.
func keysOf(n *yamlfile.Node) []string {
	var out []string
	for _, c := range mappingEntries(n) {
		out = append(out, c.Key)
	}
	sort.Strings(out)
	return out
}

// hasExpression reports whether s holds a template/interpolation the rule
// cannot resolve statically (${{ }}, $VAR, $[[ ]]).
func hasExpression(s string) bool {
	return strings.Contains(s, "$")
}
