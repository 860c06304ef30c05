package yamlfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	goparser "github.com/yamlint/yamlint/internal/yamlparser"

	"github.com/yamlint/yamlint/internal/diag"
)

// MaxAliasNodes bounds how many nodes aliases may add to a file, over all
// its documents (the "billion laughs" attack): every check walks the
// expanded values, so a few hundred bytes must not become hours of work,
// and ten documents each just under a per-document bound must not either.
// A document whose aliases take the file past it is reported and not
// checked; documents without aliases still are.
const MaxAliasNodes = 1_000_000

// satAdd adds node counts, saturating far above any budget (an alias bomb's
// true size overflows an int).
func satAdd(a, b int) int {
	const ceiling = 1 << 50
	if a+b > ceiling || a+b < 0 {
		return ceiling
	}
	return a + b
}

type parser struct {
	file     *File
	opts     Options
	tags     map[string]Kind // declared custom tags; Null means "any kind"
	anchors  map[string]*Node
	lineBase int // lines before the chunk being parsed (error recovery)
	// aliasNodes counts the nodes aliases added so far in the file.
	aliasNodes int
}

type syntaxErr interface {
	GetToken() *token.Token
	GetMessage() string
}

// parse parses the file document by document. Document markers ("---" at
// column 0) always end a document, so each chunk between them parses alone
// exactly as in the whole stream; this confines a syntax error to its own
// document, and lets a Cache reuse the documents an edit did not touch.
func (p *parser) parse(cache *Cache) {
	body := blankCommentsAfterEmptyBlockScalars(normalizeNewlines(p.file.Src[p.file.BOM:]))
	chunks := splitDocuments(body)
	var next map[string]*cachedChunk
	if cache != nil {
		cache.mu.Lock()
		defer cache.mu.Unlock()
		next = make(map[string]*cachedChunk, len(chunks))
		if o := strings.Join(p.opts.CustomTags, "\n"); o != cache.opts {
			cache.chunks, cache.opts = nil, o // parsed under other options
		}
	}
	for i, c := range chunks {
		text := body[c.start:c.end]
		// Chunks are cut in the normalized body; their place in Src comes
		// from their first line, which normalization does not move.
		start := p.file.Lines.LineStart(c.line)
		end := len(p.file.Src)
		if i+1 < len(chunks) {
			end = p.file.Lines.LineStart(chunks[i+1].line)
		}
		if c.line == 0 {
			start = 0
		}
		rng := diag.Range{Start: start, End: end}
		key := ""
		if cache != nil {
			key = string(text)
			if c.line == 0 && p.file.BOM > 0 {
				key += "\x00bom" // columns on the first line skip the BOM
			}
			if c.unended >= 0 {
				// The same text reads differently after a document that was
				// not closed with "...": its directives are an error then.
				key += "\x00unended"
			}
			if cc := cache.chunks[key]; cc != nil && satAdd(p.aliasNodes, cc.aliasNodes) <= MaxAliasNodes {
				p.aliasNodes += cc.aliasNodes
				docs := cc.reuse(start)
				for _, d := range docs {
					d.Index = len(p.file.Docs)
					p.file.Docs = append(p.file.Docs, d)
				}
				next[key] = &cachedChunk{start: start, docs: docs, aliasNodes: cc.aliasNodes}
				continue
			}
		}
		firstDoc, firstDiag, aliasesBefore := len(p.file.Docs), len(p.file.Syntax), p.aliasNodes
		if c.unended >= 0 {
			at := p.file.Lines.LineStart(p.file.Lines.Line(start))
			p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
				Range: diag.Range{Start: at, End: p.file.Lines.LineEnd(p.file.Lines.Line(at))}, Severity: diag.SeverityError, Code: "syntax",
				Message: `a directive must follow a document end marker ("...")`,
			})
		}
		p.lineBase = c.line
		p.anchors = nil
		if at := depthExceeded(text, MaxDepth); at >= 0 {
			p.tooDeep(text, at, c.line)
			p.file.Docs = append(p.file.Docs, &Document{Index: len(p.file.Docs), Range: rng, Broken: true})
			continue
		}
		af, err := safeParse(text)
		approximate := false
		if err != nil {
			if alt, ok := blankTemplatePlaceholders(text); ok {
				if af2, err2 := safeParse(alt); err2 == nil {
					af, err, approximate = af2, nil, true
				}
			}
		}
		if err != nil {
			p.syntaxError(err, rng)
			p.file.Docs = append(p.file.Docs, &Document{Index: len(p.file.Docs), Range: rng, Broken: true})
		} else {
			for _, d := range af.Docs {
				p.addDocument(d, &rng)
			}
			for _, d := range p.file.Docs[firstDoc:] {
				d.Approximate = approximate
			}
		}
		// Chunks with findings are parsed afresh each time: their messages
		// name line numbers that move with the chunk.
		if cache != nil && len(p.file.Syntax) == firstDiag {
			next[key] = &cachedChunk{start: start, docs: append([]*Document(nil), p.file.Docs[firstDoc:]...), aliasNodes: p.aliasNodes - aliasesBefore}
		}
	}
	p.lineBase = 0
	p.file.Docs = dropTrailingEmpty(p.file.Docs)
	if cache != nil {
		cache.chunks = next
	}
}

