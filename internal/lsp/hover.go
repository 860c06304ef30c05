package lsp

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/house"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// docAt returns the document of f holding offset.
func docAt(f *yamlfile.File, off int) *yamlfile.Document {
	for _, d := range f.Docs {
		if d.Root != nil && off >= d.Root.Range.Start && off <= d.Root.Range.End {
			return d
		}
	}
	return nil
}

var plainKey = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$-]*$`)

// jsonPath formats a node path as a JSONPath expression ($.a.b[0]['c.d']),
// telling sequence indexes from keys by the node kinds along the path.
func jsonPath(doc *yamlfile.Document, path []string) string {
	var b strings.Builder
	b.WriteString("$")
	n := doc.Root
	for _, seg := range path {
		if n != nil && n.Kind == yamlfile.Sequence {
			b.WriteString("[" + seg + "]")
			i, _ := strconv.Atoi(seg)
			if i >= 0 && i < len(n.Children) {
				n = n.Children[i]
			} else {
				n = nil
			}
			continue
		}
		if plainKey.MatchString(seg) {
			b.WriteString("." + seg)
		} else {
			q, _ := json.Marshal(seg)
			b.WriteString("[" + string(q) + "]")
		}
		n = n.Child(seg)
	}
	return b.String()
}

func (s *Server) hover(ctx context.Context, snap *snapshot, pos protocol.Position) (any, error) {
	if snap.doc == nil {
		return nil, nil
	}
	s.mu.Lock()
	enabled, markdown := s.settings.Hover, s.caps.markdownHover
	s.mu.Unlock()
	if !enabled {
		return nil, nil
	}
	off := toOffset(snap.lines, pos)
	rules, rulesRange := houseRuleHover(snap, off, markdown)
	kind := protocol.PlainText
	if markdown {
		kind = protocol.Markdown
	}
	v := s.view(snap, snap.text, off, false)
	doc := v.doc
	var n *yamlfile.Node
	var path []string
	var onKey bool
	if doc != nil {
		n, path, onKey = doc.NodeAt(v.local(off))
	}
	if n == nil || ctx.Err() != nil {
		if rules != "" {
			r := toRange(snap.lines, rulesRange)
			return &protocol.Hover{Contents: protocol.MarkupContent{Kind: kind, Value: rules}, Range: &r}, nil
		}
		return nil, nil
	}
	rng := n.Range
	if onKey {
		rng = n.KeyRange
	} else if n.Kind != yamlfile.Scalar && n.Kind != yamlfile.Null {
		if !n.HasKey {
			return nil, nil // inside a collection but on no key or scalar
		}
		rng = n.KeyRange
	}
	var a schemas.Annotation
	url := v.schema
	if url != "" {
		a = schemas.Annotate(v.linter.Store.SchemasAt(url, doc.Root.Value, path))
	}
	text := hoverText(a, jsonPath(doc, path), url, markdown)
	if rules != "" {
		text = rules + "\n\n" + text
	}
	r := toRange(snap.lines, diag.Range{Start: v.global(rng.Start), End: v.global(rng.End)})
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: kind, Value: text}, Range: &r}, nil
}

func hoverText(a schemas.Annotation, path, schemaURL string, md bool) string {
	var parts []string
	code := func(s string) string {
		if md {
			return "`" + strings.ReplaceAll(s, "`", "'") + "`"
		}
		return s
	}
	if a.Title != "" {
		if md {
			parts = append(parts, "**"+a.Title+"**")
		} else {
			parts = append(parts, a.Title)
		}
	}
	if a.Description != "" && a.Description != a.Title {
		parts = append(parts, a.Description)
	}
	var facts []string
	if len(a.Types) > 0 {
		facts = append(facts, "Type: "+code(strings.Join(a.Types, " | ")))
	}
	if len(a.Enum) > 0 && len(a.Enum) <= 30 && !(len(a.Enum) == 2 && a.Enum[0] == true && a.Enum[1] == false) {
		vals := make([]string, len(a.Enum))
		for i, v := range a.Enum {
			j, _ := json.Marshal(v)
			vals[i] = code(string(j))
		}
		facts = append(facts, "Allowed: "+strings.Join(vals, ", "))
	}
	if a.HasDefault {
		j, _ := json.Marshal(a.Default)
		facts = append(facts, "Default: "+code(string(j)))
	}
	if a.Deprecated {
		facts = append(facts, "Deprecated")
	}
	if len(facts) > 0 {
		parts = append(parts, strings.Join(facts, "  \n"))
	}
	loc := "Path: " + code(path)
	if schemaURL != "" {
		loc += "  \nSchema: " + code(schemas.DisplayURL(schemaURL))
	}
	parts = append(parts, loc)
	return strings.Join(parts, "\n\n")
}

// houseRuleHover describes the house rules (and pack rules) reported at
// off: the rule's id and description, so a finding explains itself.
func houseRuleHover(snap *snapshot, off int, md bool) (string, diag.Range) {
	res := snap.result
	if res == nil || res.version != snap.version || res.linter == nil {
		return "", diag.Range{}
	}
	var parts []string
	var rng diag.Range
	seen := map[string]bool{}
	for _, d := range res.res.Diagnostics {
		if off < d.Range.Start || off > d.Range.End || seen[d.Code] {
			continue
		}
		c := res.linter.Codes().Lookup(d.Code)
		if c == nil || !(c.Category == codes.CategoryHouse || house.IsPackRule(c.ID)) {
			continue
		}
		seen[d.Code] = true
		rng = d.Range
		if md {
			parts = append(parts, "**"+c.ID+"**: "+c.Summary)
		} else {
			parts = append(parts, c.ID+": "+c.Summary)
		}
	}
	return strings.Join(parts, "\n\n"), rng
}
