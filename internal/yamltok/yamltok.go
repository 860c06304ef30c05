// Package yamltok is a YAML token scanner that reproduces the token stream of
// PyYAML's scanner (the one yamllint's style rules are written against):
// the same token kinds, the same start/end marks (including the quirks, such
// as a block scalar ending at the start of the line after it, or BlockEnd
// tokens placed where the dedent is found) and the same scanner errors.
//
// yamlint's style rules need this stream to report problems at exactly the
// line and column yamllint reports; the document parser in yamlfile serves
// the data checks and does not expose this level of detail.
//
// Marks count lines and columns from 0; columns count characters (runes),
// offsets count bytes.
package yamltok

import "fmt"

// Kind is a token kind.
type Kind uint8

// Token kinds, named after PyYAML's token classes.
const (
	StreamStart Kind = iota
	StreamEnd
	Directive
	DocumentStart
	DocumentEnd
	BlockSequenceStart
	BlockMappingStart
	BlockEnd
	FlowSequenceStart
	FlowMappingStart
	FlowSequenceEnd
	FlowMappingEnd
	Key
	Value
	BlockEntry
	FlowEntry
	Alias
	Anchor
	Tag
	Scalar
)

var kindNames = [...]string{"StreamStart", "StreamEnd", "Directive", "DocumentStart", "DocumentEnd",
	"BlockSequenceStart", "BlockMappingStart", "BlockEnd", "FlowSequenceStart", "FlowMappingStart",
	"FlowSequenceEnd", "FlowMappingEnd", "Key", "Value", "BlockEntry", "FlowEntry", "Alias", "Anchor",
	"Tag", "Scalar"}

func (k Kind) String() string { return kindNames[k] }

// Mark is a position: 0-based line, 0-based column in characters, byte offset.
type Mark struct {
	Line, Column, Offset int
}

// Token is one token.
type Token struct {
	Kind Kind
	// Plain is set on plain scalars.
	Plain bool
	// Style is 0 for plain scalars, else '\'', '"', '|' or '>'.
	Style byte
	// argLen is a tag's handle length (a prefix of Value) or a %YAML
	// directive's version length (the end of its text); see Handle and
	// YAMLVersion.
	argLen uint32
	// (Kind, Plain, Style and argLen share one word: a large file has a
	// token per five bytes, so the struct's size is a fifth of the style
	// rules' memory.)
	Start, End Mark
	// Value is a scalar's value, an anchor's or alias's name, a directive's
	// name ("YAML", "TAG") or a tag's handle+suffix as written.
	Value string
}

// Handle is a tag's handle ("!!", "!", "" for verbatim tags).
func (t *Token) Handle() string {
	if t.Kind != Tag || int(t.argLen) > len(t.Value) {
		return ""
	}
	return t.Value[:t.argLen]
}

// YAMLVersion is a %YAML directive's version ("1.1"), read from src, the
// text the token was scanned from.
func (t *Token) YAMLVersion(src []byte) string {
	if t.Kind != Directive || t.Value != "YAML" || t.End.Offset > len(src) || int(t.argLen) > t.End.Offset {
		return ""
	}
	return string(src[t.End.Offset-int(t.argLen) : t.End.Offset])
}

// Error is a scanner error at a position (PyYAML's ScannerError).
type Error struct {
	Mark    Mark
	Problem string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Mark.Line+1, e.Mark.Column+1, e.Problem)
}

type simpleKey struct {
	tokenNumber int
	required    bool
	mark        Mark
	live        bool
}

// keyStack holds the possible simple key of each open flow level (PyYAML's
// possible_simple_keys dict). A key is saved at a level only while no
// deeper level is open, so live keys are in source order by level: the
// stale check stops at the first fresh one and an insertion at the first
// older one. Scanning every level per token made deep nesting ("[" 50,000
// times) quadratic.
type keyStack struct {
	keys  []simpleKey // by flow level, up to the innermost open one
	first int         // no live key below this level
}

func (ks *keyStack) get(level int) (simpleKey, bool) {
	if level < len(ks.keys) && ks.keys[level].live {
		return ks.keys[level], true
	}
	return simpleKey{}, false
}

