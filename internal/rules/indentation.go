package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

func init() {
	Register(&Rule{
		ID:              "indentation",
		Requires:        []*Shared{styleShared},
		Doc:             "Control the indentation of block collections and, optionally, multi-line strings.",
		Category:        "style",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		// yamllint's indent-sequences default is true; "consistent"
		// accepts both the indented style and kubectl's/Helm's
		// "key:\n- item" as long as a file sticks to one (true flagged 97%
		// of the indentation findings on real infra YAML).
		Options: &indentationOptions{Spaces: IntOrKeyword{Keyword: "consistent"}, IndentSequences: BoolOrKeyword{Keyword: "consistent"}},
		Check:   checkIndentation,
	})
}

type indentationOptions struct {
	Spaces                IntOrKeyword  `yaml:"spaces" enum:"consistent" doc:"indentation width, or consistent (the first one found)"`
	IndentSequences       BoolOrKeyword `yaml:"indent-sequences" enum:"whatever,consistent" yamllint:"true" doc:"whether block sequences are indented in mappings: true, false, whatever or consistent (one style per file)"`
	CheckMultiLineStrings bool          `yaml:"check-multi-line-strings" doc:"also check the indentation of multi-line strings"`
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
	stack      []indentParent // values, not pointers: one allocation per file, not per token
	curLine    int
	curIndent  int
	spaces     int // -1 until known ("consistent")
	indentSeqs any // true, false, "whatever", "consistent"
	multiLine  bool

	// Findings wait for the end of the file: their fixes are verified
	// together, with one scan of the edited file.
	diags   []diag.Diagnostic
	pending []pendingFix
}

// pendingFix is a candidate re-indentation of lines first..last (0-based)
// by delta columns.
type pendingFix struct {
	diag        int
	delta       int
	first, last int
	edits       []diag.TextEdit
}

// maxIndentFixes bounds the fixes verified one by one (each scans the
// edited file again) when verifying them all together fails.
const maxIndentFixes = 8

type indentError struct{}

func checkIndentation(p *Pass) {
	d := styleOf(p)
	s := &indentState{d: d, p: p, curLine: -1, spaces: -1}
	o := p.Options.(*indentationOptions)
	if o.Spaces.Keyword == "" {
		s.spaces = o.Spaces.Int
	}
	s.indentSeqs = o.IndentSequences.Value()
	s.multiLine = o.CheckMultiLineStrings
	s.stack = append(make([]indentParent, 0, 32), indentParent{kind: indRoot})
	d.forTokens(func(i int, t, prev, next, nextnext *tok) {
		s.step(t, prev, next, nextnext)
	})
	// noFixes renders the file's token tree: only worth it when there is
	// a fix to offer (most files have none).
	if len(s.pending) > 0 && p.WantsFixes() && !d.noFixes() {
		s.attachFixes()
	}
	for _, dg := range s.diags {
		dg.Fixes = d.keepFixes(dg.Fixes)
		p.Report(dg)
	}
}

// attachFixes turns the candidate re-indentations into fixes. A block
// holding other mis-indented blocks gets one fix that moves each line by
// the sum of the shifts of the blocks it is in (the nested findings are
// fixed by it too); the edited file must scan to the same node structure
// and scalars.
func (s *indentState) attachFixes() {
	var groups []pendingFix
	for i := 0; i < len(s.pending); {
		outer := s.pending[i]
		deltas := make([]int, outer.last-outer.first+1)
		j := i
		for ; j < len(s.pending) && s.pending[j].first <= outer.last; j++ {
			pf := s.pending[j]
			if pf.last > outer.last {
				continue // not nested: left for a later pass
			}
			for k := pf.first; k <= pf.last; k++ {
				deltas[k-outer.first] += pf.delta
			}
		}
		i = j
		if edits, ok := s.shiftEdits(outer.first, deltas); ok {
			outer.edits = edits
			groups = append(groups, outer)
		}
	}
	if len(groups) == 0 {
		return
	}
	var all []diag.TextEdit
	for _, g := range groups {
		all = append(all, g.edits...)
	}
	if s.d.sameTokens(applyEdits(s.d.src, all)) {
		for _, g := range groups {
			s.diags[g.diag].Fixes = []diag.Fix{fix("Re-indent the block", g.edits...)}
		}
		return
	}
	for i, g := range groups {
		if i == maxIndentFixes {
			break
		}
		if s.d.sameTokens(applyEdits(s.d.src, g.edits)) {
			s.diags[g.diag].Fixes = []diag.Fix{fix("Re-indent the block", g.edits...)}
		}
	}
}

