package scanner

import (
	"io"
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

// Tokenize is goccy's lexer.Tokenize with this scanner.
func Tokenize(src string) token.Tokens {
	var s Scanner
	s.Init(src)
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