func (ks *keyStack) set(level int, k simpleKey) {
	for len(ks.keys) <= level {
		ks.keys = append(ks.keys, simpleKey{})
	}
	k.live = true
	ks.keys[level] = k
	ks.first = min(ks.first, level)
}

func (ks *keyStack) del(level int) {
	if level >= len(ks.keys) {
		return
	}
	ks.keys[level].live = false
}

// closeLevels drops the levels deeper than level, closed flow collections
// (their keys were removed as they closed).
func (ks *keyStack) closeLevels(level int) {
	if len(ks.keys) > level+1 {
		ks.keys = ks.keys[:level+1]
	}
	ks.first = min(ks.first, len(ks.keys))
}

func (ks *keyStack) reset() { ks.keys, ks.first = ks.keys[:0], 0 }

type scanner struct {
	src    []byte
	pos    int
	line   int
	column int

	tokens []Token
	done   bool

	flowLevel       int
	indent          int
	indents         []int
	allowSimpleKey  bool
	possibleKeys    keyStack
	lastTokenNumber int
}

// Scan returns the tokens of src, from StreamStart to StreamEnd. On a scanner
// error it returns the tokens PyYAML would have handed out before raising
// (tokens still held back for a possible simple key are not included) and
// the error.
func Scan(src []byte) (toks []Token, err *Error) { return ScanInto(nil, src) }

// ScanInto is Scan appending to buf[:0] (a buffer of an earlier scan the
// caller is done with), so a run over many files reuses one.
func ScanInto(buf []Token, src []byte) (toks []Token, err *Error) {
	s := &scanner{src: src, indent: -1, allowSimpleKey: true}
	// About one token per 5 bytes in typical YAML; growing a large slice
	// of tokens dominated the run time.
	if want := len(src)/5 + 16; cap(buf) >= want {
		s.tokens = buf[:0]
	} else {
		s.tokens = make([]Token, 0, want)
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
			// PyYAML keeps tokens in its queue while a simple key that could
			// still turn into a KEY token points at them.
			n := len(s.tokens)
			for _, k := range s.possibleKeys.keys {
				if k.live && k.tokenNumber < n {
					n = k.tokenNumber
				}
			}
			toks = s.tokens[:n]
		}
	}()
	m := s.mark()
	s.tokens = append(s.tokens, Token{Kind: StreamStart, Start: m, End: m})
	for !s.done {
		s.fetchMoreTokens()
	}
	return s.tokens, nil
}

func (s *scanner) fail(m Mark, format string, args ...any) {
	panic(&Error{Mark: m, Problem: fmt.Sprintf(format, args...)})
}

func (s *scanner) mark() Mark { return Mark{Line: s.line, Column: s.column, Offset: s.pos} }

// peek returns the byte n bytes ahead, 0 at the end (PyYAML's '\0').
func (s *scanner) peek(n int) byte {
	if s.pos+n < len(s.src) {
		return s.src[s.pos+n]
	}
	return 0
}

func (s *scanner) forward(n int) {
	for i := 0; i < n && s.pos < len(s.src); i++ {
		c := s.src[s.pos]
		s.pos++
		if c == '\n' || (c == '\r' && s.peek(0) != '\n') {
			s.line++
			s.column = 0
		} else if c&0xC0 != 0x80 {
			s.column++
		}
	}
}

func isBreak(c byte) bool { return c == '\r' || c == '\n' }

// isBlankZ: space, tab, line break or end of input.
func isBlankZ(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 }

func isBreakZ(c byte) bool { return c == '\r' || c == '\n' || c == 0 }

func (s *scanner) scanLineBreak() string {
	c := s.peek(0)
	if c == '\r' {
		if s.peek(1) == '\n' {
			s.forward(2)
		} else {
			s.forward(1)
		}
		return "\n"
	}
	if c == '\n' {
		s.forward(1)
		return "\n"
	}
	return ""
}

func (s *scanner) add(t Token) { s.tokens = append(s.tokens, t) }