// applyEdits applies sorted, non-overlapping edits to src.
func applyEdits(src []byte, edits []diag.TextEdit) []byte {
	var b []byte
	prev := 0
	for _, e := range edits {
		b = append(b, src[prev:e.Range.Start]...)
		b = append(b, e.NewText...)
		prev = e.Range.End
	}
	return append(b, src[prev:]...)
}

// top is the innermost parent; the pointer is valid until the next push.
func (s *indentState) top() *indentParent { return &s.stack[len(s.stack)-1] }

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
			// No fix for an item whose content is not on its line ("-"
			// alone): goccy, the engine's parser, misreads "-" followed by
			// a dedented key, so the data check cannot be trusted there.
			entry, after := t, next
			if t.Kind == yamltok.BlockSequenceStart {
				entry, after = next, nextnext
			}
			emptyItem := entry != nil && entry.Kind == yamltok.BlockEntry && (after == nil || after.Start.Line > entry.Start.Line)
			dg := diag.Diagnostic{Range: diag.Range{Start: t.Start.Offset, End: t.Start.Offset}, Message: msg}
			if expected >= 0 && !emptyItem {
				if first, last, ok := s.blockLines(t, found); ok {
					s.pending = append(s.pending, pendingFix{diag: len(s.diags), delta: expected - found, first: first, last: last})
				}
			}
			s.diags = append(s.diags, dg)
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
		s.stack = append(s.stack, indentParent{kind: indBMap, indent: t.Start.Column})
	case t.Kind == yamltok.FlowMappingStart:
		s.assert(next != nil)
		indent := next.Start.Column
		if next.Start.Line != t.Start.Line {
			indent = s.detect(s.curIndent, next)
		}
		s.stack = append(s.stack, indentParent{kind: indFMap, indent: indent, lineIndent: s.curIndent})
	case t.Kind == yamltok.BlockSequenceStart:
		s.assert(isKind(next, yamltok.BlockEntry) && next.Start.Line == t.Start.Line)
		s.stack = append(s.stack, indentParent{kind: indBSeq, indent: t.Start.Column})
	case t.Kind == yamltok.BlockEntry && !isKind(next, yamltok.BlockEntry, yamltok.BlockEnd):
		s.assert(next != nil)
		// PyYAML issues no BlockSequenceStart for a sequence that is not
		// indented under its key.
		if s.top().kind != indBSeq {
			s.stack = append(s.stack, indentParent{kind: indBSeq, indent: t.Start.Column, implicitBSeq: true})
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
		s.stack = append(s.stack, indentParent{kind: indBEnt, indent: indent})
	case t.Kind == yamltok.FlowSequenceStart:
		s.assert(next != nil)
		indent := next.Start.Column
		if next.Start.Line != t.Start.Line {
			indent = s.detect(s.curIndent, next)
		}
		s.stack = append(s.stack, indentParent{kind: indFSeq, indent: indent, lineIndent: s.curIndent})
	case t.Kind == yamltok.Key:
		s.stack = append(s.stack, indentParent{kind: indKey, indent: s.top().indent, explicitKey: d.isExplicitKey(t)})
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
			s.stack = append(s.stack, indentParent{kind: indVal, indent: indent})
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

// blockLines returns the lines (0-based, inclusive) of the block that
// starts with t at column found: its line and the following lines that
// belong to it (more indented, or siblings at its column).
func (s *indentState) blockLines(t *tok, found int) (first, last int, ok bool) {
	d := s.d
	src := d.src
	first = t.Start.Line
	if first >= len(d.lines) || d.lines[first].Start+found != t.Start.Offset {
		return 0, 0, false // tabs or multi-byte characters before the token
	}
	isSeq := t.Kind == yamltok.BlockEntry || t.Kind == yamltok.BlockSequenceStart
	last = first
	for i := first + 1; i < len(d.lines); i++ {
		l := d.lines[i]
		text := src[l.Start:l.End]
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		rest := text[indent:]
		if len(rest) == 0 || rest[0] == '#' {
			continue // blank and comment lines do not end the block
		}
		if indent < found {
			break
		}
		if indent == found {
			// At the block's own column only its siblings continue it.
			item := rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ')
			if isSeq != item || (!isSeq && t.Kind == yamltok.Scalar) {
				break
			}
		}
		last = i
	}
	return first, last, true
}

// shiftEdits moves lines first.. by deltas[i-first] columns; ok is false
// when a content line has too little indentation to move left.
func (s *indentState) shiftEdits(first int, deltas []int) (edits []diag.TextEdit, ok bool) {
	src := s.d.src
	for k, delta := range deltas {
		l := s.d.lines[first+k]
		indent := 0
		for l.Start+indent < l.End && src[l.Start+indent] == ' ' {
			indent++
		}
		if l.Start+indent == l.End || delta == 0 {
			continue // blank line
		}
		switch {
		case delta > 0:
			edits = append(edits, edit(l.Start, l.Start, spaces(delta)))
		case indent >= -delta:
			edits = append(edits, edit(l.Start, l.Start-delta, ""))
		default:
			if src[l.Start+indent] != '#' {
				return nil, false
			}
		}
	}
	return edits, len(edits) > 0
}

// sameTokens reports whether src scans without error to the same document
// structure and scalars as the file (an indentless sequence and an indented
// one are the same structure, although PyYAML's tokens differ).
func (d *styleData) sameTokens(src []byte) bool {
	if !d.parses() {
		return false // the file itself does not parse: no structural fixes
	}
	other, err := yamltok.Scan(src)
	if err != nil {
		return false
	}
	b, ok := tokenTree(other)
	return ok && b == d.tree
}

// parses reports whether the file's tokens form documents (the check
// tokenTree makes, about PyYAML's parser's).
func (d *styleData) parses() bool {
	d.treeOnce.Do(func() { d.tree, d.treeOK = tokenTree(d.toks) })
	return d.treeOK
}

// tokenTree renders the node structure of a token stream canonically; ok
// is false when the tokens do not form documents this small parser knows.
func tokenTree(toks []yamltok.Token) (tree string, ok bool) {
	tp := &treeParser{toks: toks}
	defer func() {
		if r := recover(); r != nil {
			if _, isErr := r.(treeError); !isErr {
				panic(r)
			}
			ok = false
		}
	}()
	root := false // a document's root node was read: only its end may follow
	for tp.peek() != yamltok.StreamEnd {
		switch tp.peek() {
		case yamltok.StreamStart, yamltok.DocumentStart, yamltok.DocumentEnd, yamltok.Directive:
			tp.b.WriteString(tp.next().Kind.String())
			root = false
		default:
			if root {
				panic(treeError{}) // a second node (PyYAML: "expected '<document start>'")
			}
			tp.progress(func() { tp.node(false) })
			root = true
		}
		tp.b.WriteByte('\n')
	}
	return tp.b.String(), true
}

type treeError struct{}

type treeParser struct {
	toks []yamltok.Token
	i    int
	b    strings.Builder
}

func (tp *treeParser) peek() yamltok.Kind {
	if tp.i >= len(tp.toks) {
		panic(treeError{})
	}
	return tp.toks[tp.i].Kind
}

func (tp *treeParser) next() *yamltok.Token {
	tp.peek()
	tp.i++
	return &tp.toks[tp.i-1]
}

// progress runs parse and fails if it consumed no token (a token that
// cannot start a node, where a loop expects one).
func (tp *treeParser) progress(parse func()) {
	at := tp.i
	parse()
	if tp.i == at {
		panic(treeError{})
	}
}

func (tp *treeParser) expect(k yamltok.Kind) {
	if tp.next().Kind != k {
		panic(treeError{})
	}
}

// node parses one node; inValue allows an indentless sequence (a block
// mapping's key or value).
func (tp *treeParser) node(inValue bool) {
	props := false
	var seen [2]bool // an anchor, a tag: at most one of each (PyYAML's parser)
	for tp.peek() == yamltok.Anchor || tp.peek() == yamltok.Tag {
		t := tp.next()
		k := 0
		if t.Kind == yamltok.Tag {
			k = 1
		}
		if seen[k] {
			panic(treeError{})
		}
		seen[k] = true
		fmt.Fprintf(&tp.b, "%s(%s)", t.Kind, t.Value)
		props = true
	}
	switch tp.peek() {
	case yamltok.Alias, yamltok.Scalar:
		t := tp.next()
		fmt.Fprintf(&tp.b, "%c%q", max(t.Style, 'p'), t.Value)
	case yamltok.BlockSequenceStart:
		tp.next()
		tp.seqItems()
		tp.expect(yamltok.BlockEnd)
	case yamltok.BlockEntry:
		if !inValue {
			if props {
				tp.b.WriteString("~") // "- !!str" before the next item: an empty node
				return
			}
			panic(treeError{})
		}
		tp.seqItems()
	case yamltok.BlockMappingStart:
		tp.next()
		tp.b.WriteString("{")
		for tp.peek() == yamltok.Key || tp.peek() == yamltok.Value {
			tp.pair(true)
		}
		tp.b.WriteString("}")
		tp.expect(yamltok.BlockEnd)
	case yamltok.FlowSequenceStart, yamltok.FlowMappingStart:
		open := tp.next().Kind
		closeKind := yamltok.FlowSequenceEnd
		if open == yamltok.FlowMappingStart {
			closeKind = yamltok.FlowMappingEnd
		}
		tp.b.WriteString(open.String())
		// Entries are separated by single commas, as PyYAML's parser
		// wants ("{a: b: c}" and "[a, , b]" are errors); one may end it.
		entry := true // an entry may come: at the start or after a comma
		for tp.peek() != closeKind {
			if tp.peek() == yamltok.FlowEntry {
				if entry {
					panic(treeError{})
				}
				tp.next()
				tp.b.WriteString(",")
				entry = true
				continue
			}
			if !entry {
				panic(treeError{})
			}
			switch tp.peek() {
			case yamltok.Key, yamltok.Value:
				tp.pair(false)
			default:
				tp.progress(func() { tp.node(false) })
			}
			entry = false
		}
		tp.next()
		tp.b.WriteString("]")
	default:
		tp.b.WriteString("~") // empty node
	}
}

func (tp *treeParser) seqItems() {
	tp.b.WriteString("[")
	for tp.peek() == yamltok.BlockEntry {
		tp.next()
		if k := tp.peek(); k == yamltok.BlockEntry || k == yamltok.BlockEnd || k == yamltok.Key || k == yamltok.Value {
			tp.b.WriteString("~,")
			continue
		}
		tp.node(false)
		tp.b.WriteString(",")
	}
	tp.b.WriteString("]")
}

// pair parses "? key : value" with either part possibly empty.
func (tp *treeParser) pair(block bool) {
	if tp.peek() == yamltok.Key {
		tp.next()
		if k := tp.peek(); k == yamltok.Value || k == yamltok.BlockEnd || k == yamltok.Key || k == yamltok.FlowEntry || k == yamltok.FlowMappingEnd || k == yamltok.FlowSequenceEnd {
			tp.b.WriteString("~")
		} else {
			tp.node(block)
		}
	} else {
		tp.b.WriteString("~")
	}
	tp.b.WriteString(":")
	if tp.peek() == yamltok.Value {
		tp.next()
		if k := tp.peek(); k == yamltok.BlockEnd || k == yamltok.Key || k == yamltok.FlowEntry || k == yamltok.FlowMappingEnd || k == yamltok.FlowSequenceEnd || (k == yamltok.Value && block) {
			tp.b.WriteString("~")
		} else {
			tp.node(block)
		}
	} else {
		tp.b.WriteString("~")
	}
	tp.b.WriteString(";")
}
