package rules

import (
	"bytes"
	"fmt"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "indentation",
		Doc:             "Control the indentation of block collections and, optionally, multi-line strings.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Options: []Option{
			{Name: "spaces", Default: "consistent", Doc: "indentation width, or consistent (the first one found)"},
			{Name: "indent-sequences", Default: true, Doc: "true, false, whatever or consistent: whether block sequences are indented in mappings"},
			{Name: "check-multi-line-strings", Default: false, Doc: "also check the indentation of multi-line strings"},
		},
		Check: checkIndentation,
	})
}

type indentKind uint8

const (
	indRoot indentKind = iota
	indBMap
	indFMap
	indBSeq
	indFSeq
	indBEnt
	indKey
	indVal
)

type indentParent struct {
	kind         indentKind
	indent       int
	lineIndent   int
	explicitKey  bool
	implicitBSeq bool
}

// indentState is yamllint's indentation context: the stack of open
// collections and what is known about the indentation width.
type indentState struct {
	d          *styleData
	p          *Pass
	stack      []*indentParent
	curLine    int
	curIndent  int
	spaces     int // -1 until known ("consistent")
	indentSeqs any // true, false, "whatever", "consistent"
	multiLine  bool
}

type indentError struct{}

func checkIndentation(p *Pass) {
	d := styleOf(p.File)
	s := &indentState{d: d, p: p, curLine: -1, spaces: -1}
	if n, ok := rawOpt(p, "spaces", "consistent").(int); ok {
		s.spaces = n
	}
	s.indentSeqs = rawOpt(p, "indent-sequences", true)
	s.multiLine = boolOpt(p, "check-multi-line-strings", false)
	s.stack = []*indentParent{{kind: indRoot}}
	d.forTokens(func(i int, t, prev, next, nextnext *tok) {
		s.step(t, prev, next, nextnext)
	})
}

func (s *indentState) top() *indentParent { return s.stack[len(s.stack)-1] }

func (s *indentState) assert(ok bool) {
	if !ok {
		panic(indentError{})
	}
}

func (s *indentState) detect(base int, next *tok) int {
	if s.spaces < 0 {
		s.spaces = next.Start.Column - base
	}
	return base + s.spaces
}