func (s *scanner) insert(at int, t Token) {
	s.tokens = append(s.tokens, Token{})
	copy(s.tokens[at+1:], s.tokens[at:])
	s.tokens[at] = t
	// Saved simple keys past the insertion point move along.
	keys := s.possibleKeys.keys
	for lvl := len(keys) - 1; lvl >= s.possibleKeys.first; lvl-- {
		if !keys[lvl].live {
			continue
		}
		if keys[lvl].tokenNumber < at {
			break // older levels hold older keys
		}
		keys[lvl].tokenNumber++
	}
}

func (s *scanner) fetchMoreTokens() {
	s.scanToNextToken()
	s.staleSimpleKeys()
	s.unwindIndent(s.column)
	c := s.peek(0)
	switch {
	case s.pos >= len(s.src):
		s.fetchStreamEnd()
	case c == '%' && s.column == 0:
		s.fetchDirective()
	case c == '-' && s.checkDocIndicator('-'):
		s.fetchDocumentIndicator(DocumentStart)
	case c == '.' && s.checkDocIndicator('.'):
		s.fetchDocumentIndicator(DocumentEnd)
	case c == '[':
		s.fetchFlowCollectionStart(FlowSequenceStart)
	case c == '{':
		s.fetchFlowCollectionStart(FlowMappingStart)
	case c == ']':
		s.fetchFlowCollectionEnd(FlowSequenceEnd)
	case c == '}':
		s.fetchFlowCollectionEnd(FlowMappingEnd)
	case c == ',':
		s.fetchFlowEntry()
	case c == '-' && isBlankZ(s.peek(1)):
		s.fetchBlockEntry()
	case c == '?' && (s.flowLevel > 0 || isBlankZ(s.peek(1))):
		s.fetchKey()
	case c == ':' && (s.flowLevel > 0 || isBlankZ(s.peek(1))):
		s.fetchValue()
	case c == '*':
		s.fetchAnchor(Alias)
	case c == '&':
		s.fetchAnchor(Anchor)
	case c == '!':
		s.fetchTag()
	case c == '|' && s.flowLevel == 0:
		s.fetchBlockScalar('|')
	case c == '>' && s.flowLevel == 0:
		s.fetchBlockScalar('>')
	case c == '\'':
		s.fetchFlowScalar('\'')
	case c == '"':
		s.fetchFlowScalar('"')
	case s.checkPlain():
		s.fetchPlain()
	default:
		s.fail(s.mark(), "found character %s that cannot start any token", pyRepr(s.src[s.pos:]))
	}
}

// pyRepr renders the character at the start of b the way Python's %r does.
func pyRepr(b []byte) string {
	r := []rune(string(b[:min(len(b), 4)]))
	if len(r) == 0 {
		return "'\\x00'"
	}
	switch c := r[0]; {
	case c == '\t':
		return "'\\t'"
	case c == '\'':
		return "\"'\""
	case c == '\\':
		return "'\\\\'"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("'\\x%02x'", c)
	default:
		return "'" + string(c) + "'"
	}
}

func (s *scanner) checkDocIndicator(c byte) bool {
	return s.column == 0 && s.peek(0) == c && s.peek(1) == c && s.peek(2) == c && isBlankZ(s.peek(3))
}

func (s *scanner) checkPlain() bool {
	c := s.peek(0)
	switch c {
	case 0, ' ', '\t', '\r', '\n', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return !isBlankZ(s.peek(1)) && (c == '-' || (s.flowLevel == 0 && (c == '?' || c == ':')))
	}
	return true
}

func (s *scanner) scanToNextToken() {
	if s.pos == 0 && len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF {
		s.pos = 3 // a BOM does not count as a column
	}
	for {
		for s.peek(0) == ' ' {
			s.forward(1)
		}
		if s.peek(0) == '#' {
			for !isBreakZ(s.peek(0)) {
				s.forward(1)
			}
		}
		if s.scanLineBreak() != "" {
			if s.flowLevel == 0 {
				s.allowSimpleKey = true
			}
		} else {
			return
		}
	}
}

