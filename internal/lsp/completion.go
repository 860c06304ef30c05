package lsp

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// placeholder stands in for the key being typed, so that the text around
// the cursor parses and YAML itself decides which mapping the key belongs to.
const placeholder = "yamlint__completion__key"

var (
	// "  - key: partial" → value completion.
	valueLine = regexp.MustCompile(`^(\s*(?:-\s+)*)([^\s:#'"\-?][^:#]*?|"[^"]*"|'[^']*')\s*:\s+(\S*)$`)
	// "  - part" → key completion.
	keyLine = regexp.MustCompile(`^(\s*(?:-\s+)*)([^\s:#'"]*)$`)
)

// completion offers what the schema allows at the cursor, then the values
// the workspace suggests (semantic.go).
func (s *Server) completion(ctx context.Context, snap *snapshot, pos protocol.Position) (any, error) {
	res, err := s.schemaCompletion(ctx, snap, pos)
	if err != nil || snap.doc == nil {
		return res, err
	}
	s.mu.Lock()
	enabled := s.settings.Completion
	s.mu.Unlock()
	list, ok := res.(*protocol.CompletionList)
	if !enabled || !ok {
		return res, nil
	}
	list.Items = append(list.Items, s.semanticCompletion(snap, toOffset(snap.lines, pos))...)
	return list, nil
}

func (s *Server) schemaCompletion(ctx context.Context, snap *snapshot, pos protocol.Position) (any, error) {
	empty := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	if snap.doc == nil {
		return empty, nil
	}
	s.mu.Lock()
	enabled, snippets := s.settings.Completion, s.caps.snippets
	s.mu.Unlock()
	if !enabled {
		return empty, nil
	}
	off := toOffset(snap.lines, pos)
	line := snap.lines.Line(off)
	lineStart := snap.lines.LineStart(line)
	lineEnd := snap.lines.LineEnd(line)
	prefix := string(snap.text[lineStart:off])

	var items []protocol.CompletionItem
	if m := valueLine.FindStringSubmatch(prefix); m != nil {
		// Keep "key:" and drop the partial value and the rest of the line.
		keyEnd := lineStart + strings.LastIndex(prefix, ":") + 1
		text := splice(snap.text, keyEnd, lineEnd, "")
		v := s.view(snap, text, lineStart+len(m[1]), true)
		doc, url := v.doc, v.schema
		if doc == nil || url == "" {
			return empty, nil
		}
		_, path, onKey := doc.NodeAt(v.local(lineStart + len(m[1])))
		if !onKey {
			return empty, nil
		}
		subs := v.linter.Store.SchemasAt(url, doc.Root.Value, path)
		partialStart := off - len(m[3])
		items = valueItems(subs, toRange(snap.lines, diag.Range{Start: partialStart, End: off}))
	} else if m := keyLine.FindStringSubmatch(prefix); m != nil {
		keyStart := lineStart + len(m[1])
		text := splice(snap.text, keyStart, lineEnd, placeholder+": ")
		v := s.view(snap, text, keyStart, true)
		doc := v.doc
		if doc == nil {
			return empty, nil
		}
		_, path, onKey := doc.NodeAt(v.local(keyStart))
		if !onKey || len(path) == 0 || path[len(path)-1] != placeholder {
			return empty, nil
		}
		parentPath := path[:len(path)-1]
		parent, _ := doc.Lookup(parentPath)
		existing := map[string]bool{}
		if parent != nil {
			for _, c := range parent.Children {
				existing[c.Key] = true
			}
			if m, ok := parent.Value.(map[string]any); ok {
				delete(m, placeholder) // the instance must not carry it into branch selection
			}
		}
		if v.schema == "" {
			return empty, nil
		}
		subs := v.linter.Store.SchemasAt(v.schema, doc.Root.Value, parentPath)
		col := keyStart - lineStart
		rng := toRange(snap.lines, diag.Range{Start: keyStart, End: off})
		items = s.keyItems(v.linter.Store, subs, existing, col, snippets, rng)
		if strings.HasSuffix(strings.TrimRight(m[1], " \t"), "-") && len(parentPath) > 0 {
			// A new sequence item may be a scalar too: offer the values
			// the item schema allows, judged without the placeholder.
			if seq, ok := doc.Lookup(parentPath[:len(parentPath)-1]); ok && seq.Kind == yamlfile.Sequence {
				if arr, ok := seq.Value.([]any); ok {
					if i, err := strconv.Atoi(parentPath[len(parentPath)-1]); err == nil && i < len(arr) {
						arr[i] = nil
						items = append(items, valueItems(v.linter.Store.SchemasAt(v.schema, doc.Root.Value, parentPath), rng)...)
					}
				}
			}
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if items == nil {
		items = []protocol.CompletionItem{}
	}
	return &protocol.CompletionList{Items: items}, nil
}

func splice(src []byte, start, end int, with string) []byte {
	out := make([]byte, 0, len(src)-(end-start)+len(with))
	out = append(out, src[:start]...)
	out = append(out, with...)
	return append(out, src[end:]...)
}

func (s *Server) keyItems(store *schemas.Store, subs []schemas.Sub, existing map[string]bool, col int, snippets bool, rng protocol.Range) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	for i, p := range store.Properties(subs) {
		if existing[p.Name] || p.Name == placeholder {
			continue
		}
		a := schemas.Annotate(p.Subs)
		insert, format := p.Name+": ", protocol.InsertTextFormatPlainText
		if snippets {
			insert, format = propertySnippet(store, p, col), protocol.InsertTextFormatSnippet
		} else if isOnly(a.Types, "object") || isOnly(a.Types, "array") {
			insert = p.Name + ":"
		}
		detail := strings.Join(a.Types, " | ")
		if p.Required {
			detail = strings.TrimSpace("required " + detail)
		}
		if a.Title != "" {
			detail += " — " + a.Title
		}
		item := protocol.CompletionItem{
			Label:            p.Name,
			Kind:             protocol.CompletionItemKindProperty,
			Detail:           detail,
			SortText:         sortKey(p.Required, i),
			FilterText:       p.Name,
			InsertTextFormat: format,
			TextEdit:         &protocol.TextEdit{Range: rng, NewText: insert},
			Deprecated:       a.Deprecated,
		}
		if a.Description != "" {
			item.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: a.Description}
		}
		items = append(items, item)
	}
	return items
}

