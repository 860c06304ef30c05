package rules

import (
	"bytes"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamltok"
)

// The style rules reproduce yamllint's checks, which read three streams: the
// PyYAML token stream (with each token's neighbours), the comments between
// tokens, and the raw lines. styleData holds all three, computed once per
// file and shared by the rules through a small cache.

type tok = yamltok.Token

// styleComment is a comment found between two tokens (yamllint's Comment).
type styleComment struct {
	Line, Col int // 1-based; Col counts characters
	Offset    int // byte offset of '#'
	Before    int // index of the token before it
	After     int // index of the token after it; -1 at the end of the stream
	Prev      *styleComment
}

// styleLine is one line without its line break (yamllint's Line): "\r\n"
// endings leave the '\r' out.
type styleLine struct {
	No         int // 1-based
	Start, End int // byte offsets
}

type styleData struct {
	src []byte
	// toks are the tokens PyYAML hands out; only the first nVisible are seen
	// by yamllint's rules as "current" (after a scanner error the last
	// tokens are lost because yamllint looks two tokens ahead).
	toks     []tok
	nVisible int
	scanErr  *yamltok.Error
	comments []*styleComment
	lines    []styleLine

	scalarsOnce sync.Once
	scalars     []*tok // multi-line scalars, in source order

	// tree is the file's node structure, for fixes that must keep it.
	treeOnce sync.Once
	tree     string
	treeOK   bool

	// misread is set when PyYAML's scanner splits the file into other
	// tokens than the YAML 1.2 parser that reads the data (see
	// scannerMisreads): the rules still report, but offer no fixes.
	misreadOnce sync.Once
	misread     bool
}

// noFixes reports whether fixes must be dropped in this file: edits
// planned on tokens that are not the file's real structure can change its
// data (quoting half a scalar, a space that turns "-" into an indicator).
// Tokens that scan but form no documents (PyYAML's parser fails, yamllint
// reports a syntax error) are no structure either: in ">\n  \n 0" PyYAML
// ends the block scalar before " 0", the data parser does not.
func (d *styleData) noFixes() bool {
	d.misreadOnce.Do(func() {
		d.misread = scannerMisreads(d.src, d.toks) || (d.scanErr == nil && !d.parses())
	})
	return d.misread
}

