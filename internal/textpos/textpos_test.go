package textpos

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPositions(t *testing.T) {
	src := []byte("a: 1\r\nkey: 日本\nemoji: 😀x\n")
	x := New(src)
	if x.Lines() != 4 {
		t.Fatalf("lines = %d", x.Lines())
	}
	// "x" after the emoji: byte offset of 'x' on line 3.
	off := len("a: 1\r\nkey: 日本\nemoji: 😀")
	if p := x.Position(off); p != (Position{3, 9}) {
		t.Errorf("Position = %+v, want 3:9 (characters)", p)
	}
	if l, c := x.UTF16Position(off); l != 2 || c != 9 {
		t.Errorf("UTF16Position = %d:%d, want 2:9 (emoji is two UTF-16 units)", l, c)
	}
	if got := x.OffsetUTF16(2, 9); got != off {
		t.Errorf("OffsetUTF16 = %d, want %d", got, off)
	}
	if got := x.Offset(3, 9); got != off {
		t.Errorf("Offset = %d, want %d", got, off)
	}
	// CRLF: the line ends before "\r".
	if got := string(x.LineText(0)); got != "a: 1" {
		t.Errorf("LineText(0) = %q", got)
	}
	// Columns past the end clamp to the line end.
	if got := x.OffsetUTF16(0, 99); got != 4 {
		t.Errorf("clamped offset = %d", got)
	}
	kanji := len("a: 1\r\nkey: 日")
	if p := x.Position(kanji); p != (Position{2, 7}) {
		t.Errorf("CJK Position = %+v, want 2:7", p)
	}
}

// naive conversions, as the index did before checkpoints: the reference.
func naivePosition(src []byte, offset int) (line, col, units int) {
	lineStart := 0
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	for i := lineStart; i < offset; {
		r, size := utf8.DecodeRune(src[i:])
		col++
		units += utf16Len(r)
		i += size
	}
	return line, col, units
}

// TestAgainstNaive compares every conversion with a decode from the line
// start, on short and long lines, ASCII and not, at every rune boundary.
func TestAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "b: ", "é", "日本", "😀", "\n", "\r\n", "  ", "x"}
	for round := 0; round < 40; round++ {
		var b strings.Builder
		n := rng.IntN(3000)
		for b.Len() < n {
			p := pieces[rng.IntN(len(pieces))]
			if (p == "\n" || p == "\r\n") && rng.IntN(4) > 0 {
				continue // long lines are the point
			}
			if round%2 == 0 && !isASCII([]byte(p)) {
				continue
			}
			b.WriteString(p)
		}
		src := []byte(b.String())
		x := New(src)
		for off := 0; off <= len(src); off++ {
			if off < len(src) && !utf8.RuneStart(src[off]) {
				continue
			}
			line, col, units := naivePosition(src, off)
			if p := x.Position(off); p != (Position{line + 1, col + 1}) {
				t.Fatalf("round %d: Position(%d) = %+v, want %d:%d", round, off, p, line+1, col+1)
			}
			if l, c := x.UTF16Position(off); l != line || c != units {
				t.Fatalf("round %d: UTF16Position(%d) = %d:%d, want %d:%d", round, off, l, c, line, units)
			}
			if off > x.LineEnd(line) {
				continue // inside "\r\n": the inverse clamps to the line end
			}
			if got := x.Offset(line+1, col+1); got != off {
				t.Fatalf("round %d: Offset(%d, %d) = %d, want %d", round, line+1, col+1, got, off)
			}
			if got := x.OffsetUTF16(line, units); got != off {
				t.Fatalf("round %d: OffsetUTF16(%d, %d) = %d, want %d", round, line, units, got, off)
			}
		}
	}
}

// BenchmarkLongLine converts a position every 16 bytes of a one-line
// document (1x, 4x, 16x: 64 KB to 1 MB), ASCII and with non-ASCII text:
// the time per byte stays flat (it grew with the line length before).
func BenchmarkLongLine(b *testing.B) {
	for _, wide := range []bool{false, true} {
		for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
			unit := `{"key": "value"}, `
			if wide {
				unit = `{"kéy": "välue"}, `
			}
			src := []byte(strings.Repeat(unit, n/len(unit)))
			b.Run(fmt.Sprintf("nonascii=%v/bytes=%d", wide, len(src)), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					x := New(src)
					for off := 0; off < len(src); off += 16 {
						p := x.Position(off)
						x.Offset(p.Line, p.Column)
					}
				}
			})
		}
	}
}
