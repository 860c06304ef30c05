// Package textpos converts between byte offsets (used everywhere inside the
// engine) and line/column positions (used at the edges: 1-based characters for
// the CLI, 0-based UTF-16 code units for the language server).
package textpos

import (
	"sort"
	"unicode/utf8"
)

// LineIndex knows where every line of a source starts.
type LineIndex struct {
	src   []byte
	start []int // byte offset of the first byte of each line
}

// New indexes src. Lines end at "\n"; a "\r" before it belongs to the line
// ending, so CRLF files get the same columns as LF files.
func New(src []byte) *LineIndex {
	starts := make([]int, 1, len(src)/32+1)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{src: src, start: starts}
}

// Lines returns the number of lines (a final line without "\n" counts).
func (x *LineIndex) Lines() int { return len(x.start) }

// LineStart returns the byte offset where 0-based line starts.
func (x *LineIndex) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(x.start) {
		return len(x.src)
	}
	return x.start[line]
}

// LineEnd returns the byte offset of the end of 0-based line, excluding "\r\n".
func (x *LineIndex) LineEnd(line int) int {
	end := len(x.src)
	if line+1 < len(x.start) {
		end = x.start[line+1] - 1
	}
	if end > x.LineStart(line) && end-1 < len(x.src) && end > 0 && x.src[end-1] == '\r' {
		end--
	}
	return end
}

// LineText returns the text of 0-based line without its line ending.
func (x *LineIndex) LineText(line int) []byte {
	return x.src[x.LineStart(line):x.LineEnd(line)]
}

// Line returns the 0-based line holding offset.
func (x *LineIndex) Line(offset int) int {
	if offset < 0 {
		return 0
	}
	return sort.Search(len(x.start), func(i int) bool { return x.start[i] > offset }) - 1
}

// Position is a 1-based line and a 1-based column counted in characters.
type Position struct {
	Line, Column int
}

// Position converts a byte offset to a 1-based line and character column.
func (x *LineIndex) Position(offset int) Position {
	if offset > len(x.src) {
		offset = len(x.src)
	}
	line := x.Line(offset)
	col := utf8.RuneCount(x.src[x.start[line]:offset])
	return Position{Line: line + 1, Column: col + 1}
}

// Offset converts a 1-based line and 1-based character column to a byte
// offset, clamped to the line.
func (x *LineIndex) Offset(line, column int) int {
	l := line - 1
	if l < 0 {
		return 0
	}
	if l >= len(x.start) {
		return len(x.src)
	}
	off := x.start[l]
	end := x.LineEnd(l)
	for c := 1; c < column && off < end; c++ {
		_, size := utf8.DecodeRune(x.src[off:])
		off += size
	}
	return off
}

// UTF16Position converts a byte offset to a 0-based line and 0-based UTF-16
// code-unit column, as the Language Server Protocol counts them.
func (x *LineIndex) UTF16Position(offset int) (line, character int) {
	if offset > len(x.src) {
		offset = len(x.src)
	}
	line = x.Line(offset)
	for i := x.start[line]; i < offset; {
		r, size := utf8.DecodeRune(x.src[i:])
		if r >= 0x10000 {
			character += 2
		} else {
			character++
		}
		i += size
	}
	return line, character
}

// OffsetUTF16 converts a 0-based line and UTF-16 column to a byte offset,
// clamped to the line (a column past the end lands at the line end).
func (x *LineIndex) OffsetUTF16(line, character int) int {
	if line < 0 {
		return 0
	}
	if line >= len(x.start) {
		return len(x.src)
	}
	off := x.start[line]
	end := x.LineEnd(line)
	for units := 0; units < character && off < end; {
		r, size := utf8.DecodeRune(x.src[off:])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		off += size
	}
	return off
}
