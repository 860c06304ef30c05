package yamlfile

// Text preparation before the parser: workarounds for goccy/go-yaml that keep positions unchanged.

import (
	"bytes"
)

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