func (s *scanner) staleSimpleKeys() {
	ks := &s.possibleKeys
	for lvl := ks.first; lvl < len(ks.keys); lvl++ {
		k := ks.keys[lvl]
		if k.live {
			if k.mark.Line == s.line && s.pos-k.mark.Offset <= 1024 {
				break // deeper levels hold newer keys: fresh too
			}
			if k.required {
				s.fail(s.mark(), "could not find expected ':'")
			}
			ks.keys[lvl].live = false
		}
		if lvl == ks.first {
			ks.first++
		}
	}
}

func (s *scanner) savePossibleSimpleKey() {
	required := s.flowLevel == 0 && s.indent == s.column
	if s.allowSimpleKey {
		s.removePossibleSimpleKey()
		s.possibleKeys.set(s.flowLevel, simpleKey{tokenNumber: len(s.tokens), required: required, mark: s.mark()})
	}
}

func (s *scanner) removePossibleSimpleKey() {
	if k, ok := s.possibleKeys.get(s.flowLevel); ok {
		if k.required {
			s.fail(s.mark(), "could not find expected ':'")
		}
		s.possibleKeys.del(s.flowLevel)
	}
}

func (s *scanner) unwindIndent(column int) {
	if s.flowLevel > 0 {
		return
	}
	for s.indent > column {
		m := s.mark()
		s.indent = s.indents[len(s.indents)-1]
		s.indents = s.indents[:len(s.indents)-1]
		s.add(Token{Kind: BlockEnd, Start: m, End: m})
	}
}

func (s *scanner) addIndent(column int) bool {
	if s.indent < column {
		s.indents = append(s.indents, s.indent)
		s.indent = column
		return true
	}
	return false
}

func (s *scanner) simple(kind Kind, n int) {
	start := s.mark()
	s.forward(n)
	s.add(Token{Kind: kind, Start: start, End: s.mark()})
}

func (s *scanner) fetchStreamEnd() {
	s.unwindIndent(-1)
	s.removePossibleSimpleKey()
	s.allowSimpleKey = false
	s.possibleKeys.reset()
	m := s.mark()
	s.add(Token{Kind: StreamEnd, Start: m, End: m})
	s.done = true
}

func (s *scanner) fetchDirective() {
	s.unwindIndent(-1)
	s.removePossibleSimpleKey()
	s.allowSimpleKey = false
	s.add(s.scanDirective())
}

func (s *scanner) fetchDocumentIndicator(kind Kind) {
	s.unwindIndent(-1)
	s.removePossibleSimpleKey()
	s.allowSimpleKey = false
	s.simple(kind, 3)
}

func (s *scanner) fetchFlowCollectionStart(kind Kind) {
	s.savePossibleSimpleKey()
	s.flowLevel++
	s.allowSimpleKey = true
	s.simple(kind, 1)
}

func (s *scanner) fetchFlowCollectionEnd(kind Kind) {
	s.removePossibleSimpleKey()
	if s.flowLevel > 0 {
		s.flowLevel--
	}
	s.possibleKeys.closeLevels(s.flowLevel)
	s.allowSimpleKey = false
	s.simple(kind, 1)
}

func (s *scanner) fetchFlowEntry() {
	s.allowSimpleKey = true
	s.removePossibleSimpleKey()
	s.simple(FlowEntry, 1)
}

func (s *scanner) fetchBlockEntry() {
	if s.flowLevel == 0 {
		if !s.allowSimpleKey {
			s.fail(s.mark(), "sequence entries are not allowed here")
		}
		if s.addIndent(s.column) {
			m := s.mark()
			s.add(Token{Kind: BlockSequenceStart, Start: m, End: m})
		}
	}
	s.allowSimpleKey = true
	s.removePossibleSimpleKey()
	s.simple(BlockEntry, 1)
}

func (s *scanner) fetchKey() {
	if s.flowLevel == 0 {
		if !s.allowSimpleKey {
			s.fail(s.mark(), "mapping keys are not allowed here")
		}
		if s.addIndent(s.column) {
			m := s.mark()
			s.add(Token{Kind: BlockMappingStart, Start: m, End: m})
		}
	}
	s.allowSimpleKey = s.flowLevel == 0
	s.removePossibleSimpleKey()
	s.simple(Key, 1)
}

