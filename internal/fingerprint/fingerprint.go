// Package fingerprint gives each finding an identity that survives unrelated
// edits: lines inserted above it, other blocks re-indented. Baselines,
// SARIF partialFingerprints and GitLab Code Quality fingerprints use it.
//
// The identity is a hash of the code, the file path, the finding's node path
// (the YAML key path from the document root, from the parsed tree) and the
// offending line's text with its whitespace normalised; never the line
// number. Identical findings (same hash) are told apart by counting: the
// n-th occurrence in the file gets ":n".
package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/textpos"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Version names the fingerprint scheme; a baseline written with another
// scheme cannot be matched and says so.
const Version = "yamlint/v1"

// Input is one file's findings with what identifies them.
type Input struct {
	// Path as recorded (slash-separated, relative to the working directory).
	Path  string
	Src   []byte
	Lines *textpos.LineIndex
	// Tree is the parsed file, nil when it was not parsed (too big, binary):
	// the node path is then empty.
	Tree        *yamlfile.File
	Diagnostics []diag.Diagnostic
}

// Compute returns one fingerprint per diagnostic, "HASH:N" where N counts the
// diagnostics with the same HASH before it (1-based), in the order given.
func Compute(in Input) []string {
	lines := in.Lines
	if lines == nil && in.Src != nil {
		lines = textpos.New(in.Src)
	}
	out := make([]string, len(in.Diagnostics))
	seen := map[string]int{}
	for i, d := range in.Diagnostics {
		h := Hash(d.Code, in.Path, NodePath(in.Tree, d.Range.Start), LineText(lines, d.Range.Start))
		seen[h]++
		out[i] = h + ":" + strconv.Itoa(seen[h])
	}
	return out
}

// Hash is the occurrence-free identity of a finding.
func Hash(code, path, nodePath, line string) string {
	sum := sha256.New()
	for _, s := range []string{Version, code, path, nodePath, line} {
		sum.Write([]byte(s))
		sum.Write([]byte{0})
	}
	return hex.EncodeToString(sum.Sum(nil)[:16])
}

// Split returns a fingerprint's hash and occurrence number.
func Split(fp string) (hash string, n int) {
	h, num, ok := strings.Cut(fp, ":")
	if !ok {
		return fp, 1
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		n = 1
	}
	return h, n
}

// LineText is the text of the line holding offset with leading and trailing
// whitespace removed and inner runs of whitespace collapsed to one space, so
// re-indenting the line does not change it.
func LineText(lines *textpos.LineIndex, offset int) string {
	if lines == nil || lines.Lines() == 0 {
		return ""
	}
	l := lines.Line(offset)
	if l < 0 || l >= lines.Lines() {
		return ""
	}
	return strings.Join(strings.Fields(string(lines.LineText(l))), " ")
}

// NodePath is the JSON pointer of the innermost node holding offset,
// "" when the offset is in no parsed document.
func NodePath(tree *yamlfile.File, offset int) string {
	if tree == nil {
		return ""
	}
	for _, doc := range tree.Docs {
		if doc.Root == nil || offset < doc.Range.Start || offset > doc.Range.End {
			continue
		}
		if n, path, _ := doc.NodeAt(offset); n != nil {
			return yamlfile.Pointer(path)
		}
	}
	return ""
}
