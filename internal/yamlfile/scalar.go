package yamlfile

// Scalars: their byte ranges in the source (goccy's offsets are unreliable) and their values.

import (
	"bytes"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/yamlint/yamlint/internal/diag"
)

func (p *parser) blockScalar(n *ast.LiteralNode) *Node {
	start := p.offset(n.Start)
	style := Literal
	if strings.HasPrefix(n.Start.Value, ">") {
		style = Folded
	}
	val := ""
	if n.Value != nil {
		val = n.Value.Value
	}
	return &Node{Kind: Scalar, Style: style, Range: diag.Range{Start: start, End: p.blockEnd(start)}, Value: val, size: 1}
}

// blockEnd finds the end of a block scalar whose indicator is at start: the
// end of its last non-blank content line.
func (p *parser) blockEnd(start int) int {
	lines := p.file.Lines
	src := p.file.Src
	l := lines.Line(start)
	end := start + 1
	for end < len(src) && src[end] != ' ' && src[end] != '\n' && src[end] != '\r' && src[end] != '#' {
		end++
	}
	parentIndent := indentOf(lines.LineText(l))
	contentIndent := -1
	for next := l + 1; next < lines.Lines(); next++ {
		text := lines.LineText(next)
		if isBlank(text) {
			continue
		}
		ind := indentOf(text)
		if contentIndent < 0 {
			if ind <= parentIndent && !(ind == parentIndent && parentIndent == 0 && l == 0) {
				break
			}
			contentIndent = ind
		}
		if ind < contentIndent {
			break
		}
		end = lines.LineEnd(next)
	}
	return end
}

func indentOf(b []byte) int {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// scalar converts a scalar node, resolving plain scalars by the YAML 1.2
// core schema unless tag forces a type.
func (p *parser) scalar(n ast.ScalarNode, tag string, flow bool) *Node {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return nil
	}
	style := styleOf(tk)
	start := p.offset(tk)
	if style == Plain {
		start = p.plainStart(start, tk.Value)
	}
	node := &Node{Kind: Scalar, Style: style, size: 1}
	if _, isNull := n.(*ast.NullNode); isNull && style == Plain && !p.hasText(start, tk.Value) {
		node.Range = diag.Range{Start: start, End: start}
	} else {
		node.Range = diag.Range{Start: start, End: p.scalarEnd(start, style, flow)}
	}
	raw := tk.Value
	if node.Range.Empty() {
		raw = "" // an empty node, e.g. "key: !!str"
	}
	if style != Plain {
		node.Value = raw
		if tag != "" && !isStrTag(tag) && tag != "!" {
			node.Value = resolveTagged(tag, raw, raw)
		}
		return node
	}
	if tag != "" {
		node.Value = resolveTagged(tag, raw, resolvePlain(raw))
	} else {
		node.Value = resolvePlain(raw)
	}
	if node.Value == nil {
		node.Kind = Null
	}
	return node
}

// plainStart corrects the position goccy gives a plain scalar followed by
// trailing blanks ("a: 3   "): it points past the scalar by their number,
// which made the value read as empty (null). The same happens to a
// placeholder blanked by blankTemplatePlaceholders, whose trailing blanks
// are "}}" in the source. The scalar is the nearest occurrence of its text
// before that position on the same line.
func (p *parser) plainStart(start int, text string) int {
	src := p.file.Src
	if text == "" || p.hasText(start, text) || start >= len(src) {
		return start
	}
	lineStart := p.file.Lines.LineStart(p.file.Lines.Line(start))
	limit := min(len(src), start+len(text))
	if i := bytes.LastIndex(src[lineStart:limit], []byte(text)); i >= 0 {
		return lineStart + i
	}
	return start
}

// hasText reports whether the source at start holds text (goccy gives empty
// nodes a "null" token positioned at whatever follows).
func (p *parser) hasText(start int, text string) bool {
	return text != "" && start+len(text) <= len(p.file.Src) && string(p.file.Src[start:start+len(text)]) == text
}

// scalarEnd finds where a scalar starting at start ends in the source.
func (p *parser) scalarEnd(start int, style Style, flow bool) int {
	src := p.file.Src
	if start >= len(src) {
		return start
	}
	switch style {
	case SingleQuoted:
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case DoubleQuoted:
		for i := start + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	}
	end := p.file.Lines.LineEnd(p.file.Lines.Line(start))
	i := start
	for ; i < end; i++ {
		c := src[i]
		if c == '#' && i > start && (src[i-1] == ' ' || src[i-1] == '\t') {
			break
		}
		if c == ':' && (i+1 == end || src[i+1] == ' ' || src[i+1] == '\t' || (flow && strings.IndexByte(",]}", src[i+1]) >= 0)) {
			break
		}
		if flow && (c == ',' || c == ']' || c == '}') {
			break
		}
	}
	for i > start && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	return i
}
