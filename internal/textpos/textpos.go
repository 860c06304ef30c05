// Package textpos converts between byte offsets (used everywhere inside the
// engine) and line/column positions (used at the edges: 1-based characters for
// the CLI, 0-based UTF-16 code units for the language server).
package textpos

import (
	"bytes"
	"encoding/binary"
	"sort"
	"sync"
	"unicode/utf8"
)

// LineIndex knows where every line of a source starts. It is safe for
// concurrent use.
type LineIndex struct {
	src   []byte
	start []int // byte offset of the first byte of each line
	// wide lists the lines holding a non-ASCII byte (sorted); on every
	// other line a column is a byte count and converts in constant time.
	wide []int

	mu    sync.Mutex
	marks map[int][]mark // long wide lines: a checkpoint every markEvery bytes
}

// mark is a checkpoint on a long line: a byte offset (at a rune start) with
// the characters and UTF-16 units before it on the line.
type mark struct{ off, runes, units int }

// markEvery is the checkpoint spacing on long lines with non-ASCII text:
// a conversion there decodes at most this many bytes, instead of the whole
// line (a 1 MB one-line JSON schema made each lookup linear in its length).
const markEvery = 256

// New indexes src. Lines end at "\n"; a "\r" before it belongs to the line
// ending, so CRLF files get the same columns as LF files.
func New(src []byte) *LineIndex {
	starts := make([]int, 1, len(src)/32+1)
	var wide []int
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '\n')
		end := len(src)
		if j >= 0 {
			end = i + j
		}
		if !isASCII(src[i:end]) {
			wide = append(wide, len(starts)-1)
		}
		if j < 0 {
			break
		}
		i = end + 1
		starts = append(starts, i)
	}
	return &LineIndex{src: src, start: starts, wide: wide}
}

func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isWide reports whether line holds a non-ASCII byte.
func (x *LineIndex) isWide(line int) bool {
	i := sort.SearchInts(x.wide, line)
	return i < len(x.wide) && x.wide[i] == line
}

// lineMarks returns the checkpoints of a long wide line, building them on
// first use; nil for a short line (decoding it whole is cheap).
func (x *LineIndex) lineMarks(line int) []mark {
	start, end := x.start[line], x.LineEnd(line)
	if end-start <= 2*markEvery {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if m, ok := x.marks[line]; ok {
		return m
	}
	m := []mark{{off: start}}
	cur := mark{off: start}
	for cur.off < end {
		r, size := utf8.DecodeRune(x.src[cur.off:end])
		cur.off += size
		cur.runes++
		cur.units += utf16Len(r)
		if cur.off-m[len(m)-1].off >= markEvery {
			m = append(m, cur)
		}
	}
	if x.marks == nil {
		x.marks = map[int][]mark{}
	}
	x.marks[line] = m
	return m
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// from returns where to start decoding on a wide line to reach the first
// position at which past reports true: the last checkpoint before it, or
// the line start.
func (x *LineIndex) from(line int, past func(mark) bool) mark {
	m := x.lineMarks(line)
	if len(m) == 0 {
		return mark{off: x.start[line]}
	}
	i := sort.Search(len(m), func(i int) bool { return past(m[i]) })
	if i == 0 {
		return m[0]
	}
	return m[i-1]
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
	if offset < 0 {
		offset = 0
	}
	line := x.Line(offset)
	if !x.isWide(line) {
		return Position{Line: line + 1, Column: offset - x.start[line] + 1}
	}
	m := x.from(line, func(m mark) bool { return m.off > offset })
	col := m.runes + utf8.RuneCount(x.src[m.off:offset])
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
	end := x.LineEnd(l)
	if !x.isWide(l) {
		return min(x.start[l]+max(column-1, 0), end)
	}
	m := x.from(l, func(m mark) bool { return m.runes >= column-1 })
	off := m.off
	for c := m.runes + 1; c < column && off < end; c++ {
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
	if offset < 0 {
		offset = 0
	}
	line = x.Line(offset)
	if !x.isWide(line) {
		return line, offset - x.start[line]
	}
	m := x.from(line, func(m mark) bool { return m.off > offset })
	character = m.units
	for i := m.off; i < offset; {
		r, size := utf8.DecodeRune(x.src[i:])
		character += utf16Len(r)
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
	end := x.LineEnd(line)
	if !x.isWide(line) {
		return min(x.start[line]+max(character, 0), end)
	}
	m := x.from(line, func(m mark) bool { return m.units >= character })
	off := m.off
	for units := m.units; units < character && off < end; {
		r, size := utf8.DecodeRune(x.src[off:])
		units += utf16Len(r)
		off += size
	}
	return off
}