func isEmptyBody(n ast.Node) bool {
	switch n.(type) {
	case nil, *ast.DirectiveNode, *ast.CommentGroupNode, *ast.CommentNode:
		return true
	}
	return false
}

// normalizeNewlines turns CRLF into LF for goccy/go-yaml, whose line count
// drifts after a comment ending in "\r\n". Line numbers and columns are the
// same in both texts, so positions still map onto the original bytes; YAML
// normalizes line breaks in scalars to "\n" anyway.
func normalizeNewlines(b []byte) []byte {
	if !bytes.Contains(b, []byte("\r\n")) {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// blankTemplatePlaceholders handles unrendered template placeholders such
// as "- {{ branch }}" or "key: {{ .Values.x }}". They are valid YAML (a flow
// mapping whose key is a flow mapping), but goccy/go-yaml cannot parse
// complex keys and fails. Only for a document that failed, the braces of
// placeholders standing where a value starts are replaced by spaces, same
// length, so the placeholder reads as the plain scalar inside and every
// position is kept; the caller keeps the result only if it then parses.
func blankTemplatePlaceholders(b []byte) ([]byte, bool) {
	if !bytes.Contains(b, []byte("{{")) {
		return nil, false
	}
	out := append([]byte(nil), b...)
	changed := false
	for i := 0; i+1 < len(out); i++ {
		if out[i] != '{' || out[i+1] != '{' {
			continue
		}
		// Only where a value starts: after "- ", ": ", or at a line's
		// indentation; never inside quoted text or after other content.
		j := i - 1
		for j >= 0 && (out[j] == ' ' || out[j] == '\t') {
			j--
		}
		if !(j < 0 || out[j] == '\n' || ((out[j] == '-' || out[j] == ':') && j+1 < i)) {
			continue
		}
		end := bytes.Index(out[i:], []byte("}}"))
		nl := bytes.IndexByte(out[i:], '\n')
		if end < 0 || (nl >= 0 && nl < end) {
			continue // closed on another line: leave it
		}
		end += i
		out[i], out[i+1], out[end], out[end+1] = ' ', ' ', ' ', ' '
		changed = true
		i = end + 1
	}
	return out, changed
}

// blankCommentsAfterEmptyBlockScalars works around two goccy/go-yaml bugs
// seen in Helm values files: an empty block scalar ("key: |") followed by a
// blank line and a comment fails with "non-map value is specified", and an
// anchored empty value ("key: &a") followed by a comment swallows the next
// keys as its value. A comment indented no deeper than such a line cannot be
// content, so replacing it with spaces in the parser's copy changes no value
// and keeps every position. Comments are read from the original source.
func blankCommentsAfterEmptyBlockScalars(b []byte) []byte {
	var out []byte // copied on first change
	headerIndent, blanks := -1, 0
	for start := 0; start < len(b); {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		line := b[start:end]
		trimmed := bytes.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			if headerIndent >= 0 {
				blanks++
			}
		case headerIndent >= 0 && trimmed[0] == '#' && indent <= headerIndent:
			if out == nil {
				out = append([]byte(nil), b...)
			}
			for i := start + indent; i < end; i++ {
				out[i] = ' '
			}
		default:
			headerIndent, blanks = -1, 0
			if isBlockScalarHeader(trimmed) || endsWithAnchor(trimmed) {
				headerIndent = indent
			}
		}
		start = end + 1
	}
	if out == nil {
		return b
	}
	return out
}

// isBlockScalarHeader reports whether a line (without its indentation)
// ends with a block scalar indicator: "key: |", "- >-", "key: |2 # note".
func isBlockScalarHeader(line []byte) bool {
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	j := len(line) - 1
	for j >= 0 && (line[j] == '-' || line[j] == '+' || (line[j] >= '0' && line[j] <= '9')) {
		j--
	}
	if j < 0 || (line[j] != '|' && line[j] != '>') {
		return false
	}
	return j == 0 || line[j-1] == ' '
}

// endsWithAnchor reports whether a line ends with an anchor on an empty
// value: "key: &name" or "- &name".
func endsWithAnchor(line []byte) bool {
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	i := bytes.LastIndexByte(line, '&')
	if i < 0 || i == len(line)-1 || bytes.ContainsAny(line[i:], " \t,[]{}") {
		return false
	}
	return i == 0 || line[i-1] == ' '
}

// dropTrailingEmpty removes the empty document a parser reports after a
// final "---" or for a file of only comments, so that it is not validated.
func dropTrailingEmpty(docs []*Document) []*Document {
	for len(docs) > 0 {
		last := docs[len(docs)-1]
		if last.Root != nil || last.Broken {
			break
		}
		docs = docs[:len(docs)-1]
	}
	for i, d := range docs {
		d.Index = i
	}
	return docs
}

func safeParse(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	return goparser.ParseBytes(src, goparser.ParseComments, goparser.AllowDuplicateMapKey())
}

type chunk struct {
	start, end, line int
	// unended is the offset of a directive that follows a document not
	// closed with "...", which YAML forbids; -1 if none.
	unended int
}

// splitDocuments splits src at lines starting with a document marker.
func splitDocuments(src []byte) []chunk {
	var out []chunk
	cur := chunk{unended: -1}
	line := 0
	// content tells whether the chunk so far holds more than directives,
	// comments and blank lines: only then does a "---" start a new one.
	// ended tells whether its last content line was a "..." end marker.
	content, ended := false, false
	// directive is where the last run of directive lines ("%YAML 1.2")
	// began; they belong to the document the next "---" starts.
	directive, directiveLine := -1, 0
	for i := 0; i < len(src); {
		switch {
		case isMarker(src[i:], "---"):
			if content {
				cut, cutLine := i, line
				unended := -1
				if directive > cur.start {
					cut, cutLine = directive, directiveLine
					if !ended {
						unended = directive
					}
				}
				cur.end = cut
				out = append(out, cur)
				cur = chunk{start: cut, line: cutLine, unended: unended}
			}
			content, ended, directive = true, false, -1
		case src[i] == '%':
			if directive < 0 {
				directive, directiveLine = i, line
			}
		case src[i] != '#' && src[i] != '\n' && src[i] != '\r':
			if !isBlank(lineAt(src, i)) {
				content, directive = true, -1
				ended = isMarker(src[i:], "...")
			}
		}
		j := i
		for j < len(src) && src[j] != '\n' {
			j++
		}
		if j < len(src) {
			j++
		}
		i = j
		line++
	}
	cur.end = len(src)
	return append(out, cur)
}

func lineAt(src []byte, i int) []byte {
	j := i
	for j < len(src) && src[j] != '\n' {
		j++
	}
	return src[i:j]
}

func isMarker(b []byte, m string) bool {
	if len(b) < 3 || string(b[:3]) != m {
		return false
	}
	return len(b) == 3 || b[3] == ' ' || b[3] == '\t' || b[3] == '\n' || b[3] == '\r'
}

func (p *parser) syntaxError(err error, within diag.Range) {
	msg := err.Error()
	rng := diag.Range{Start: within.Start, End: within.Start}
	if se, ok := err.(syntaxErr); ok {
		msg = se.GetMessage()
		if tk := se.GetToken(); tk != nil && tk.Position != nil {
			start := p.offset(tk)
			if start < within.Start || start > within.End {
				start = within.Start
			}
			end := start + len(tk.Value)
			if le := p.file.Lines.LineEnd(p.file.Lines.Line(start)); end > le {
				end = le
			}
			rng = diag.Range{Start: start, End: end}
		}
	}
	p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
		Range: rng, Severity: diag.SeverityError, Code: "syntax", Message: oneLine(msg),
	})
}