func (s *scanner) fetchValue() {
	if k, ok := s.possibleKeys.get(s.flowLevel); ok {
		s.possibleKeys.del(s.flowLevel)
		s.insert(k.tokenNumber, Token{Kind: Key, Start: k.mark, End: k.mark})
		if s.flowLevel == 0 && s.addIndent(k.mark.Column) {
			s.insert(k.tokenNumber, Token{Kind: BlockMappingStart, Start: k.mark, End: k.mark})
		}
		s.allowSimpleKey = false
	} else {
		if s.flowLevel == 0 {
			if !s.allowSimpleKey {
				s.fail(s.mark(), "mapping values are not allowed here")
			}
			if s.addIndent(s.column) {
				m := s.mark()
				s.add(Token{Kind: BlockMappingStart, Start: m, End: m})
			}
		}
		s.allowSimpleKey = s.flowLevel == 0
		s.removePossibleSimpleKey()
	}
	s.simple(Value, 1)
}

func (s *scanner) fetchAnchor(kind Kind) {
	s.savePossibleSimpleKey()
	s.allowSimpleKey = false
	start := s.mark()
	s.forward(1)
	n := 0
	for isWordChar(s.peek(n)) {
		n++
	}
	if n == 0 {
		s.fail(s.mark(), "expected alphabetic or numeric character, but found %s", pyRepr(s.src[s.pos:]))
	}
	v := string(s.src[s.pos : s.pos+n])
	s.forward(n)
	switch c := s.peek(0); c {
	case 0, ' ', '\t', '\r', '\n', '?', ':', ',', ']', '}', '%', '@', '`':
	default:
		s.fail(s.mark(), "expected alphabetic or numeric character, but found %s", pyRepr(s.src[s.pos:]))
	}
	s.add(Token{Kind: kind, Start: start, End: s.mark(), Value: v})
}

func isWordChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
}

func (s *scanner) fetchTag() {
	s.savePossibleSimpleKey()
	s.allowSimpleKey = false
	start := s.mark()
	var handle, suffix string
	c := s.peek(1)
	switch {
	case c == '<':
		s.forward(2)
		suffix = s.scanTagURI()
		if s.peek(0) != '>' {
			s.fail(s.mark(), "expected '>', but found %s", pyRepr(s.src[s.pos:]))
		}
		s.forward(1)
	case isBlankZ(c):
		handle, suffix = "", "!"
		s.forward(1)
	default:
		n := 1
		useHandle := false
		for !isBlankZ(s.peek(n)) {
			if s.peek(n) == '!' {
				useHandle = true
				break
			}
			n++
		}
		if useHandle {
			n = 1
			for isWordChar(s.peek(n)) {
				n++
			}
			if s.peek(n) != '!' {
				s.fail(s.mark(), "expected '!', but found %s", pyRepr(s.src[s.pos+n:]))
			}
			handle = string(s.src[s.pos : s.pos+n+1])
			s.forward(n + 1)
		} else {
			handle = "!"
			s.forward(1)
		}
		suffix = s.scanTagURI()
	}
	if !isBlankZ(s.peek(0)) {
		s.fail(s.mark(), "expected ' ', but found %s", pyRepr(s.src[s.pos:]))
	}
	s.add(Token{Kind: Tag, Start: start, End: s.mark(), Value: handle + suffix, argLen: uint32(len(handle))})
}

func (s *scanner) scanTagURI() string {
	n := 0
	for {
		c := s.peek(n)
		if isWordChar(c) || c >= 0x80 || (c != 0 && stringsContains(";/?:@&=+$,.!~*'()[]%", c)) {
			n++
			continue
		}
		break
	}
	if n == 0 {
		s.fail(s.mark(), "expected URI, but found %s", pyRepr(s.src[s.pos:]))
	}
	v := string(s.src[s.pos : s.pos+n])
	s.forward(n)
	return v
}

