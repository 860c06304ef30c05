package lsp

import (
	"bytes"

	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// docView is the YAML document around a position, for hover, completion
// and definition. When the latest lint is for the snapshot's version its
// parsed file is reused; otherwise only the document around the position is
// parsed: in a long multi-document file that is a small fraction of the
// work, and anchors, keys and schemas never cross document boundaries.
type docView struct {
	file   *yamlfile.File // the parsed text: the whole file, or one chunk
	doc    *yamlfile.Document
	base   int // offset of file's text in the snapshot text
	linter *engine.Linter
	schema string // URL of the schema the document is checked with, or ""
}

// local converts a snapshot offset to an offset in the view's file.
func (v *docView) local(off int) int { return off - v.base }

// global converts an offset in the view's file to a snapshot offset.
func (v *docView) global(off int) int { return off + v.base }

// view returns the document around off in text (the snapshot's text, or an
// edited copy of it when edited is set); nil when there is none.
func (s *Server) view(snap *snapshot, text []byte, off int, edited bool) *docView {
	linter, _ := s.linterFor(snap.path)
	v := &docView{linter: linter}
	r := snap.result
	current := r != nil && r.version == snap.version && r.res.File != nil
	if current && !edited {
		v.file = r.res.File
	} else {
		start, end := chunkAt(text, off)
		v.base = start
		v.file = yamlfile.Parse(snap.path, text[start:end], yamlfile.Options{CustomTags: linter.Config.CustomTags})
	}
	v.doc = docAt(v.file, v.local(off))
	if v.doc == nil {
		return v
	}
	// The file-level association (a modeline may sit in another document)
	// comes from the whole file: the last lint's parse when there is one,
	// even if a few edits old.
	whole := v.file
	if v.base != 0 || len(v.file.Src) != len(text) {
		if r != nil && r.res.File != nil {
			whole = r.res.File
		} else {
			whole = yamlfile.Parse(snap.path, text, yamlfile.Options{CustomTags: linter.Config.CustomTags})
		}
	}
	v.schema = v.schemaOf(snap, whole, off)
	return v
}

// chunkAt returns the byte range of the YAML document holding off: documents
// are separated by lines starting with a "---" marker, which ends any
// document (even inside a block scalar), as the engine's parser splits them.
func chunkAt(text []byte, off int) (start, end int) {
	for i := 0; i < len(text); {
		if i > 0 && isDocMarker(text[i:]) {
			if i <= off {
				start = i
			} else {
				return start, i
			}
		}
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return start, len(text)
}

func isDocMarker(b []byte) bool {
	if len(b) < 3 || string(b[:3]) != "---" {
		return false
	}
	return len(b) == 3 || b[3] == ' ' || b[3] == '\t' || b[3] == '\n' || b[3] == '\r'
}

// schemaOf is the schema of the document at off: the engine's answer from
// the last check (Result.DocSchemas) for the document at that position,
// else, before any check finished, the engine's DocumentSchema.
func (v *docView) schemaOf(snap *snapshot, whole *yamlfile.File, off int) string {
	if r := snap.result; r != nil && r.res.File != nil && len(r.res.DocSchemas) == len(r.res.File.Docs) {
		for i, d := range r.res.File.Docs {
			if d.Root != nil && off >= d.Root.Range.Start && off <= d.Root.Range.End {
				return r.res.DocSchemas[i]
			}
		}
	}
	return v.linter.DocumentSchema(snap.path, whole, v.doc)
}
