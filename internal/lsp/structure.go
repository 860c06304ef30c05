package lsp

import (
	"bytes"
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/internal/yamltok"
)

// Folding ranges, selection ranges and anchors: features that read the
// document's structure, never its schema.

// foldingRanges folds documents, multi-line mappings and sequences (from
// their key's line), block scalars and runs of comment lines. A document
// that does not parse folds by indentation, so folding keeps working while
// the text is mid-edit.
func (s *Server) foldingRanges(ctx context.Context, snap *snapshot) (any, error) {
	out := []protocol.FoldingRange{}
	if snap.doc == nil {
		return out, nil
	}
	f, _ := s.parsed(snap)
	lines := snap.lines
	used := map[int]bool{}
	add := func(start, end int, kind protocol.FoldingRangeKind) {
		sl, el := lines.Line(start), lines.Line(max(end-1, start))
		// The last line of a node may be only its line break.
		for el > sl && len(bytes.TrimSpace(lines.LineText(el))) == 0 {
			el--
		}
		if el <= sl || used[sl] {
			return
		}
		used[sl] = true
		out = append(out, protocol.FoldingRange{StartLine: uint32(sl), EndLine: uint32(el), Kind: kind})
	}
	var walk func(n *yamlfile.Node)
	walk = func(n *yamlfile.Node) {
		if n == nil || n.Alias {
			return
		}
		start := n.Range.Start
		if n.HasKey && n.KeyRange.Start < start {
			start = n.KeyRange.Start
		}
		switch {
		case n.Kind == yamlfile.Mapping || n.Kind == yamlfile.Sequence:
			add(start, n.Range.End, "")
			for _, c := range n.Children {
				if c.Range.Start >= n.Range.Start && c.Range.End <= n.Range.End {
					walk(c)
				}
			}
		case n.Style == yamlfile.Literal || n.Style == yamlfile.Folded:
			add(start, n.Range.End, "")
		}
	}
	for _, d := range f.Docs {
		if d.Root != nil {
			// The root's own fold would be the document's.
			for _, c := range d.Root.Children {
				if c.Range.Start >= d.Root.Range.Start && c.Range.End <= d.Root.Range.End {
					walk(c)
				}
			}
		} else if d.Broken {
			indentFolds(lines, d.Range, add)
		}
	}
	// A document folds from its "---" line.
	for _, d := range f.Docs {
		l := lines.Line(d.Range.Start)
		for l > 0 && !isDocMarker(lines.LineText(l)) {
			if t := bytes.TrimSpace(lines.LineText(l - 1)); len(t) == 0 || t[0] == '#' || isDocMarker(lines.LineText(l-1)) {
				l--
				continue
			}
			break
		}
		if isDocMarker(lines.LineText(l)) {
			add(lines.LineStart(l), d.Range.End, protocol.RegionFoldingRange)
		}
	}
	// Runs of two or more comment-only lines.
	runStart, runEnd := -1, -1
	flush := func() {
		if runStart >= 0 && runEnd > runStart {
			add(lines.LineStart(runStart), lines.LineEnd(runEnd), protocol.CommentFoldingRange)
		}
		runStart = -1
	}
	for _, c := range f.Comments() {
		l := lines.Line(c.Range.Start)
		if len(bytes.TrimSpace(snap.text[lines.LineStart(l):c.Range.Start])) != 0 {
			flush() // a comment after content
			continue
		}
		if runStart >= 0 && l == runEnd+1 {
			runEnd = l
			continue
		}
		flush()
		runStart, runEnd = l, l
	}
	flush()
	return out, nil
}