func stringsContains(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

func (s *scanner) scanDirective() Token {
	start := s.mark()
	s.forward(1)
	n := 0
	for isWordChar(s.peek(n)) {
		n++
	}
	if n == 0 {
		s.fail(s.mark(), "expected alphabetic or numeric character, but found %s", pyRepr(s.src[s.pos:]))
	}
	name := string(s.src[s.pos : s.pos+n])
	s.forward(n)
	if !isBlankZ(s.peek(0)) {
		s.fail(s.mark(), "expected alphabetic or numeric character, but found %s", pyRepr(s.src[s.pos:]))
	}
	var version string
	end := s.mark()
	switch name {
	case "YAML":
		for s.peek(0) == ' ' {
			s.forward(1)
		}
		n = 0
		for c := s.peek(n); c >= '0' && c <= '9' || c == '.'; c = s.peek(n) {
			n++
		}
		version = string(s.src[s.pos : s.pos+n])
		s.forward(n)
		end = s.mark()
	case "TAG":
		for s.peek(0) == ' ' {
			s.forward(1)
		}
		for !isBlankZ(s.peek(0)) {
			s.forward(1)
		}
		for s.peek(0) == ' ' {
			s.forward(1)
		}
		for !isBlankZ(s.peek(0)) {
			s.forward(1)
		}
		end = s.mark()
	default:
		for !isBreakZ(s.peek(0)) {
			s.forward(1)
		}
	}
	// The rest of the line: blanks and a comment.
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	if s.peek(0) == '#' {
		for !isBreakZ(s.peek(0)) {
			s.forward(1)
		}
	}
	if !isBreakZ(s.peek(0)) {
		s.fail(s.mark(), "expected a comment or a line break, but found %s", pyRepr(s.src[s.pos:]))
	}
	s.scanLineBreak()
	return Token{Kind: Directive, Start: start, End: end, Value: name, argLen: uint32(len(version))}
}

func (s *scanner) fetchBlockScalar(style byte) {
	s.allowSimpleKey = true
	s.removePossibleSimpleKey()
	s.add(s.scanBlockScalar(style))
}

func (s *scanner) scanBlockScalar(style byte) Token {
	folded := style == '>'
	var chunks []byte
	start := s.mark()
	s.forward(1)
	// Indicators: chomping (+/-) and an indentation digit, in either order.
	chomp := 0 // -1 strip, 0 clip, +1 keep
	increment := 0
	for i := 0; i < 2; i++ {
		c := s.peek(0)
		if (c == '+' || c == '-') && chomp == 0 {
			if c == '+' {
				chomp = 1
			} else {
				chomp = -1
			}
			s.forward(1)
		} else if c >= '0' && c <= '9' && increment == 0 {
			if c == '0' {
				s.fail(s.mark(), "expected indentation indicator in the range 1-9, but found 0")
			}
			increment = int(c - '0')
			s.forward(1)
		}
	}
	if !isBlankZ(s.peek(0)) {
		s.fail(s.mark(), "expected chomping or indentation indicators, but found %s", pyRepr(s.src[s.pos:]))
	}
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	if s.peek(0) == '#' {
		for !isBreakZ(s.peek(0)) {
			s.forward(1)
		}
	}
	if !isBreakZ(s.peek(0)) {
		s.fail(s.mark(), "expected a comment or a line break, but found %s", pyRepr(s.src[s.pos:]))
	}
	s.scanLineBreak()

	minIndent := s.indent + 1
	if minIndent < 1 {
		minIndent = 1
	}
	var breaks []byte
	var end Mark
	var indent int
	if increment == 0 {
		maxIndent := 0
		end = s.mark()
		for c := s.peek(0); c == ' ' || isBreak(c); c = s.peek(0) {
			if c != ' ' {
				breaks = append(breaks, s.scanLineBreak()...)
				end = s.mark()
			} else {
				s.forward(1)
				if s.column > maxIndent {
					maxIndent = s.column
				}
			}
		}
		indent = max(minIndent, maxIndent)
	} else {
		indent = minIndent + increment - 1
		breaks, end = s.blockScalarBreaks(indent)
	}
	lineBreak := ""
	for s.column == indent && s.pos < len(s.src) {
		chunks = append(chunks, breaks...)
		leadingNonSpace := s.peek(0) != ' ' && s.peek(0) != '\t'
		n := 0
		for !isBreakZ(s.peek(n)) {
			n++
		}
		chunks = append(chunks, s.src[s.pos:s.pos+n]...)
		s.forward(n)
		lineBreak = s.scanLineBreak()
		breaks, end = s.blockScalarBreaks(indent)
		if s.column == indent && s.pos < len(s.src) {
			if folded && lineBreak == "\n" && leadingNonSpace && s.peek(0) != ' ' && s.peek(0) != '\t' {
				if len(breaks) == 0 {
					chunks = append(chunks, ' ')
				}
			} else {
				chunks = append(chunks, lineBreak...)
			}
		} else {
			break
		}
	}
	if chomp != -1 {
		chunks = append(chunks, lineBreak...)
	}
	if chomp == 1 {
		chunks = append(chunks, breaks...)
	}
	return Token{Kind: Scalar, Start: start, End: end, Value: string(chunks), Style: style}
}

func (s *scanner) blockScalarBreaks(indent int) ([]byte, Mark) {
	var chunks []byte
	end := s.mark()
	for s.column < indent && s.peek(0) == ' ' {
		s.forward(1)
	}
	for isBreak(s.peek(0)) {
		chunks = append(chunks, s.scanLineBreak()...)
		end = s.mark()
		for s.column < indent && s.peek(0) == ' ' {
			s.forward(1)
		}
	}
	return chunks, end
}

func (s *scanner) fetchFlowScalar(style byte) {
	s.savePossibleSimpleKey()
	s.allowSimpleKey = false
	s.add(s.scanFlowScalar(style))
}

var escapeReplacements = map[byte]string{
	'0': "\x00", 'a': "\x07", 'b': "\x08", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\x0b", 'f': "\x0c",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
	'L': "\u2028", 'P': "\u2029",
}

func (s *scanner) scanFlowScalar(style byte) Token {
	double := style == '"'
	var chunks []byte
	start := s.mark()
	quote := s.peek(0)
	s.forward(1)
	chunks = s.flowScalarNonSpaces(chunks, double)
	for s.peek(0) != quote {
		chunks = s.flowScalarSpaces(chunks)
		chunks = s.flowScalarNonSpaces(chunks, double)
	}
	s.forward(1)
	return Token{Kind: Scalar, Start: start, End: s.mark(), Value: string(chunks), Style: style}
}

func (s *scanner) flowScalarNonSpaces(chunks []byte, double bool) []byte {
	for {
		n := 0
		for c := s.peek(n); c != '\'' && c != '"' && c != '\\' && !isBlankZ(c); c = s.peek(n) {
			n++
		}
		if n > 0 {
			chunks = append(chunks, s.src[s.pos:s.pos+n]...)
			s.forward(n)
		}
		c := s.peek(0)
		switch {
		case !double && c == '\'' && s.peek(1) == '\'':
			chunks = append(chunks, '\'')
			s.forward(2)
		case (double && c == '\'') || (!double && (c == '"' || c == '\\')):
			chunks = append(chunks, c)
			s.forward(1)
		case double && c == '\\':
			s.forward(1)
			c = s.peek(0)
			if r, ok := escapeReplacements[c]; ok {
				chunks = append(chunks, r...)
				s.forward(1)
			} else if c == 'x' || c == 'u' || c == 'U' {
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
				s.forward(1)
				v := 0
				for k := 0; k < n; k++ {
					d := s.peek(k)
					var x int
					switch {
					case d >= '0' && d <= '9':
						x = int(d - '0')
					case d >= 'a' && d <= 'f':
						x = int(d-'a') + 10
					case d >= 'A' && d <= 'F':
						x = int(d-'A') + 10
					default:
						s.fail(s.mark(), "expected escape sequence of %d hexadecimal numbers, but found %s", n, pyRepr(s.src[s.pos+k:]))
					}
					v = v*16 + x
				}
				chunks = append(chunks, string(rune(v))...)
				s.forward(n)
			} else if isBreak(c) {
				s.scanLineBreak()
				chunks = s.flowScalarBreaks(chunks)
			} else {
				s.fail(s.mark(), "found unknown escape character %s", pyRepr(s.src[s.pos:]))
			}
		default:
			return chunks
		}
	}
}

func (s *scanner) flowScalarSpaces(chunks []byte) []byte {
	n := 0
	for c := s.peek(n); c == ' ' || c == '\t'; c = s.peek(n) {
		n++
	}
	ws := s.src[s.pos : s.pos+n]
	s.forward(n)
	c := s.peek(0)
	switch {
	case s.pos >= len(s.src):
		s.fail(s.mark(), "found unexpected end of stream")
	case isBreak(c):
		lb := s.scanLineBreak()
		var breaks []byte
		breaks = s.flowScalarBreaks(breaks)
		if lb != "\n" {
			chunks = append(chunks, lb...)
		} else if len(breaks) == 0 {
			chunks = append(chunks, ' ')
		}
		chunks = append(chunks, breaks...)
	default:
		chunks = append(chunks, ws...)
	}
	return chunks
}

func (s *scanner) flowScalarBreaks(chunks []byte) []byte {
	for {
		if s.column == 0 && (s.checkDocIndicator('-') || s.checkDocIndicator('.')) {
			s.fail(s.mark(), "found unexpected document separator")
		}
		for s.peek(0) == ' ' || s.peek(0) == '\t' {
			s.forward(1)
		}
		if isBreak(s.peek(0)) {
			chunks = append(chunks, s.scanLineBreak()...)
		} else {
			return chunks
		}
	}
}

func (s *scanner) fetchPlain() {
	s.savePossibleSimpleKey()
	s.allowSimpleKey = false
	s.add(s.scanPlain())
}

func (s *scanner) scanPlain() Token {
	var chunks []byte
	start := s.mark()
	end := start
	indent := s.indent + 1
	var spaces []byte
	for {
		n := 0
		if s.peek(0) == '#' {
			break
		}
		for {
			c := s.peek(n)
			if isBlankZ(c) ||
				(c == ':' && (isBlankZ(s.peek(n+1)) || (s.flowLevel > 0 && stringsContains(",[]{}", s.peek(n+1))))) ||
				(s.flowLevel > 0 && stringsContains(",?[]{}", c)) {
				break
			}
			n++
		}
		if n == 0 {
			break
		}
		s.allowSimpleKey = false
		chunks = append(chunks, spaces...)
		chunks = append(chunks, s.src[s.pos:s.pos+n]...)
		s.forward(n)
		end = s.mark()
		var ok bool
		spaces, ok = s.plainSpaces()
		if !ok || s.peek(0) == '#' || (s.flowLevel == 0 && s.column < indent) {
			break
		}
	}
	return Token{Kind: Scalar, Start: start, End: end, Value: string(chunks), Plain: true}
}

// plainSpaces scans the blanks after a chunk of a plain scalar; ok is false
// when the scalar cannot continue (PyYAML's empty chunk list).
func (s *scanner) plainSpaces() (chunks []byte, ok bool) {
	n := 0
	for s.peek(n) == ' ' {
		n++
	}
	ws := s.src[s.pos : s.pos+n]
	s.forward(n)
	if isBreak(s.peek(0)) {
		lb := s.scanLineBreak()
		s.allowSimpleKey = true
		if s.checkDocIndicator('-') || s.checkDocIndicator('.') {
			return nil, false
		}
		var breaks []byte
		for c := s.peek(0); c == ' ' || isBreak(c); c = s.peek(0) {
			if c == ' ' {
				s.forward(1)
			} else {
				breaks = append(breaks, s.scanLineBreak()...)
				if s.checkDocIndicator('-') || s.checkDocIndicator('.') {
					return nil, false
				}
			}
		}
		if lb != "\n" {
			chunks = append(chunks, lb...)
		} else if len(breaks) == 0 {
			chunks = append(chunks, ' ')
		}
		chunks = append(chunks, breaks...)
		return chunks, true
	}
	if n > 0 {
		return ws, true
	}
	return nil, false
}