// tooDeep reports a document nested deeper than MaxDepth at the place,
// offset at in the chunk text that begins on line, where it crosses it.
func (p *parser) tooDeep(text []byte, at, line int) {
	nl := bytes.LastIndexByte(text[:at], '\n')
	line += bytes.Count(text[:at], []byte("\n"))
	start := min(p.file.Lines.LineStart(line)+at-(nl+1), p.file.Lines.LineEnd(line))
	p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
		Range: diag.Range{Start: start, End: p.file.Lines.LineEnd(line)}, Severity: diag.SeverityError, Code: "syntax",
		Message: fmt.Sprintf("collections nest deeper than %d levels here; the document is not parsed", MaxDepth),
	})
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// offset converts a token's position to a byte offset in File.Src.
func (p *parser) offset(tk *token.Token) int {
	pos := *tk.Position
	pos.Line += p.lineBase
	return p.file.offsetOf(&pos)
}

func (p *parser) addDocument(d *ast.DocumentNode, chunkRange *diag.Range) {
	if d.Start == nil && isEmptyBody(d.Body) {
		return // directives or comments before a "---", not a document
	}
	doc := &Document{Index: len(p.file.Docs)}
	p.anchors = map[string]*Node{} // anchors are scoped to their document
	aliasesBefore := p.aliasNodes
	root := p.convert(d.Body, false)
	doc.Root = root
	switch {
	case root != nil:
		doc.Range = root.Range
		if d.Start != nil && d.Start.Position != nil {
			doc.Range.Start = p.offset(d.Start)
		}
	case d.Start != nil && d.Start.Position != nil:
		s := p.offset(d.Start)
		doc.Range = diag.Range{Start: s, End: s + 3}
	case chunkRange != nil:
		doc.Range = *chunkRange
	}
	if root != nil && p.aliasNodes > aliasesBefore && p.aliasNodes > MaxAliasNodes {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: root.Range, Severity: diag.SeverityError, Code: "syntax",
			Message: fmt.Sprintf("aliases expand this file by more than %d nodes (a limit per file); this document is not checked", MaxAliasNodes),
		})
		doc.Root = nil
		doc.Broken = true
	}
	p.file.Docs = append(p.file.Docs, doc)
}

