package output

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"
)

func init() { Register("json", func(Options) Formatter { return jsonFormat{} }) }

// jsonFormat writes one JSON array of flat objects, for tools and scripts.
type jsonFormat struct{}

func (jsonFormat) withoutFingerprints() {}

type jsonDiag struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// Format writes what encoding/json's Encoder with a two-space indent
// writes for []jsonDiag (TestJSONMatchesEncodingJSON), without its
// reflection and re-indenting pass: a run with thousands of findings
// spent as long formatting them as checking a thousand files' house rules.
func (jsonFormat) Format(w io.Writer, files []File, _ Summary) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	n := 0
	for _, f := range files {
		for _, d := range f.Diagnostics {
			s := SpanOf(f, d)
			if n == 0 {
				buf = append(buf, "[\n"...)
			} else {
				buf = append(buf, ",\n"...)
			}
			n++
			buf = appendJSONDiag(buf, jsonDiag{f.Path, s.Line, s.Column, s.EndLine, s.EndColumn, d.Severity.String(), d.Code, d.Message})
			if len(buf) > 32<<10 {
				if _, err := bw.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	if n == 0 {
		buf = append(buf, "[]\n"...)
	} else {
		buf = append(buf, "\n]\n"...)
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

func appendJSONDiag(b []byte, d jsonDiag) []byte {
	b = append(b, "  {\n    \"file\": "...)
	b = appendJSONString(b, d.File)
	b = append(b, ",\n    \"line\": "...)
	b = strconv.AppendInt(b, int64(d.Line), 10)
	b = append(b, ",\n    \"column\": "...)
	b = strconv.AppendInt(b, int64(d.Column), 10)
	b = append(b, ",\n    \"endLine\": "...)
	b = strconv.AppendInt(b, int64(d.EndLine), 10)
	b = append(b, ",\n    \"endColumn\": "...)
	b = strconv.AppendInt(b, int64(d.EndColumn), 10)
	b = append(b, ",\n    \"severity\": "...)
	b = appendJSONString(b, d.Severity)
	b = append(b, ",\n    \"code\": "...)
	b = appendJSONString(b, d.Code)
	b = append(b, ",\n    \"message\": "...)
	b = appendJSONString(b, d.Message)
	return append(b, "\n  }"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping on
// (its default): <, > and & as \u escapes, U+2028 and U+2029 escaped,
// invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