func sortKey(required bool, i int) string {
	k := "1"
	if required {
		k = "0"
	}
	return k + strconv.Itoa(10000+i)
}

func isOnly(types []string, t string) bool { return len(types) == 1 && types[0] == t }

// propertySnippet inserts "name: " for scalars and, for objects, a block
// with the required children as tab stops.
func propertySnippet(store *schemas.Store, p schemas.Property, col int) string {
	a := schemas.Annotate(p.Subs)
	name := snippetEscape(p.Name)
	pad := strings.Repeat(" ", col+2)
	switch {
	case isOnly(a.Types, "object"):
		var req []string
		for _, c := range store.Properties(p.Subs) {
			if c.Required {
				req = append(req, c.Name)
			}
		}
		if len(req) == 0 {
			return name + ":\n" + pad + "$0"
		}
		var b strings.Builder
		b.WriteString(name + ":")
		for i, c := range req {
			b.WriteString("\n" + pad + snippetEscape(c) + ": ${" + strconv.Itoa(i+1) + "}")
		}
		return b.String()
	case isOnly(a.Types, "array"):
		return name + ":\n" + pad + "- $0"
	}
	return name + ": $0"
}

func snippetEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`).Replace(s)
}

func valueItems(subs []schemas.Sub, rng protocol.Range) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	for i, v := range schemas.Values(subs) {
		text := yamlScalar(v)
		if text == "" {
			continue
		}
		kind := protocol.CompletionItemKindEnumMember
		if _, isBool := v.(bool); isBool {
			kind = protocol.CompletionItemKindValue
		}
		items = append(items, protocol.CompletionItem{
			Label:    text,
			Kind:     kind,
			SortText: strconv.Itoa(10000 + i),
			TextEdit: &protocol.TextEdit{Range: rng, NewText: text},
		})
	}
	return items
}

// needsQuotes matches plain scalars YAML would not read back as the same
// string (booleans, nulls, numbers, indicators).
var needsQuotes = regexp.MustCompile(`^$|^(?i:true|false|yes|no|on|off|y|n|null|~)$|^[-+.0-9]|^[\-?:,\[\]{}#&*!|>'"%@` + "`" + `]|: | #|:$|^\s|\s$`)

// yamlScalar renders a schema value as a YAML flow scalar ("" for
// collections, which are not offered).
func yamlScalar(v any) string {
	switch x := v.(type) {
	case string:
		if needsQuotes.MatchString(x) {
			q, _ := json.Marshal(x)
			return string(q)
		}
		return x
	case bool, int64, float64, nil, json.Number, int:
		j, _ := json.Marshal(x)
		return string(j)
	}
	return ""
}
