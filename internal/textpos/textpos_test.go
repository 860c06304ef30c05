package textpos

import "testing"

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
