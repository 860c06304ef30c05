// Package yamlfile parses YAML source once into the form every check reads:
// documents as trees of positioned nodes carrying their JSON-like values,
// plus syntax and duplicate-key diagnostics, comments and a line index.
//
// Positions are byte offsets into File.Src. Nothing downstream re-parses.
package yamlfile

import (
	"bytes"
	"sync"

	"github.com/goccy/go-yaml/token"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlparser/scanner"
)

// Kind is the kind of a node.
type Kind uint8

const (
	Null Kind = iota
	Scalar
	Mapping
	Sequence
)

func (k Kind) String() string {
	switch k {
	case Scalar:
		return "scalar"
	case Mapping:
		return "mapping"
	case Sequence:
		return "sequence"
	}
	return "null"
}

// Style is how a scalar was written.
type Style uint8

const (
	Plain Style = iota
	SingleQuoted
	DoubleQuoted
	Literal
	Folded
	Flow // a flow collection ({...} or [...])
	Block
)

// Node is one YAML node with its source ranges and converted value.
type Node struct {
	Kind  Kind
	Style Style
	// HasKey tells a mapping value from a sequence item or document root.
	HasKey bool
	// Alias is set on a node that is an alias (*name) of an anchored node;
	// Children and Value are shared with the anchored node.
	Alias bool
	// (The four small fields share one word: a tree has a node per few
	// bytes of source.)
	Tag string // explicit tag as written ("!Ref", "!!str"), "" if none
	// Range is the value's source range (from its tag or anchor, if any).
	Range diag.Range
	// Key and KeyRange are set when the node is the value of a mapping entry.
	Key      string
	KeyRange diag.Range
	// Children are a mapping's values (merge keys resolved, in order) or a
	// sequence's items.
	Children []*Node
	// Value is the JSON-like value: map[string]any, []any, string, int64,
	// float64, bool or nil.
	Value any

	size int // nodes in the expanded value, for the alias-bomb guard
}