// convert turns a goccy node into a Node. flow tells whether n sits inside a
// flow collection, where ",", "]" and "}" end plain scalars.
func (p *parser) convert(n ast.Node, flow bool) *Node {
	switch n := n.(type) {
	case nil:
		return nil
	case *ast.DocumentNode:
		return p.convert(n.Body, flow)
	case *ast.MappingNode:
		return p.mapping(n, n.Values, n.IsFlowStyle || flow, n.IsFlowStyle)
	case *ast.MappingValueNode:
		return p.mapping(nil, []*ast.MappingValueNode{n}, flow, false)
	case *ast.SequenceNode:
		return p.sequence(n, flow)
	case *ast.AnchorNode:
		v := p.convert(n.Value, flow)
		start := p.offset(n.Start)
		if v == nil {
			v = &Node{Kind: Null, Range: p.clamp(diag.Range{Start: start, End: start + 1 + len(anchorName(n))}), size: 1}
		} else {
			v.Range.Start = start
		}
		p.anchors[anchorName(n)] = v
		return v
	case *ast.AliasNode:
		return p.alias(n)
	case *ast.TagNode:
		return p.tagged(n, flow)
	case *ast.LiteralNode:
		return p.blockScalar(n)
	case *ast.MappingKeyNode:
		return p.convert(n.Value, flow)
	case *ast.CommentGroupNode, *ast.CommentNode, *ast.DirectiveNode:
		return nil
	case ast.ScalarNode:
		return p.scalar(n, "", flow)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return nil
	}
	start := p.offset(tk)
	return &Node{Kind: Scalar, Range: diag.Range{Start: start, End: start + len(tk.Value)}, Value: tk.Value, size: 1}
}

