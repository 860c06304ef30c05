package lsp

import (
	"context"
	"fmt"
	"regexp"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// symbols lists one symbol per document (named Kind/name for Kubernetes
// objects) with the top-level keys as children. A single plain document
// lists its keys directly.
func (s *Server) symbols(ctx context.Context, snap *snapshot) (any, error) {
	if snap.doc == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	s.mu.Lock()
	hier := s.caps.hierarchicalSymbols
	s.mu.Unlock()
	f, _ := s.parsed(snap)
	var out []protocol.DocumentSymbol
	var docs []*yamlfile.Document
	for _, d := range f.Docs {
		if d.Root != nil {
			docs = append(docs, d)
		}
	}
	for _, d := range docs {
		keys := keySymbols(snap.lines, d.Root)
		name, isK8s := kubeName(d.Root)
		if !isK8s && len(docs) == 1 {
			out = append(out, keys...)
			continue
		}
		if !isK8s {
			name = fmt.Sprintf("Document %d", d.Index+1)
		}
		rng := toRange(snap.lines, d.Root.Range)
		sel := rng
		if k := d.Root.Child("kind"); k != nil && isK8s {
			sel = toRange(snap.lines, k.Range)
		}
		kind := protocol.SymbolKindModule
		if isK8s {
			kind = protocol.SymbolKindClass
		}
		out = append(out, protocol.DocumentSymbol{Name: name, Kind: kind, Range: rng, SelectionRange: sel, Children: keys})
	}
	if out == nil {
		out = []protocol.DocumentSymbol{}
	}
	if !hier {
		return flatten(snap.uri, out, ""), nil
	}
	return out, nil
}

func keySymbols(lines *textpos.LineIndex, root *yamlfile.Node) []protocol.DocumentSymbol {
	var out []protocol.DocumentSymbol
	if root.Kind != yamlfile.Mapping {
		return nil
	}
	for _, c := range root.Children {
		if !c.HasKey || c.KeyRange.Start < root.Range.Start || c.KeyRange.End > root.Range.End {
			continue // merged in from elsewhere
		}
		full := diag.Range{Start: c.KeyRange.Start, End: max(c.Range.End, c.KeyRange.End)}
		out = append(out, protocol.DocumentSymbol{
			Name: c.Key, Detail: c.Kind.String(), Kind: symbolKind(c),
			Range: toRange(lines, full), SelectionRange: toRange(lines, c.KeyRange),
		})
	}
	return out
}

func symbolKind(n *yamlfile.Node) protocol.SymbolKind {
	switch n.Kind {
	case yamlfile.Mapping:
		return protocol.SymbolKindObject
	case yamlfile.Sequence:
		return protocol.SymbolKindArray
	}
	switch n.Value.(type) {
	case bool:
		return protocol.SymbolKindBoolean
	case int64, float64:
		return protocol.SymbolKindNumber
	case string:
		return protocol.SymbolKindString
	}
	return protocol.SymbolKindNull
}

// kubeName returns "Kind/name" for a document with apiVersion and kind.
func kubeName(root *yamlfile.Node) (string, bool) {
	api, ok1 := root.Child("apiVersion").String()
	kind, ok2 := root.Child("kind").String()
	if !ok1 || !ok2 || api == "" || kind == "" {
		return "", false
	}
	name, _ := root.Child("metadata").Child("name").String()
	if name == "" {
		name, _ = root.Child("metadata").Child("generateName").String()
	}
	if name == "" {
		return kind, true
	}
	return kind + "/" + name, true
}

// flatten turns hierarchical symbols into 3.0-style SymbolInformation for
// clients without hierarchical support.
func flatten(u protocol.DocumentURI, syms []protocol.DocumentSymbol, container string) []protocol.SymbolInformation {
	out := []protocol.SymbolInformation{}
	for _, s := range syms {
		out = append(out, protocol.SymbolInformation{Name: s.Name, Kind: s.Kind, ContainerName: container,
			Location: protocol.Location{URI: u, Range: s.Range}})
		out = append(out, flatten(u, s.Children, s.Name)...)
	}
	return out
}

var anchorNameChar = regexp.MustCompile(`[^\s,\[\]{}]`)

// definition jumps from an alias (*name) to the anchor (&name) it refers
// to: the last one defined before it, as YAML resolves them.
func (s *Server) definition(ctx context.Context, snap *snapshot, pos protocol.Position) (any, error) {
	if snap.doc == nil {
		return nil, nil
	}
	off := toOffset(snap.lines, pos)
	src := snap.text
	start, end := off, off
	for start > 0 && anchorNameChar.Match(src[start-1:start]) {
		start--
	}
	for end < len(src) && anchorNameChar.Match(src[end:end+1]) {
		end++
	}
	word := string(src[start:end])
	i := len(word) - 1
	for i >= 0 && word[i] != '*' {
		i--
	}
	if i < 0 || off < start+i {
		return nil, nil
	}
	name := word[i+1:]
	aliasAt := start + i
	if name == "" {
		return nil, nil
	}
	v := s.view(snap, snap.text, aliasAt, false)
	comments := v.file.Comments()
	// Anchors do not cross documents: search from the start of this one.
	docStart, _ := chunkAt(src, aliasAt)
	best := -1
	for _, m := range regexp.MustCompile(`&`+regexp.QuoteMeta(name)+`(?:[\s,\]}]|$)`).FindAllIndex(src[docStart:aliasAt], -1) {
		at := docStart + m[0]
		if at > 0 && anchorNameChar.Match(src[at-1:at]) {
			continue // part of a longer token (a&b)
		}
		if inComment(comments, v.local(at)) {
			continue
		}
		best = at
	}
	if best < 0 {
		return nil, nil
	}
	return []protocol.Location{{URI: snap.uri, Range: toRange(snap.lines, diag.Range{Start: best, End: best + 1 + len(name)})}}, nil
}

func inComment(cs []yamlfile.Comment, off int) bool {
	for _, c := range cs {
		if off >= c.Range.Start && off < c.Range.End {
			return true
		}
	}
	return false
}