// Child returns a mapping's value for key, or nil.
func (n *Node) Child(key string) *Node {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for _, c := range n.Children {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// String returns the scalar value as a string when it is one.
func (n *Node) String() (string, bool) {
	if n == nil {
		return "", false
	}
	s, ok := n.Value.(string)
	return s, ok
}

// Document is one YAML document of a file.
type Document struct {
	Index int
	// Range covers the document's content.
	Range diag.Range
	// Root is nil for an empty document or one that failed to parse.
	Root *Node
	// Broken is set when the document had a syntax error; its Root is nil.
	Broken bool
	// Approximate is set when the document only parsed with its template
	// placeholders ("{{ x }}") read as plain text: its values approximate
	// what the placeholders will become.
	Approximate bool
}

// Value returns the document's JSON-like value (nil when empty).
func (d *Document) Value() any {
	if d.Root == nil {
		return nil
	}
	return d.Root.Value
}

// Comment is one "# ..." comment; Text excludes the leading "#".
type Comment struct {
	Range diag.Range
	Text  string
}

// Options control parsing.
type Options struct {
	// CustomTags declares tags the files use ("!Ref", "!Ref scalar").
	// Every unknown tag validates as its untagged value; a declared tag with
	// a kind is reported when applied to another kind of node.
	CustomTags []string
}

// File is a parsed YAML file.
type File struct {
	Path  string
	Src   []byte
	Lines *textpos.LineIndex
	Docs  []*Document
	// Syntax holds syntax and duplicate-key diagnostics found while parsing.
	Syntax []diag.Diagnostic
	// BOM is the length in bytes of a leading UTF-8 byte order mark (0 or 3).
	BOM int

	commentsOnce sync.Once
	comments     []Comment
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse parses src. It never fails: problems become diagnostics in
// File.Syntax, and documents that parse are kept even when others do not.
func Parse(path string, src []byte, opts Options) *File {
	f := &File{Path: path, Src: src, Lines: textpos.New(src)}
	if bytes.HasPrefix(src, utf8BOM) {
		f.BOM = len(utf8BOM)
	}
	p := &parser{file: f, opts: opts, tags: parseCustomTags(opts.CustomTags)}
	p.parse(nil)
	clampRanges(f)
	return f
}

// ParseCached is Parse reusing, from cache, the documents of an earlier
// version of the same file that an edit did not change, and recording this
// version's for the next call. The language server keeps one Cache per open
// document; the result is the same as Parse's.
func ParseCached(path string, src []byte, opts Options, cache *Cache) *File {
	f := &File{Path: path, Src: src, Lines: textpos.New(src)}
	if bytes.HasPrefix(src, utf8BOM) {
		f.BOM = len(utf8BOM)
	}
	p := &parser{file: f, opts: opts, tags: parseCustomTags(opts.CustomTags)}
	p.parse(cache)
	clampRanges(f)
	return f
}

// clampRanges keeps every range inside the text. Only a lone CR (a line
// break to the parser, not to the line index) can push a position computed
// from a line and column past a line's end, so files without one are left
// as they are (found by FuzzParse: " \r{}").
func clampRanges(f *File) {
	if bytes.IndexByte(f.Src, '\r') < 0 {
		return
	}
	n := len(f.Src)
	fix := func(r *diag.Range) {
		r.Start = min(max(r.Start, 0), n)
		r.End = min(max(r.End, r.Start), n)
	}
	seen := map[*Node]bool{}
	var walk func(*Node)
	walk = func(nd *Node) {
		if nd == nil || seen[nd] {
			return
		}
		seen[nd] = true
		fix(&nd.Range)
		fix(&nd.KeyRange)
		if nd.Alias {
			return // its children are the anchored node's, walked where it stands
		}
		for _, c := range nd.Children {
			walk(c)
		}
	}
	for _, d := range f.Docs {
		fix(&d.Range)
		walk(d.Root)
	}
	for i := range f.Syntax {
		fix(&f.Syntax[i].Range)
	}
}

// Comments returns every comment in the file, in source order, found by
// goccy/go-yaml's lexer on first use.
func (f *File) Comments() []Comment {
	f.commentsOnce.Do(f.findComments)
	return f.comments
}

func (f *File) findComments() {
	defer func() {
		// The lexer is third-party code fed arbitrary bytes: a panic there
		// must not take down the run. Comments then come from a line scan.
		if recover() != nil {
			f.comments = scanComments(f.Src)
		}
	}()
	for _, t := range scanner.Tokenize(string(normalizeNewlines(f.Src[f.BOM:]))) {
		if t.Type != token.CommentType || t.Position == nil {
			continue
		}
		start := f.offsetOf(t.Position)
		if start < 0 || start >= len(f.Src) || f.Src[start] != '#' {
			// The lexer takes a bare "\r" as a line break and Lines does
			// not, so after one the token positions miss: the line scan
			// finds this file's comments instead.
			f.comments = scanComments(f.Src)
			return
		}
		// The token's position is that of "#"; its text runs to the line end.
		end := commentEnd(f.Src, start)
		f.comments = append(f.comments, Comment{Range: diag.Range{Start: start, End: end}, Text: string(f.Src[start+1 : end])})
	}
}

// scanComments finds comments by a plain line scan, ignoring "#" inside
// quotes on the same line. Used when the lexer failed or its positions
// cannot be trusted. A bare "\r" ends a line here, as it does for YAML.
func scanComments(src []byte) []Comment {
	var out []Comment
	for start := 0; start < len(src); {
		next := lineEnd(src, start)
		text := src[start:next]
		var quote byte
	scan:
		for i, c := range text {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				if i == 0 || bytes.IndexByte([]byte(" :[{,"), text[i-1]) >= 0 {
					quote = c
				}
			case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
				end := commentEnd(src, start+i)
				out = append(out, Comment{Range: diag.Range{Start: start + i, End: end}, Text: string(src[start+i+1 : end])})
				break scan
			}
		}
		start = next + 1
	}
	return out
}

// lineEnd is the offset of the first line break ("\n", or "\r" alone or in
// "\r\n") at or after from, or len(src).
func lineEnd(src []byte, from int) int {
	if i := bytes.IndexAny(src[from:], "\r\n"); i >= 0 {
		return from + i
	}
	return len(src)
}

// commentEnd is the end of the comment whose "#" is at start: the line
// end, less trailing blanks.
func commentEnd(src []byte, start int) int {
	end := lineEnd(src, start)
	for end > start+1 && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	return end
}

// offsetOf converts a goccy token position (1-based line, 1-based character
// column, counted after any BOM) to a byte offset in Src.
func (f *File) offsetOf(pos *token.Position) int {
	col := pos.Column
	if pos.Line == 1 && f.BOM > 0 {
		col++ // the BOM is one character on the first line
	}
	return f.Lines.Offset(pos.Line, col)
}

// Pointer formats a path as a JSON pointer ("/a/0/b").
func Pointer(path []string) string {
	var b bytes.Buffer
	for _, seg := range path {
		b.WriteByte('/')
		for i := 0; i < len(seg); i++ {
			switch seg[i] {
			case '~':
				b.WriteString("~0")
			case '/':
				b.WriteString("~1")
			default:
				b.WriteByte(seg[i])
			}
		}
	}
	return b.String()
}
