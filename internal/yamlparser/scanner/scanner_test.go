package scanner

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"

	"github.com/yamlint/yamlint/internal/corpus"
)

func tokenText(t *token.Token) string {
	p := t.Position
	return fmt.Sprintf("%s|%s|%s|%q|%q|%d:%d@%d i%d/%d", t.Type, t.CharacterType, t.Indicator, t.Value, t.Origin,
		p.Line, p.Column, p.Offset, p.IndentNum, p.IndentLevel)
}

// TestTokenizeMatchesUpstream: over the test data and the corpus
// (yaml-test-suite included) and some hand-written inputs, this scanner's
// tokens are goccy's, field by field.
func TestTokenizeMatchesUpstream(t *testing.T) {
	inputs := map[string]string{
		"numbers":  "a: [+_1, -.5, 0x1F, 1e5, 1_000, .inf, -.inf, .NaN, nan, inf, Infinity, +, -, _, 0o17, 017, 0b101, 1.2.3, +-5, -+5, 1__2, '', ~, Null, TRUE, yes]\n",
		"words":    "kind: Deployment\nname: nginx\nimage: nginx:1.27\nn: no\nt: t\nf: Fa\nd: -d\n",
		"unicode":  "name: héllo\nkey: 日本語\n\"ключ\": 'значение'\n",
		"blocks":   "a: |\n  x\n  y\nb: >-\n  z\n\n  w\nc: \"q\\n\\u00e9\"\n",
		"invalid":  "a: 'unterminated\nb: [1, 2\n\t- x\n",
		"comments": "# yamllint disable\na: 1 # c\n---\n...\n%YAML 1.2\n---\n&a b: *a\n<<: {x: 1}\n",
	}
	files := corpus.WithTestdata(t, "../../../testdata")
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil && len(src) <= 256<<10 {
			inputs[p] = string(src)
		}
	}
	tokens := 0
	for name, src := range inputs {
		want, got := lexer.Tokenize(src), Tokenize(src)
		if len(got) != len(want) {
			t.Errorf("%s: %d tokens, upstream %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if g, w := tokenText(got[i]), tokenText(want[i]); g != w {
				t.Errorf("%s: token %d\n got %s\nwant %s", name, i, g, w)
				break
			}
		}
		tokens += len(want)
	}
	t.Logf("%d inputs, %d tokens as upstream", len(inputs), tokens)
	if tokens < 100 {
		t.Errorf("only %d tokens compared", tokens)
	}
}

// TestPlainTokenMatchesNew: plainToken makes the token token.New makes.
func TestPlainTokenMatchesNew(t *testing.T) {
	values := []string{"", "+", "-", "_", ".", "+_1", "-.5", "0x1F", "0X1F", "1e5", "1_000", ".inf", "-.inf", "+.inf", ".NaN",
		"nan", "NaN", "inf", "Inf", "Infinity", "infinity", "-inf", "+inf", "0o17", "017", "0b101", "1.2.3", "+-5", "-+5",
		"1__2", "_1", "__", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
		"yes", "no", "on", "off", "y", "n", "nginx", "kind", "Deployment", "0", "-0", "00", "0.", ".0", "1.", "e1", "x1",
		"0x", "0b", "0o", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e400", "0x1p-2", "12:30",
		"2001-12-14", "héllo", "日本", "- a", "a b", " 1", "1 "}
	for c := 0; c < 128; c++ {
		values = append(values, string(rune(c)), string(rune(c))+"1", "1"+string(rune(c)))
	}
	for _, v := range values {
		pos := &token.Position{Line: 1, Column: 2, Offset: 3}
		if g, w := tokenText(plainToken(v, "o"+v, pos)), tokenText(token.New(v, "o"+v, pos)); g != w {
			t.Errorf("%q:\n got %s\nwant %s", v, g, w)
		}
	}
}

// TestStrInterns: repeated short strings are shared, long and non-ASCII
// ones converted as they are, and the table stays bounded.
func TestStrInterns(t *testing.T) {
	c := createContext()
	a, b := c.str([]rune("name")), c.str([]rune("name"))
	if a != "name" || b != "name" || len(c.interned) != 1 {
		t.Fatalf("got %q %q, table %d", a, b, len(c.interned))
	}
	if s := c.str([]rune("héllo")); s != "héllo" {
		t.Errorf("non-ASCII: %q", s)
	}
	long := strings.Repeat("x", maxInterned+1)
	if s := c.str([]rune(long)); s != long || len(c.interned) != 1 {
		t.Errorf("long string interned or changed")
	}
	for i := 0; i < 2*maxInternTable; i++ {
		c.str([]rune(fmt.Sprint(i)))
	}
	if len(c.interned) > maxInternTable {
		t.Errorf("table grew to %d", len(c.interned))
	}
}

// FuzzTokenize: on any input, this scanner's tokens are goccy's (or both
// panic alike).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"a: 1\n", "- [+_1, .inf, nginx, 'q', \"d\"]\n", "k: |\n  x\n\t- y\n", "&a b: *a\n<<: {}\n", "é: ~\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		tokenize := func(fn func(string) token.Tokens) (out []string) {
			defer func() {
				if r := recover(); r != nil {
					out = []string{"panic"}
				}
			}()
			for _, tk := range fn(src) {
				out = append(out, tokenText(tk))
			}
			return out
		}
		want, got := tokenize(lexer.Tokenize), tokenize(Tokenize)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("tokens differ from upstream\n got %q\nwant %q", got, want)
		}
	})
}

// TestDecodeRunes: decodeRunes is the []rune conversion, reusing a
// buffer, on ASCII, multi-byte and invalid UTF-8, shorter and longer
// than the buffer's last text.
func TestDecodeRunes(t *testing.T) {
	var buf []rune
	for _, text := range []string{"a: b\n", "", "ключ: значение # 注释\n", "\xff\xfe bad \xe2\x82", "x", "a: 😀\n" + strings.Repeat("- y\n", 100)} {
		buf = decodeRunes(buf, text)
		if want := []rune(text); !slices.Equal(buf, want) {
			t.Errorf("decodeRunes(%q) = %q, want %q", text, string(buf), string(want))
		}
	}
}