// keepFixes returns the fixes that may be offered: none where the scanner
// misreads the file; after a scanner error, only those whose edits stay on
// the error's line (removing a trailing tab PyYAML stops at, say). The rules
// see no token after the error, so cannot know that a line further down is
// inside a block scalar, where trailing spaces are content, or how it is
// indented; and the data parser, which reads what PyYAML cannot, may read
// the text before the error differently once edited (it reads "\n\t0:"
// but not "\t0:").
func (d *styleData) keepFixes(fixes []diag.Fix) []diag.Fix {
	if len(fixes) == 0 || d.noFixes() {
		return nil
	}
	if d.scanErr == nil {
		return fixes
	}
	from, to := 0, len(d.src)
	if off := d.scanErr.Mark.Offset; off <= len(d.src) {
		from = d.lineStartOf(off)
		if j := bytes.IndexByte(d.src[off:], '\n'); j >= 0 {
			to = off + j
		}
	}
	var out []diag.Fix
	for _, f := range fixes {
		ok := true
		for _, e := range f.Edits {
			ok = ok && e.Range.Start >= from && e.Range.End <= to
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// scannerMisreads reports whether toks, PyYAML's tokens of src, split the
// text differently from a YAML 1.2 parser. PyYAML's scanner follows YAML
// 1.1 in flow collections and accepts a few characters 1.2 does not:
//   - "?" and ":" not followed by a space start a plain scalar in 1.2
//     ("[?x]", "{x: :x}"), but are indicators for PyYAML (except ":" right
//     after a JSON-like key: '{"a":b}');
//   - "?" inside a plain scalar ("[a?b]", "[a ? b]") goes on with the
//     scalar in 1.2, PyYAML ends the scalar there;
//   - a tag ends at a flow indicator in 1.2 ("{a: !!str, b: c}"), PyYAML
//     reads "!!str," as the tag;
//   - "-" right before a flow indicator ("[-]") is no plain scalar in 1.2;
//   - ",", "]" and "}" outside flow collections cannot start a plain
//     scalar in 1.2 (a lenient parser reads ",00" as a string), PyYAML makes
//     them flow tokens;
//   - a "?" ending its line is the key indicator to PyYAML and YAML, but the
//     data parser (goccy's scanner) reads a plain scalar ("?\n- a" is the
//     string "? - a" to it).
func scannerMisreads(src []byte, toks []tok) bool {
	depth := 0
	for i := range toks {
		t := &toks[i]
		var prev *tok
		if i > 0 {
			prev = &toks[i-1]
		}
		switch t.Kind {
		case yamltok.FlowSequenceStart, yamltok.FlowMappingStart:
			depth++
		case yamltok.FlowSequenceEnd, yamltok.FlowMappingEnd:
			if depth == 0 {
				return true
			}
			depth--
		case yamltok.FlowEntry:
			if depth == 0 {
				return true
			}
		case yamltok.Key:
			if t.Start.Offset < t.End.Offset && (t.End.Offset == len(src) || src[t.End.Offset] == '\n' || src[t.End.Offset] == '\r') {
				return true
			}
			if depth > 0 && t.Start.Offset < t.End.Offset &&
				(!endsIndicator(src, t.End.Offset) || (prev != nil && prev.Kind == yamltok.Scalar && prev.Plain)) {
				return true
			}
		case yamltok.Value:
			if depth > 0 && t.Start.Offset < t.End.Offset && !endsIndicator(src, t.End.Offset) &&
				!(isKind(prev, yamltok.FlowSequenceEnd, yamltok.FlowMappingEnd) || (prev != nil && prev.Kind == yamltok.Scalar && !prev.Plain)) {
				return true
			}
		case yamltok.Tag:
			if depth > 0 && bytes.ContainsAny(src[t.Start.Offset:t.End.Offset], ",[]{}") {
				return true
			}
		case yamltok.Scalar:
			if depth > 0 && t.Plain && t.End.Offset == t.Start.Offset+1 && src[t.Start.Offset] == '-' {
				return true
			}
		}
	}
	return false
}

// endsIndicator reports whether the character at off (after "?" or ":")
// makes the character before it an indicator in YAML 1.2 flow context: a
// space, a line break, a flow indicator or the end of the text.
func endsIndicator(src []byte, off int) bool {
	if off >= len(src) {
		return true
	}
	switch src[off] {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// scalarAt returns the multi-line scalar whose source span holds off, or
// nil: fixes must not touch the inside of a scalar, where blank lines and
// trailing spaces may be content.
func (d *styleData) scalarAt(off int) *tok {
	d.scalarsOnce.Do(func() {
		for i := range d.toks {
			t := &d.toks[i]
			if t.Kind == yamltok.Scalar && t.End.Line > t.Start.Line {
				d.scalars = append(d.scalars, t)
			}
		}
	})
	i := sort.Search(len(d.scalars), func(i int) bool { return d.scalars[i].End.Offset > off })
	if i < len(d.scalars) && d.scalars[i].Start.Offset <= off {
		return d.scalars[i]
	}
	return nil
}

func (d *styleData) at(i int) *tok {
	if i < 0 || i >= len(d.toks) {
		return nil
	}
	return &d.toks[i]
}

// styleShared is the token, comment and line data every style rule reads,
// computed once per lint.
var styleShared = &Shared{Name: "style tokens", Text: func(src []byte) any { return buildStyle(src) },
	Release: func(v any) {
		d := v.(*styleData)
		// Drop the strings the used tokens point to. The rest of the
		// buffer was cleared when it was last released (but for the few
		// tokens a scanner error held back, kept until overwritten), so
		// a small file does not clear a large file's whole buffer.
		clear(d.toks)
		toks := d.toks[:0]
		d.toks, d.scalars = nil, nil
		tokenBuffers.Put(&toks)
	}}

// tokenBuffers are token slices of finished lints, reused by the next file
// a goroutine checks (a run over many files allocates a few).
var tokenBuffers sync.Pool

// styleOf returns the shared token/comment/line data of the pass's file.
func styleOf(p *Pass) *styleData { return p.Result(styleShared).(*styleData) }

func buildStyle(src []byte) *styleData {
	d := &styleData{src: src}
	var buf []tok
	if b, ok := tokenBuffers.Get().(*[]tok); ok {
		buf = *b
	}
	d.toks, d.scanErr = yamltok.ScanInto(buf, src)
	d.nVisible = len(d.toks)
	if d.scanErr != nil {
		d.nVisible = max(0, len(d.toks)-2)
	}
	for i := 0; i < d.nVisible; i++ {
		d.commentsBetween(i)
	}
	// Lines, split on '\n' only, like yamllint; counted first, so the
	// slice is made once (grown by doubling it was a sixth of the
	// style rules' allocation on a 20,000-line file).
	d.lines = make([]styleLine, 0, bytes.Count(src, []byte{'\n'})+1)
	start, no := 0, 1
	for {
		j := bytes.IndexByte(src[start:], '\n')
		if j < 0 {
			d.lines = append(d.lines, styleLine{No: no, Start: start, End: len(src)})
			break
		}
		end := start + j
		if end > start && src[end-1] == '\r' {
			end--
		}
		d.lines = append(d.lines, styleLine{No: no, Start: start, End: end})
		start += j + 1
		no++
	}
	return d
}

// commentsBetween finds the comments between token i and the next one.
func (d *styleData) commentsBetween(i int) {
	t1, t2 := d.at(i), d.at(i+1)
	var buf []byte
	if t2 == nil {
		buf = d.src[t1.End.Offset:]
	} else {
		if t1.End.Line == t2.Start.Line && t1.Kind != yamltok.StreamStart && t2.Kind != yamltok.StreamEnd {
			return
		}
		if t2.Start.Offset < t1.End.Offset {
			return
		}
		buf = d.src[t1.End.Offset:t2.Start.Offset]
	}
	if bytes.IndexByte(buf, '#') < 0 {
		return
	}
	line, col, off := t1.End.Line+1, t1.End.Column+1, t1.End.Offset
	var before *styleComment
	for {
		seg := buf
		j := bytes.IndexByte(buf, '\n')
		if j >= 0 {
			seg = buf[:j]
		}
		if pos := bytes.IndexByte(seg, '#'); pos >= 0 {
			c := &styleComment{Line: line, Col: col + runeCount(seg[:pos]), Offset: off + pos, Before: i, After: i + 1, Prev: before}
			if t2 == nil {
				c.After = -1
			}
			d.comments = append(d.comments, c)
			before = c
		}
		if j < 0 {
			break
		}
		buf = buf[j+1:]
		off += j + 1
		line++
		col = 1
	}
}

// inline reports whether the comment follows content on its line.
func (d *styleData) inline(c *styleComment) bool {
	t := d.at(c.Before)
	return t.Kind != yamltok.StreamStart && c.Line == t.End.Line+1 && !(t.End.Offset > 0 && d.src[t.End.Offset-1] == '\n')
}

func runeCount(b []byte) int {
	for _, c := range b {
		if c >= 0x80 {
			return utf8.RuneCount(b)
		}
	}
	return len(b)
}

// lineStartOf returns the offset of the start of the line holding off.
func (d *styleData) lineStartOf(off int) int {
	return bytes.LastIndexByte(d.src[:off], '\n') + 1
}

// lineOf returns the line holding off.
func (d *styleData) lineOf(off int) styleLine {
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i].End >= off })
	if i == len(d.lines) {
		i--
	}
	return d.lines[i]
}

// offsetAt converts yamllint's 1-based line and character column to a byte
// offset (clamped to the line's end, line break included). Token columns
// do not count a byte order mark (PyYAML skips it), line columns do.
func (d *styleData) offsetAt(line, col int, tokenColumn bool) int {
	if line < 1 {
		return 0
	}
	if line > len(d.lines) {
		return len(d.src)
	}
	l := d.lines[line-1]
	off := l.Start
	if tokenColumn && line == 1 && hasAt(d.src, 0, "\uFEFF") {
		off += 3
	}
	for n := 1; n < col && off < len(d.src) && d.src[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// report emits a diagnostic at yamllint's (line, column) point of a token
// or comment, covering length bytes, with optional fixes.
func (d *styleData) report(p *Pass, line, col, length int, msg string, fixes ...diag.Fix) {
	d.reportAt(p, d.offsetAt(line, col, true), length, msg, fixes...)
}

// reportLine is report for the line rules, whose columns count every
// character of the line.
func (d *styleData) reportLine(p *Pass, line, col, length int, msg string, fixes ...diag.Fix) {
	d.reportAt(p, d.offsetAt(line, col, false), length, msg, fixes...)
}

func (d *styleData) reportAt(p *Pass, start, length int, msg string, fixes ...diag.Fix) {
	end := min(start+max(length, 0), len(d.src))
	fixes = d.keepFixes(fixes)
	p.Report(diag.Diagnostic{Range: diag.Range{Start: start, End: end}, Message: msg, Fixes: fixes})
}

func edit(start, end int, text string) diag.TextEdit {
	return diag.TextEdit{Range: diag.Range{Start: start, End: end}, NewText: text}
}

func fix(title string, edits ...diag.TextEdit) diag.Fix {
	return diag.Fix{Title: title, Edits: edits, Kind: diag.FixSafe}
}

// spaceProblem is yamllint's spaces_after / spaces_before finding: the
// position to report, and the span of spaces a fix would replace.
type spaceProblem struct {
	line, col int
	msg       string
	from, to  int // byte span of the spaces
	want      int // spaces a fix should leave
	noFix     bool
}

// fixOnlyBefore drops the fix of sp unless next is a token after which
// moving it sideways cannot change the structure (a block collection after
// "- " or "? " would change indentation levels).
func fixOnlyBefore(sp *spaceProblem, next *tok) *spaceProblem {
	if sp != nil && !isKind(next, yamltok.Scalar, yamltok.FlowSequenceStart, yamltok.FlowMappingStart, yamltok.Alias) {
		sp.noFix = true
	}
	return sp
}

// spacesAfter checks the spaces between t and next on the same line.
func spacesAfter(t, next *tok, minS, maxS int, minDesc, maxDesc string) *spaceProblem {
	if next == nil || t.End.Line != next.Start.Line {
		return nil
	}
	spaces := next.Start.Offset - t.End.Offset
	if maxS != -1 && spaces > maxS {
		return &spaceProblem{line: t.Start.Line + 1, col: next.Start.Column, msg: maxDesc, from: t.End.Offset, to: next.Start.Offset, want: maxS}
	}
	if minS != -1 && spaces < minS {
		return &spaceProblem{line: t.Start.Line + 1, col: next.Start.Column + 1, msg: minDesc, from: t.End.Offset, to: next.Start.Offset, want: minS}
	}
	return nil
}

// spacesBefore checks the spaces between prev and t on the same line.
func (d *styleData) spacesBefore(t, prev *tok, minS, maxS int, minDesc, maxDesc string) *spaceProblem {
	if prev == nil || prev.End.Line != t.Start.Line {
		return nil
	}
	// A token ending at the start of the next line (a block scalar) does
	// not count.
	if prev.End.Offset > 0 && d.src[prev.End.Offset-1] == '\n' {
		return nil
	}
	spaces := t.Start.Offset - prev.End.Offset
	if maxS != -1 && spaces > maxS {
		return &spaceProblem{line: t.Start.Line + 1, col: t.Start.Column, msg: maxDesc, from: prev.End.Offset, to: t.Start.Offset, want: maxS}
	}
	if minS != -1 && spaces < minS {
		return &spaceProblem{line: t.Start.Line + 1, col: t.Start.Column + 1, msg: minDesc, from: prev.End.Offset, to: t.Start.Offset, want: minS}
	}
	return nil
}

// reportSpaces reports a spacing problem with a fix that sets the number of
// spaces (only when the span holds nothing but spaces).
func (d *styleData) reportSpaces(p *Pass, sp *spaceProblem) {
	if sp == nil {
		return
	}
	var fixes []diag.Fix
	if !sp.noFix && sp.from <= sp.to && bytes.Count(d.src[sp.from:sp.to], []byte{' '}) == sp.to-sp.from {
		have := sp.to - sp.from
		if have > sp.want {
			fixes = append(fixes, fix("Remove extra spaces", edit(sp.from+sp.want, sp.to, "")))
		} else {
			fixes = append(fixes, fix("Add spaces", edit(sp.to, sp.to, string(bytes.Repeat([]byte{' '}, sp.want-have)))))
		}
	}
	start := d.offsetAt(sp.line, sp.col, true)
	end := start
	if start >= sp.from && start < sp.to {
		end = sp.to
	}
	p.Report(diag.Diagnostic{Range: diag.Range{Start: start, End: end}, Message: sp.msg, Fixes: d.keepFixes(fixes)})
}

// reportSpacesWith reports a spacing problem with the given fix.
func (d *styleData) reportSpacesWith(p *Pass, sp *spaceProblem, f diag.Fix) {
	start := d.offsetAt(sp.line, sp.col, true)
	end := start
	if start >= sp.from && start < sp.to {
		end = sp.to
	}
	p.Report(diag.Diagnostic{Range: diag.Range{Start: start, End: end}, Message: sp.msg, Fixes: d.keepFixes([]diag.Fix{f})})
}

// lineIndent is the number of spaces starting t's line.
func (d *styleData) lineIndent(t *tok) int {
	start := d.lineStartOf(t.Start.Offset)
	n := 0
	for start+n < len(d.src) && d.src[start+n] == ' ' {
		n++
	}
	return n
}

// realEndLine is the 1-based line a token really ends on: scalars' end
// marks may sit after trailing line breaks.
func (d *styleData) realEndLine(t *tok) int {
	end := t.End.Line + 1
	if t.Kind != yamltok.Scalar {
		return end
	}
	for pos := t.End.Offset - 1; pos >= t.Start.Offset-1 && pos >= 0; pos-- {
		c := d.src[pos]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			break
		}
		if c == '\n' {
			end--
		}
	}
	return end
}

func (d *styleData) isExplicitKey(t *tok) bool {
	return t.Start.Offset < t.End.Offset && d.src[t.Start.Offset] == '?'
}

func isKind(t *tok, kinds ...yamltok.Kind) bool {
	if t == nil {
		return false
	}
	for _, k := range kinds {
		if t.Kind == k {
			return true
		}
	}
	return false
}

// forTokens calls fn for every token yamllint's rules see, with its
// neighbours (nil past the ends).
func (d *styleData) forTokens(fn func(i int, t, prev, next, nextnext *tok)) {
	for i := 0; i < d.nVisible; i++ {
		fn(i, &d.toks[i], d.at(i-1), d.at(i+1), d.at(i+2))
	}
}