func (s *indentState) step(t, prev, next, nextnext *tok) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(indentError); !ok {
				panic(r)
			}
			s.d.report(s.p, t.Start.Line+1, t.Start.Column+1, 0, "cannot infer indentation: unexpected token")
		}
	}()
	d := s.d
	visible := !isKind(t, yamltok.StreamStart, yamltok.StreamEnd, yamltok.BlockEnd) &&
		!(t.Kind == yamltok.Scalar && t.Value == "")
	first := visible && t.Start.Line+1 > s.curLine
	found := 0
	if first {
		found = t.Start.Column
		expected := s.top().indent
		if isKind(t, yamltok.FlowMappingEnd, yamltok.FlowSequenceEnd) {
			expected = s.top().lineIndent
		} else if s.top().kind == indKey && s.top().explicitKey && t.Kind != yamltok.Value {
			expected = s.detect(expected, t)
		}
		if found != expected {
			var msg string
			if expected < 0 {
				msg = fmt.Sprintf("wrong indentation: expected at least %d", found+1)
			} else {
				msg = fmt.Sprintf("wrong indentation: expected %d but found %d", expected, found)
			}
			d.report(s.p, t.Start.Line+1, found+1, 0, msg)
		}
	}
	if t.Kind == yamltok.Scalar && s.multiLine {
		s.checkScalar(t)
	}
	if visible {
		s.curLine = d.realEndLine(t)
		if first {
			s.curIndent = found
		}
	}

	switch {
	case t.Kind == yamltok.BlockMappingStart:
		s.assert(isKind(next, yamltok.Key) && next.Start.Line == t.Start.Line)
		s.stack = append(s.stack, &indentParent{kind: indBMap, indent: t.Start.Column})
	case t.Kind == yamltok.FlowMappingStart:
		s.assert(next != nil)
		indent := next.Start.Column
		if next.Start.Line != t.Start.Line {
			indent = s.detect(s.curIndent, next)
		}
		s.stack = append(s.stack, &indentParent{kind: indFMap, indent: indent, lineIndent: s.curIndent})
	case t.Kind == yamltok.BlockSequenceStart:
		s.assert(isKind(next, yamltok.BlockEntry) && next.Start.Line == t.Start.Line)
		s.stack = append(s.stack, &indentParent{kind: indBSeq, indent: t.Start.Column})
	case t.Kind == yamltok.BlockEntry && !isKind(next, yamltok.BlockEntry, yamltok.BlockEnd):
		s.assert(next != nil)
		// PyYAML issues no BlockSequenceStart for a sequence that is not
		// indented under its key.
		if s.top().kind != indBSeq {
			s.stack = append(s.stack, &indentParent{kind: indBSeq, indent: t.Start.Column, implicitBSeq: true})
		}
		var indent int
		switch {
		case next.Start.Line == t.End.Line:
			indent = next.Start.Column
		case next.Start.Column == t.Start.Column:
			indent = next.Start.Column
		default:
			indent = s.detect(t.Start.Column, next)
		}
		s.stack = append(s.stack, &indentParent{kind: indBEnt, indent: indent})
	case t.Kind == yamltok.FlowSequenceStart:
		s.assert(next != nil)
		indent := next.Start.Column
		if next.Start.Line != t.Start.Line {
			indent = s.detect(s.curIndent, next)
		}
		s.stack = append(s.stack, &indentParent{kind: indFSeq, indent: indent, lineIndent: s.curIndent})
	case t.Kind == yamltok.Key:
		s.stack = append(s.stack, &indentParent{kind: indKey, indent: s.top().indent, explicitKey: d.isExplicitKey(t)})
	case t.Kind == yamltok.Value:
		s.assert(s.top().kind == indKey)
		// "key: &anchor" or "key: !!tag" with the value on the next line.
		if isKind(next, yamltok.Anchor, yamltok.Tag) && nextnext != nil &&
			next.Start.Line == prev.Start.Line && next.Start.Line < nextnext.Start.Line {
			next = nextnext
		}
		if next != nil && !isKind(next, yamltok.BlockEnd, yamltok.FlowMappingEnd, yamltok.FlowSequenceEnd, yamltok.Key) {
			var indent int
			top := s.top()
			switch {
			case top.explicitKey:
				indent = s.detect(top.indent, next)
			case next.Start.Line == prev.Start.Line:
				indent = next.Start.Column
			case isKind(next, yamltok.BlockSequenceStart, yamltok.BlockEntry):
				switch s.indentSeqs {
				case false:
					indent = top.indent
				case true:
					if s.spaces < 0 && next.Start.Column-top.indent == 0 {
						// Not indented, while it should be, and the width
						// is not known yet.
						indent = -1
					} else {
						indent = s.detect(top.indent, next)
					}
				default: // whatever, consistent
					if next.Start.Column == top.indent {
						if s.indentSeqs == "consistent" {
							s.indentSeqs = false
						}
						indent = top.indent
					} else {
						if s.indentSeqs == "consistent" {
							s.indentSeqs = true
						}
						indent = s.detect(top.indent, next)
					}
				}
			default:
				indent = s.detect(top.indent, next)
			}
			s.stack = append(s.stack, &indentParent{kind: indVal, indent: indent})
		}
	}

	consumed := false
	for {
		top := s.top()
		switch {
		case top.kind == indFSeq && t.Kind == yamltok.FlowSequenceEnd && !consumed:
			s.pop(1)
			consumed = true
		case top.kind == indFMap && t.Kind == yamltok.FlowMappingEnd && !consumed:
			s.pop(1)
			consumed = true
		case (top.kind == indBMap || top.kind == indBSeq) && t.Kind == yamltok.BlockEnd && !top.implicitBSeq && !consumed:
			s.pop(1)
			consumed = true
		case top.kind == indBEnt && t.Kind != yamltok.BlockEntry && len(s.stack) >= 2 && s.stack[len(s.stack)-2].implicitBSeq &&
			!isKind(t, yamltok.Anchor, yamltok.Tag) && !isKind(next, yamltok.BlockEntry):
			s.pop(2)
		case top.kind == indBEnt && isKind(next, yamltok.BlockEntry, yamltok.BlockEnd):
			s.pop(1)
		case top.kind == indVal && t.Kind != yamltok.Value && !isKind(t, yamltok.Anchor, yamltok.Tag):
			s.assert(len(s.stack) >= 2 && s.stack[len(s.stack)-2].kind == indKey)
			s.pop(2)
		case top.kind == indKey && isKind(next, yamltok.BlockEnd, yamltok.FlowMappingEnd, yamltok.FlowSequenceEnd, yamltok.Key):
			// A key without a value (a set entry).
			s.pop(1)
		default:
			return
		}
	}
}

func (s *indentState) pop(n int) {
	s.assert(len(s.stack) > n)
	s.stack = s.stack[:len(s.stack)-n]
}

// checkScalar checks the continuation lines of a multi-line scalar.
func (s *indentState) checkScalar(t *tok) {
	if t.Start.Line == t.End.Line {
		return
	}
	src := s.d.src
	expected := -1
	compute := func(found int) int {
		detect := func(base int) int {
			if s.spaces < 0 {
				s.spaces = found - base
			}
			return base + s.spaces
		}
		switch {
		case t.Plain:
			return t.Start.Column
		case t.Style == '"' || t.Style == '\'':
			return t.Start.Column + 1
		}
		top := s.top()
		switch top.kind {
		case indBEnt, indKey:
			return detect(t.Start.Column)
		case indVal:
			if t.Start.Line+1 > s.curLine {
				return detect(top.indent)
			}
			if len(s.stack) >= 2 && s.stack[len(s.stack)-2].explicitKey {
				return detect(t.Start.Column)
			}
			if len(s.stack) >= 2 {
				return detect(s.stack[len(s.stack)-2].indent)
			}
		}
		return detect(top.indent)
	}
	lineNo := t.Start.Line + 1
	pos := t.Start.Offset
	limit := t.End.Offset - 1
	for {
		if pos >= limit {
			break
		}
		j := bytes.IndexByte(src[pos:limit], '\n')
		if j < 0 {
			break
		}
		lineStart := pos + j + 1
		pos = lineStart
		lineNo++
		indent := 0
		for lineStart+indent < len(src) && src[lineStart+indent] == ' ' {
			indent++
		}
		if lineStart+indent < len(src) && src[lineStart+indent] == '\n' {
			continue
		}
		if expected < 0 {
			expected = compute(indent)
		}
		if indent != expected {
			s.d.report(s.p, lineNo, indent+1, 0, fmt.Sprintf("wrong indentation: expected %d but found %d", expected, indent))
		}
	}
}