// clamp keeps a range computed from a token's text inside the source: the
// token's text can be longer than the bytes it came from (an invalid UTF-8
// byte becomes a 3-byte U+FFFD).
func (p *parser) clamp(r diag.Range) diag.Range {
	r.End = min(r.End, len(p.file.Src))
	r.Start = min(r.Start, r.End)
	return r
}

func anchorName(n *ast.AnchorNode) string {
	if n.Name == nil {
		return ""
	}
	return n.Name.GetToken().Value
}

func (p *parser) alias(n *ast.AliasNode) *Node {
	start := p.offset(n.Start)
	name := ""
	if n.Value != nil {
		name = n.Value.GetToken().Value
	}
	rng := p.clamp(diag.Range{Start: start, End: start + 1 + len(name)})
	target := p.anchors[name]
	if target == nil {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: rng, Severity: diag.SeverityError, Code: "syntax",
			Message: fmt.Sprintf("alias *%s refers to no anchor defined before it", name),
		})
		return &Node{Kind: Null, Range: rng, Alias: true, size: 1}
	}
	p.aliasNodes = satAdd(p.aliasNodes, target.size)
	c := *target
	c.Range = rng
	c.Alias = true
	c.Key, c.KeyRange, c.HasKey = "", diag.Range{}, false
	return &c
}

func (p *parser) tagged(n *ast.TagNode, flow bool) *Node {
	tag := n.Start.Value
	start := p.offset(n.Start)
	var v *Node
	switch n.Value.(type) {
	case *ast.LiteralNode, *ast.AnchorNode, *ast.AliasNode, *ast.TagNode:
	default:
		if sc, ok := n.Value.(ast.ScalarNode); ok {
			v = p.scalar(sc, tag, flow)
		}
	}
	if v == nil {
		v = p.convert(n.Value, flow)
	}
	if v == nil {
		v = &Node{Kind: Null, Range: diag.Range{Start: start, End: start + len(tag)}, size: 1}
		if isStrTag(tag) || tag == "!" {
			v.Kind, v.Value = Scalar, ""
		}
	}
	v.Tag = tag
	v.Range.Start = start
	if want, declared := p.tags[tag]; declared && want != Null && want != v.Kind {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: diag.Range{Start: start, End: start + len(tag)}, Severity: diag.SeverityError, Code: "custom-tags",
			Message: fmt.Sprintf("tag %s is declared for a %s, not a %s", tag, want, v.Kind),
		})
	}
	return v
}

func isStrTag(tag string) bool { return tag == "!!str" || tag == "tag:yaml.org,2002:str" }

