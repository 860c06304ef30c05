package yamlfile

// Splitting a stream into documents at column-0 markers, so one broken document does not hide the others.

import (
	"github.com/goccy/go-yaml/ast"
)

func isEmptyBody(n ast.Node) bool {
	switch n.(type) {
	case nil, *ast.DirectiveNode, *ast.CommentGroupNode, *ast.CommentNode:
		return true
	}
	return false
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
