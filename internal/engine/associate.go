package engine

import (
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Associate returns the schema Lint would apply to a parsed file, without
// checking it; the language server's hover and completion use it on text
// newer than the last lint.
func (l *Linter) Associate(path string, f *yamlfile.File) (schemas.Association, bool) {
	return l.assoc.Associate(path, f)
}
