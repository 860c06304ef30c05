package yamlfile

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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
	// keys are the chunks' cache keys: the text, and what reads it otherwise.
	var keys []string
	if cache != nil {
		keys = make([]string, len(chunks))
		for i, c := range chunks {
			keys[i] = string(body[c.start:c.end])
			if c.line == 0 && p.file.BOM > 0 {
				keys[i] += "\x00bom" // columns on the first line skip the BOM
			}
			if c.unended >= 0 {
				// The same text reads differently after a document that was
				// not closed with "...": its directives are an error then.
				keys[i] += "\x00unended"
			}
		}
	}
	pre := p.parseAhead(body, chunks, func(i int) bool { return cache == nil || cache.chunks[keys[i]] == nil })
	defer pre.stop()
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
			key = keys[i]
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
		r := pre.result(i, text)
		if r.deep >= 0 {
			p.tooDeep(text, r.deep, c.line)
			p.file.Docs = append(p.file.Docs, &Document{Index: len(p.file.Docs), Range: rng, Broken: true})
			continue
		}
		af, err, approximate := r.af, r.err, r.approximate
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

// chunkParse is the parser library's reading of one chunk.
type chunkParse struct {
	deep        int // offset where nesting crosses MaxDepth, or -1 (then not parsed)
	af          *ast.File
	err         error
	approximate bool // parsed with template placeholders blanked
}

func parseChunk(text []byte) chunkParse {
	if at := depthExceeded(text, MaxDepth); at >= 0 {
		return chunkParse{deep: at}
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
	return chunkParse{deep: -1, af: af, err: err, approximate: approximate}
}

// parallelParseMin is the body size from which a file's documents are
// parsed on several cores: below it, the file is parsed before a
// goroutine would start. (The CLI already checks files in parallel; this
// is for the one large multi-document file.)
var parallelParseMin = 32 << 10 // ~1,500 lines: milliseconds of parsing

// aheadParses reads chunks with the parser library on other goroutines,
// in order and at most a window ahead of the conversion (each parsed
// chunk's syntax tree is held until converted, so memory stays that of a
// few documents), while the caller converts the earlier ones in order.
type aheadParses struct {
	results []chunkParse
	done    []chan struct{}
	slots   chan struct{} // a token per chunk parsed and not yet converted
	quit    chan struct{}
	wg      sync.WaitGroup
}

func (p *parser) parseAhead(body []byte, chunks []chunk, needed func(int) bool) *aheadParses {
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	if len(body) < parallelParseMin || workers < 2 {
		return nil
	}
	a := &aheadParses{results: make([]chunkParse, len(chunks)), done: make([]chan struct{}, len(chunks)),
		slots: make(chan struct{}, 2*workers), quit: make(chan struct{})}
	var todo []int
	for i := range chunks {
		if needed(i) {
			a.done[i] = make(chan struct{})
			todo = append(todo, i)
		}
	}
	var next atomic.Int64
	for range workers {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			for {
				select {
				case a.slots <- struct{}{}:
				case <-a.quit:
					return
				}
				// Slots are taken before the chunk index, so the chunks
				// held are always the next ones the caller converts.
				j := int(next.Add(1)) - 1
				if j >= len(todo) {
					<-a.slots
					return
				}
				i := todo[j]
				c := chunks[i]
				a.results[i] = parseChunk(body[c.start:c.end])
				close(a.done[i])
			}
		}()
	}
	return a
}

// result returns chunk i's parse, from the goroutines when they took it.
func (a *aheadParses) result(i int, text []byte) chunkParse {
	if a == nil || a.done[i] == nil {
		return parseChunk(text)
	}
	<-a.done[i]
	r := a.results[i]
	a.results[i] = chunkParse{}
	<-a.slots
	return r
}

// stop ends the goroutines (the caller may skip chunks it found cached).
func (a *aheadParses) stop() {
	if a == nil {
		return
	}
	close(a.quit)
	a.wg.Wait()
}

func safeParse(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	return goparser.ParseBytes(src, goparser.ParseComments|goparser.SkipPaths, goparser.AllowDuplicateMapKey())
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
			// A token at the very end, after a lone "\r" (a line break to the
			// parser, not to the line index), ends before the line's end.
			end = max(end, start)
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

// clamp keeps a range computed from a token's text inside the source: the
// token's text can be longer than the bytes it came from (an invalid UTF-8
// byte becomes a 3-byte U+FFFD).
func (p *parser) clamp(r diag.Range) diag.Range {
	r.End = min(r.End, len(p.file.Src))
	r.Start = min(r.Start, r.End)
	return r
}
