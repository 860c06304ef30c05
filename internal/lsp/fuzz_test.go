package lsp

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/corpus"
)

// FuzzLSPEdit drives the language server's edit path: open a document,
// check it through the server's cache, apply one incremental change at
// valid UTF-16 positions. The server's text must be the edit applied by
// hand, and the check of the edited text through the cache must equal a
// fresh check.
func FuzzLSPEdit(f *testing.F) {
	for i, s := range corpus.FuzzSeeds("../../testdata") {
		if i%4 == 0 { // a quarter of the seeds: each runs three checks
			f.Add(string(s), uint16(i), uint16(i*7), uint16(i*3), uint16(i*11), "x: 1\n")
		}
	}
	// Lints the server schedules itself wait an hour: this test runs them.
	s := newServer(Options{Debounce: time.Hour, IdleDelay: time.Hour})
	uri := protocol.DocumentURI("file:///fuzz/f.yaml")
	f.Fuzz(func(t *testing.T, src string, l1, c1, l2, c2 uint16, insert string) {
		if !utf8.ValidString(src) || !utf8.ValidString(insert) {
			return // the protocol carries UTF-8 JSON strings
		}
		s.didOpen(protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, Version: 1, Text: src}})
		// Not closed: a close publishes to the client, and reopening
		// replaces the document (the server allows a reopen).
		s.mu.Lock()
		d := s.docs[uri]
		s.mu.Unlock()
		linter, settings := s.linterFor(d.path)
		s.lint(linter, settings, d.path, d.text, d.parses)

		start, startPos := validPosition(src, int(l1), int(c1))
		end, endPos := validPosition(src, int(l2), int(c2))
		if end < start {
			start, end, startPos, endPos = end, start, endPos, startPos
		}
		var p didChangeParams
		p.TextDocument.URI, p.TextDocument.Version = uri, 2
		p.ContentChanges = append(p.ContentChanges, struct {
			Range *changeRange `json:"range"`
			Text  string       `json:"text"`
		}{Range: &changeRange{
			Start: changePosition{Line: int64(startPos.Line), Character: int64(startPos.Character)},
			End:   changePosition{Line: int64(endPos.Line), Character: int64(endPos.Character)},
		}, Text: insert})
		s.didChange(p)
		want := src[:start] + insert + src[end:]
		s.mu.Lock()
		text, parses := d.text, d.parses
		s.mu.Unlock()
		if string(text) != want {
			t.Fatalf("server text after the edit\n got %q\nwant %q", text, want)
		}
		got := s.lint(linter, settings, d.path, text, parses)
		fresh := linter.Lint(d.path, text)
		if !reflect.DeepEqual(got.Diagnostics, fresh.Diagnostics) {
			t.Fatalf("cached check differs from a fresh one\ncached %+v\nfresh  %+v\ntext %q", got.Diagnostics, fresh.Diagnostics, text)
		}
	})
}

// validPosition maps fuzz numbers to a position the protocol allows: a
// line of src and a UTF-16 column at a character boundary inside it
// (before "\r\n"), returned as a byte offset and an LSP position.
func validPosition(src string, line, col int) (int, protocol.Position) {
	var starts []int
	starts = append(starts, 0)
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	line %= len(starts)
	off := starts[line]
	end := len(src)
	if line+1 < len(starts) {
		end = starts[line+1] - 1
		if end > off && src[end-1] == '\r' {
			end--
		}
	}
	var bounds []int // byte offset of every character boundary on the line
	var units []int  // UTF-16 units before it
	u := 0
	for i := off; ; {
		bounds, units = append(bounds, i), append(units, u)
		if i >= end {
			break
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
		i += size
	}
	k := col % len(bounds)
	return bounds[k], protocol.Position{Line: uint32(line), Character: uint32(units[k])}
}