func (p *parser) mapping(n *ast.MappingNode, values []*ast.MappingValueNode, flow, flowStyle bool) *Node {
	node := &Node{Kind: Mapping, Style: Block, size: 1}
	if flowStyle {
		node.Style = Flow
	}
	m := make(map[string]any, len(values))
	seen := make(map[string]int, len(values))
	var merges []*Node
	node.Range = diag.Range{Start: -1, End: -1}
	for _, mv := range values {
		if mv == nil {
			continue
		}
		if node.Range.Start < 0 && mv.Key != nil {
			if tk := mv.Key.GetToken(); tk != nil && tk.Position != nil {
				node.Range.Start = p.offset(tk)
			}
		}
		if isMergeKey(mv.Key) {
			srcs, end := p.mergeSources(mv, flow)
			merges = append(merges, srcs...)
			node.Range.End = max(node.Range.End, end)
			continue
		}
		key, keyRange := p.key(mv.Key, flow)
		val := p.convert(mv.Value, flow)
		if val == nil {
			at := keyRange.End
			if mv.Start != nil && mv.Start.Position != nil {
				at = p.offset(mv.Start) + 1
			}
			val = &Node{Kind: Null, Range: diag.Range{Start: at, End: at}, size: 1}
		} else if val.Alias {
			c := *val
			val = &c
		}
		val.Key, val.KeyRange, val.HasKey = key, keyRange, true
		if i, dup := seen[key]; dup {
			first := p.file.Lines.Position(node.Children[i].KeyRange.Start)
			p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
				Range: keyRange, Severity: diag.SeverityError, Code: "duplicate-key",
				Message: fmt.Sprintf("duplicate key %q (first defined at line %d)", key, first.Line),
			})
			node.size -= node.Children[i].size
			node.Children[i] = val // the last one wins, as in most loaders
		} else {
			seen[key] = len(node.Children)
			node.Children = append(node.Children, val)
		}
		node.size = satAdd(node.size, val.size)
		m[key] = val.Value
		node.Range.End = max(node.Range.End, val.Range.End, keyRange.End)
	}
	// Merge keys: explicit keys win; among merged mappings the first wins.
	for _, src := range merges {
		for _, c := range src.Children {
			if _, ok := seen[c.Key]; ok {
				continue
			}
			seen[c.Key] = len(node.Children)
			node.Children = append(node.Children, c)
			node.size = satAdd(node.size, c.size)
			m[c.Key] = c.Value
		}
	}
	node.Value = m
	p.setCollectionRange(node, n)
	return node
}

func (p *parser) setCollectionRange(node *Node, n *ast.MappingNode) {
	if n != nil && n.IsFlowStyle && n.Start != nil && n.Start.Position != nil {
		node.Range.Start = p.offset(n.Start)
		if n.End != nil && n.End.Position != nil {
			node.Range.End = p.offset(n.End) + 1
		}
		return
	}
	if node.Range.Start < 0 {
		node.Range.Start = 0
		if n != nil && n.Start != nil && n.Start.Position != nil {
			node.Range.Start = p.offset(n.Start)
		}
	}
	if node.Range.End < node.Range.Start {
		node.Range.End = node.Range.Start
	}
}

func isMergeKey(k ast.MapKeyNode) bool {
	if _, ok := k.(*ast.MergeKeyNode); ok {
		return true
	}
	return false
}

func (p *parser) mergeSources(mv *ast.MappingValueNode, flow bool) ([]*Node, int) {
	v := p.convert(mv.Value, flow)
	if v == nil {
		return nil, -1
	}
	var out []*Node
	bad := false
	switch v.Kind {
	case Mapping:
		out = append(out, v)
	case Sequence:
		for _, c := range v.Children {
			if c.Kind == Mapping {
				out = append(out, c)
			} else {
				bad = true
			}
		}
	default:
		bad = true
	}
	if bad {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: v.Range, Severity: diag.SeverityError, Code: "syntax",
			Message: "a merge key (<<) takes a mapping or a list of mappings",
		})
	}
	return out, v.Range.End
}

// key returns the JSON object key for a mapping key and its range.
func (p *parser) key(k ast.MapKeyNode, flow bool) (string, diag.Range) {
	var n ast.Node = k
	if mk, ok := n.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	if n == nil {
		return "", diag.Range{}
	}
	switch n.(type) {
	case *ast.TagNode, *ast.AnchorNode, *ast.AliasNode, *ast.LiteralNode:
		// tagged, anchored or block keys take the general path below
	default:
		sc, ok := n.(ast.ScalarNode)
		if ok {
			tk := sc.GetToken()
			if tk != nil && tk.Position != nil {
				start := p.offset(tk)
				return tk.Value, diag.Range{Start: start, End: p.scalarEnd(start, styleOf(tk), true)}
			}
		}
	}
	// Tagged, anchored or complex keys: use the converted value's text.
	v := p.convert(n, flow)
	if v == nil {
		return "", diag.Range{}
	}
	switch val := v.Value.(type) {
	case string:
		return val, v.Range
	case nil:
		return "null", v.Range
	default:
		b, _ := json.Marshal(val)
		return string(b), v.Range
	}
}

func styleOf(tk *token.Token) Style {
	switch tk.Type {
	case token.SingleQuoteType:
		return SingleQuoted
	case token.DoubleQuoteType:
		return DoubleQuoted
	}
	return Plain
}

