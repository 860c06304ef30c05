package scanner

import (
	"io"
	"sync"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// The changes from upstream (see ../doc.go) live in this file: tokens are
// what upstream's scanner makes, made with fewer allocations.

const (
	// maxInterned is the longest string str looks up; longer ones are
	// rarely repeated.
	maxInterned = 64
	// maxInternTable bounds a context's table (contexts are pooled): a
	// file's repeated keys and indentation fit, and a larger table cost
	// more memory than it saved.
	maxInternTable = 1024
)

// str is string(rs): ASCII in one pass, and short strings through a table
// of those seen before, so the keys, indentation and values a file
// repeats cost no allocation. Upstream converted each token's value and
// origin with two passes over the runes and an allocation each, a fifth
// of scanning.
func (c *Context) str(rs []rune) string {
	if len(rs) == 0 {
		return ""
	}
	b := c.scratch[:0]
	for _, r := range rs {
		if r >= utf8.RuneSelf {
			return string(rs)
		}
		b = append(b, byte(r))
	}
	c.scratch = b
	if len(b) > maxInterned {
		return string(b)
	}
	if s, ok := c.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(c.interned) >= maxInternTable {
		clear(c.interned)
	}
	c.interned[s] = s
	return s
}

// reserved are the plain scalars token.New gives a type of their own
// (upstream's reservedKeywordMap; TestPlainTokenMatchesNew checks them).
var reserved = map[string]bool{
	"null": true, "Null": true, "NULL": true, "~": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	".inf": true, ".Inf": true, ".INF": true, "-.inf": true, "-.Inf": true, "-.INF": true,
	".nan": true, ".NaN": true, ".NAN": true,
}

// plainToken is token.New(value, org, pos) without its number parse for a
// value that cannot be a number: upstream parses every plain scalar with
// strconv, which allocates an error (and a copy of the value) for each
// word.
func plainToken(value, org string, pos *token.Position) *token.Token {
	if reserved[value] || mayBeNumber(value) {
		return token.New(value, org, pos)
	}
	return token.String(value, org, pos)
}

// mayBeNumber reports whether token.ToNumber could accept value: it reads
// a number only when, past one '+', one '-' and any '_', the value goes on
// with a digit or a '.' (strconv reads "inf" and "nan", but only where
// ToNumber's format allows no such word).
func mayBeNumber(v string) bool {
	i := 0
	if i < len(v) && v[i] == '+' {
		i++
	}
	if i < len(v) && v[i] == '-' {
		i++
	}
	for i < len(v) && v[i] == '_' {
		i++
	}
	return i < len(v) && (v[i] == '.' || v[i] >= '0' && v[i] <= '9')
}

// runeBuffers hold texts Tokenize has decoded, for the next file to
// reuse: upstream converted each text with []rune(text), a fresh
// allocation of four bytes per character (a twentieth of all allocation
// in a run over many files).
var runeBuffers sync.Pool // *[]rune

// maxPooledRunes bounds the buffers kept: a huge file's is left to the
// collector rather than held for the rest of the run.
const maxPooledRunes = 1 << 20

// decodeRunes is append(buf[:0], []rune(text)...) in one pass, ASCII
// without decoding; invalid UTF-8 reads as U+FFFD per byte, as with the
// conversion.
func decodeRunes(buf []rune, text string) []rune {
	if cap(buf) < len(text) {
		buf = make([]rune, 0, len(text)) // a rune per byte at most
	}
	buf = buf[:0]
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			buf = append(buf, rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		buf = append(buf, r)
		i += n
	}
	return buf
}

// Tokenize is goccy's lexer.Tokenize with this scanner.
func Tokenize(src string) token.Tokens {
	var s Scanner
	bp, _ := runeBuffers.Get().(*[]rune)
	if bp == nil {
		bp = new([]rune)
	}
	*bp = decodeRunes(*bp, src)
	s.initRunes(*bp)
	defer func() {
		// Tokens copy what they keep, so the text is free once scanned
		// (not after a panic, which the caller recovers from).
		if cap(*bp) <= maxPooledRunes {
			runeBuffers.Put(bp)
		}
	}()
	// About one token per eight bytes in real files: sized once instead of
	// doubled all the way up.
	tokens := make(token.Tokens, 0, len(src)/8+16)
	for {
		subTokens, err := s.Scan()
		if err == io.EOF {
			break
		}
		tokens.Add(subTokens...)
	}
	return tokens
}

// tabAfterSpace is strings.HasPrefix(strings.TrimPrefix(string(rs), " "),
// "\t") without converting rs, which upstream did at every ':' and '-'.
func tabAfterSpace(rs []rune) bool {
	if len(rs) > 0 && rs[0] == ' ' {
		rs = rs[1:]
	}
	return len(rs) > 0 && rs[0] == '\t'
}