// indentFolds folds a range of lines by indentation: a line folds the
// lines after it that are indented deeper.
func indentFolds(lines *textpos.LineIndex, rng diag.Range, add func(start, end int, kind protocol.FoldingRangeKind)) {
	first, last := lines.Line(rng.Start), lines.Line(max(rng.End-1, rng.Start))
	indent := func(l int) int {
		t := lines.LineText(l)
		if len(bytes.TrimSpace(t)) == 0 {
			return -1
		}
		return len(t) - len(bytes.TrimLeft(t, " "))
	}
	for l := first; l <= last; l++ {
		in := indent(l)
		if in < 0 {
			continue
		}
		end := l
		for m := l + 1; m <= last; m++ {
			im := indent(m)
			if im < 0 {
				continue
			}
			if im <= in {
				break
			}
			end = m
		}
		if end > l {
			add(lines.LineStart(l), lines.LineEnd(end), "")
		}
	}
}

// selectionRanges answers, for each position, the chain scalar (or key) →
// key/value pair → enclosing collection → its key/value pair → ... →
// document → file.
func (s *Server) selectionRanges(ctx context.Context, snap *snapshot, positions []protocol.Position) (any, error) {
	out := []protocol.SelectionRange{}
	if snap.doc == nil {
		return out, nil
	}
	f, _ := s.parsed(snap)
	for _, p := range positions {
		off := toOffset(snap.lines, p)
		var chain []diag.Range // innermost first
		push := func(r diag.Range) {
			if r.End <= r.Start {
				return
			}
			if n := len(chain); n > 0 {
				last := chain[n-1]
				if r == last || r.Start > last.Start || r.End < last.End {
					return // parents must contain their children
				}
			}
			chain = append(chain, r)
		}
		d := docAt(f, off)
		if d != nil && d.Root != nil {
			path := nodePath(d.Root, off)
			for i := len(path) - 1; i >= 0; i-- {
				n := path[i]
				if i == len(path)-1 && n.HasKey && off >= n.KeyRange.Start && off <= n.KeyRange.End {
					push(n.KeyRange)
				}
				push(trimRange(snap.text, n.Range))
				if n.HasKey {
					push(trimRange(snap.text, diag.Range{Start: min(n.KeyRange.Start, n.Range.Start), End: max(n.Range.End, n.KeyRange.End)}))
				}
			}
		}
		if d != nil {
			push(trimRange(snap.text, d.Range))
		}
		push(diag.Range{Start: 0, End: len(snap.text)})
		var sel *protocol.SelectionRange
		for i := len(chain) - 1; i >= 0; i-- {
			sel = &protocol.SelectionRange{Range: toRange(snap.lines, chain[i]), Parent: sel}
		}
		if sel == nil {
			sel = &protocol.SelectionRange{Range: protocol.Range{Start: p, End: p}}
		}
		out = append(out, *sel)
	}
	return out, nil
}

// nodePath returns the nodes from root down to the innermost one whose
// value (or key) holds off.
func nodePath(root *yamlfile.Node, off int) []*yamlfile.Node {
	path := []*yamlfile.Node{root}
	n := root
	for {
		var next *yamlfile.Node
		for _, c := range n.Children {
			if c.Alias && !(off >= c.Range.Start && off <= c.Range.End) {
				continue
			}
			inVal := off >= c.Range.Start && off <= c.Range.End && c.Range.Start >= n.Range.Start && c.Range.End <= n.Range.End
			inKey := c.HasKey && off >= c.KeyRange.Start && off <= c.KeyRange.End
			if inVal || inKey {
				next = c
				break
			}
		}
		if next == nil || next.Alias {
			if next != nil {
				path = append(path, next)
			}
			return path
		}
		path = append(path, next)
		n = next
	}
}

// trimRange drops trailing whitespace and line breaks from a range.
func trimRange(src []byte, r diag.Range) diag.Range {
	for r.End > r.Start && r.End <= len(src) && (src[r.End-1] == '\n' || src[r.End-1] == '\r' || src[r.End-1] == ' ') {
		r.End--
	}
	return r
}

// anchorRef is one anchor (&name) or alias (*name) in a document.
type anchorRef struct {
	name   string
	rng    diag.Range // the whole token, & or * included
	anchor bool
}