func (p *parser) sequence(n *ast.SequenceNode, flow bool) *Node {
	node := &Node{Kind: Sequence, Style: Block, size: 1}
	inFlow := flow || n.IsFlowStyle
	if n.IsFlowStyle {
		node.Style = Flow
	}
	vals := make([]any, 0, len(n.Values))
	for _, item := range n.Values {
		v := p.convert(item, inFlow)
		if v == nil {
			at := 0
			if n.Start != nil && n.Start.Position != nil {
				at = p.offset(n.Start) + 1
			}
			v = &Node{Kind: Null, Range: diag.Range{Start: at, End: at}, size: 1}
		} else if v.Alias {
			c := *v
			v = &c
		}
		node.Children = append(node.Children, v)
		node.size = satAdd(node.size, v.size)
		vals = append(vals, v.Value)
	}
	node.Value = vals
	if n.Start != nil && n.Start.Position != nil {
		node.Range.Start = p.offset(n.Start)
	}
	switch {
	case n.IsFlowStyle && n.End != nil && n.End.Position != nil:
		node.Range.End = p.offset(n.End) + 1
	case len(node.Children) > 0:
		node.Range.End = node.Children[len(node.Children)-1].Range.End
	default:
		node.Range.End = node.Range.Start + 1
	}
	return node
}

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

// resolveTagged applies a standard tag; unknown tags keep the untagged value.
func resolveTagged(tag, raw string, untagged any) any {
	name := strings.TrimPrefix(strings.TrimPrefix(tag, "tag:yaml.org,2002:"), "!!")
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		if tag == "!" {
			return raw
		}
		return untagged
	}
	switch name {
	case "str", "binary", "timestamp":
		return raw
	case "int":
		if v, ok := resolveInt(raw); ok {
			return v
		}
	case "float":
		if v, ok := resolveInt(raw); ok {
			switch i := v.(type) {
			case int64:
				return float64(i)
			}
		}
		if v, ok := resolveFloat(raw); ok {
			return v
		}
	case "bool":
		if v, ok := resolveBool(raw); ok {
			return v
		}
	case "null":
		return nil
	}
	return untagged
}

// resolvePlain resolves a plain scalar by the YAML 1.2 core schema.
func resolvePlain(s string) any {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	}
	if b, ok := resolveBool(s); ok {
		return b
	}
	c := s[0]
	if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' {
		if v, ok := resolveInt(s); ok {
			return v
		}
		if v, ok := resolveFloat(s); ok {
			return v
		}
	}
	return s
}

func resolveBool(s string) (bool, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

func resolveInt(s string) (any, bool) {
	body := s
	if len(body) > 0 && (body[0] == '-' || body[0] == '+') {
		body = body[1:]
	}
	if body == "" {
		return nil, false
	}
	base := 10
	switch {
	case strings.HasPrefix(s, "0o"):
		base, body = 8, s[2:]
	case strings.HasPrefix(s, "0x"):
		base, body = 16, s[2:]
	}
	if body == "" {
		return nil, false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		ok := c >= '0' && c <= '9'
		if base == 8 {
			ok = c >= '0' && c <= '7'
		} else if base == 16 {
			ok = ok || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		}
		if !ok {
			return nil, false
		}
	}
	if base == 10 {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v, true
		}
		return json.Number(strings.TrimPrefix(s, "+")), true
	}
	v, err := strconv.ParseInt(body, base, 64)
	if err != nil {
		return nil, false
	}
	return v, true
}

func resolveFloat(s string) (any, bool) {
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), true
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), true
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), true
	}
	// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return nil, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return nil, false
		}
	}
	if i != len(s) {
		return nil, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return v, true
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

func parseCustomTags(decls []string) map[string]Kind {
	if len(decls) == 0 {
		return nil
	}
	m := make(map[string]Kind, len(decls))
	for _, d := range decls {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		k := Null
		if len(fields) > 1 {
			switch fields[1] {
			case "scalar":
				k = Scalar
			case "sequence":
				k = Sequence
			case "mapping":
				k = Mapping
			}
		}
		m[fields[0]] = k
	}
	return m
}