// anchorGroup returns the anchor the token at off belongs to (itself, or
// the one an alias refers to: the last of that name before it) and every
// alias referring to it, anchor first. ok is false when off is on no
// anchor or alias.
func anchorGroup(src []byte, off int) (group []anchorRef, ok bool) {
	start, end := chunkAt(src, off)
	toks, _ := yamltok.Scan(src[start:end])
	var refs []anchorRef
	at := -1
	for _, t := range toks {
		if t.Kind != yamltok.Anchor && t.Kind != yamltok.Alias {
			continue
		}
		r := anchorRef{name: t.Value, rng: diag.Range{Start: start + t.Start.Offset, End: start + t.End.Offset}, anchor: t.Kind == yamltok.Anchor}
		if off >= r.rng.Start && off <= r.rng.End {
			at = len(refs)
		}
		refs = append(refs, r)
	}
	if at < 0 {
		return nil, false
	}
	name := refs[at].name
	def := -1 // the anchor in force at the cursor
	for i := at; i >= 0; i-- {
		if refs[i].anchor && refs[i].name == name {
			def = i
			break
		}
	}
	if def < 0 {
		return []anchorRef{refs[at]}, true // an alias with no anchor
	}
	group = append(group, refs[def])
	for _, r := range refs[def+1:] {
		if r.name != name {
			continue
		}
		if r.anchor {
			break // redefined: later aliases refer to the new anchor
		}
		group = append(group, r)
	}
	return group, true
}

func (s *Server) anchorReferences(snap *snapshot, pos protocol.Position, includeDecl bool) []protocol.Location {
	out := []protocol.Location{}
	if snap.doc == nil {
		return out
	}
	group, ok := anchorGroup(snap.text, toOffset(snap.lines, pos))
	if !ok {
		return out
	}
	for _, r := range group {
		if r.anchor && !includeDecl {
			continue
		}
		out = append(out, protocol.Location{URI: snap.uri, Range: toRange(snap.lines, r.rng)})
	}
	return out
}

func (s *Server) anchorHighlights(snap *snapshot, pos protocol.Position) []protocol.DocumentHighlight {
	out := []protocol.DocumentHighlight{}
	if snap.doc == nil {
		return out
	}
	group, _ := anchorGroup(snap.text, toOffset(snap.lines, pos))
	for _, r := range group {
		kind := protocol.DocumentHighlightKindRead
		if r.anchor {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: toRange(snap.lines, r.rng), Kind: kind})
	}
	return out
}

// validAnchorName follows YAML 1.2's ns-anchor-char: no spaces and no
// flow indicators.
func validAnchorName(n string) bool {
	return n != "" && !strings.ContainsAny(n, " \t\r\n,[]{}")
}

// prepareRename returns the name's range (without & or *) when the cursor
// is on an anchor or alias.
func (s *Server) prepareRename(snap *snapshot, pos protocol.Position) (any, error) {
	if snap.doc == nil {
		return nil, nil
	}
	off := toOffset(snap.lines, pos)
	group, ok := anchorGroup(snap.text, off)
	if !ok {
		return nil, nil
	}
	for _, r := range group {
		if off >= r.rng.Start && off <= r.rng.End {
			return map[string]any{"range": toRange(snap.lines, diag.Range{Start: r.rng.Start + 1, End: r.rng.End}), "placeholder": r.name}, nil
		}
	}
	return nil, nil
}

// renameAnchor renames an anchor and every alias referring to it.
func (s *Server) renameAnchor(snap *snapshot, pos protocol.Position, newName string) (any, error) {
	if snap.doc == nil {
		return nil, nil
	}
	newName = strings.TrimLeft(newName, "&*")
	if !validAnchorName(newName) {
		return nil, errInvalidParams("%q is not a valid anchor name (no spaces, commas or brackets)", newName)
	}
	group, ok := anchorGroup(snap.text, toOffset(snap.lines, pos))
	if !ok {
		return nil, nil
	}
	edits := []protocol.TextEdit{}
	for _, r := range group {
		edits = append(edits, protocol.TextEdit{Range: toRange(snap.lines, diag.Range{Start: r.rng.Start + 1, End: r.rng.End}), NewText: newName})
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{snap.uri: edits}}, nil
}
