package fix

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
)

func edit(start, end int, text string) diag.TextEdit {
	return diag.TextEdit{Range: diag.Range{Start: start, End: end}, NewText: text}
}

func withFix(code string, edits ...diag.TextEdit) diag.Diagnostic {
	return diag.Diagnostic{Code: code, Fixes: []diag.Fix{{Title: "fix", Edits: edits}}}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		diags   []diag.Diagnostic
		want    string
		applied int
	}{
		{"none", "a: 1\n", nil, "a: 1\n", 0},
		{"delete trailing", "a: 1  \nb: 2 \n", []diag.Diagnostic{withFix("t", edit(4, 6, "")), withFix("t", edit(11, 12, ""))}, "a: 1\nb: 2\n", 2},
		{"insert at end", "a: 1", []diag.Diagnostic{withFix("eof", edit(4, 4, "\n"))}, "a: 1\n", 1},
		{"order independent", "abc", []diag.Diagnostic{withFix("x", edit(2, 3, "C")), withFix("x", edit(0, 1, "A"))}, "AbC", 2},
		{"overlap: first start wins", "abcdef", []diag.Diagnostic{withFix("x", edit(2, 5, "X")), withFix("x", edit(1, 3, "Y"))}, "aYdef", 1},
		{"overlap tie: lower code wins", "abcdef", []diag.Diagnostic{withFix("b", edit(1, 3, "B")), withFix("a", edit(1, 3, "A"))}, "aAdef", 1},
		{"same insertion point conflicts", "ab", []diag.Diagnostic{withFix("x", edit(1, 1, "1")), withFix("y", edit(1, 1, "2"))}, "a1b", 1},
		{"insertion before replacement at same offset", "abc", []diag.Diagnostic{withFix("x", edit(1, 2, "B")), withFix("y", edit(1, 1, "+"))}, "a+Bc", 2},
		{"insertion at end of replacement", "abc", []diag.Diagnostic{withFix("x", edit(0, 2, "AB")), withFix("y", edit(2, 2, "+"))}, "AB+c", 2},
		{"insertion inside replacement conflicts", "abcd", []diag.Diagnostic{withFix("x", edit(0, 3, "X")), withFix("y", edit(2, 2, "+"))}, "Xd", 1},
		{"multi-edit fix all or nothing", "abcdef", []diag.Diagnostic{withFix("a", edit(4, 5, "E")), withFix("b", edit(0, 1, "A"), edit(4, 6, "Z"))}, "Abcd" + "Z", 1},
		{"out of range dropped", "ab", []diag.Diagnostic{withFix("x", edit(1, 5, "")), withFix("x", edit(2, 1, ""))}, "ab", 0},
		{"only first fix of a diagnostic", "ab", []diag.Diagnostic{{Code: "x", Fixes: []diag.Fix{{Edits: []diag.TextEdit{edit(0, 1, "A")}}, {Edits: []diag.TextEdit{edit(1, 2, "B")}}}}}, "Ab", 1},
		{"BOM untouched", "\xef\xbb\xbf  a: 1\n", []diag.Diagnostic{withFix("x", edit(0, 5, "")), withFix("y", edit(3, 5, ""))}, "\xef\xbb\xbfa: 1\n", 1},
		{"CRLF kept for inserted lines", "a: 1\r\nb: 2", []diag.Diagnostic{withFix("eof", edit(10, 10, "\n"))}, "a: 1\r\nb: 2\r\n", 1},
		{"line-ending fix keeps its LF", "a: 1\r\nb: 2\r\n", []diag.Diagnostic{withFix("new-lines", edit(4, 6, "\n"))}, "a: 1\nb: 2\r\n", 1},
		{"LF file untouched", "a\nb", []diag.Diagnostic{withFix("eof", edit(3, 3, "\n"))}, "a\nb\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, n := Apply([]byte(tc.src), tc.diags)
			if string(got) != tc.want || n != tc.applied {
				t.Errorf("Apply = %q, %d; want %q, %d", got, n, tc.want, tc.applied)
			}
		})
	}
}

// TestApplyDeterministic shuffles the diagnostics: the result must not
// depend on the order checks reported them in.
func TestApplyDeterministic(t *testing.T) {
	src := []byte(strings.Repeat("key: value   \n", 50))
	var diags []diag.Diagnostic
	for i := 0; i < len(src); i += 7 {
		diags = append(diags, withFix("a", edit(i, min(i+5, len(src)), "<"+strconv.Itoa(i)+">")))
		diags = append(diags, withFix("b", edit(i+2, i+2, "|")))
	}
	want, wantN := Apply(src, diags)
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		r.Shuffle(len(diags), func(a, b int) { diags[a], diags[b] = diags[b], diags[a] })
		got, n := Apply(src, diags)
		if !bytes.Equal(got, want) || n != wantN {
			t.Fatalf("shuffle %d: result depends on diagnostic order", i)
		}
	}
}

// patch applies a unified diff produced by Diff to old.
func patch(t *testing.T, old []byte, d string) []byte {
	t.Helper()
	a := splitLines(old)
	lines := strings.SplitAfter(d, "\n")
	var out []byte
	pos := 0 // next line of a to copy
	for i := 2; i < len(lines) && lines[i] != ""; {
		m := hunkRe.FindStringSubmatch(lines[i])
		if m == nil {
			t.Fatalf("bad hunk header %q", lines[i])
		}
		as, _ := strconv.Atoi(m[1])
		start := as - 1
		if m[2] == "0" {
			start = as // empty old side: shown at the line before
		}
		for pos < start {
			out = append(out, a[pos]...)
			pos++
		}
		i++
		for i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			body := l[1:]
			noEOL := i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`)
			if noEOL {
				body = strings.TrimSuffix(body, "\n")
			}
			switch l[0] {
			case ' ':
				out = append(out, body...)
				pos++
			case '-':
				pos++
			case '+':
				out = append(out, body...)
			}
			i++
			if noEOL {
				i++
			}
		}
	}
	for pos < len(a) {
		out = append(out, a[pos]...)
		pos++
	}
	return out
}

var hunkRe = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// TestDiffRoundTrip checks on random edits that applying the diff to the
// old text gives the new text, and compares with diff(1) when present.
func TestDiffRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	words := []string{"a: 1\n", "b: 2\n", "c:\n", "  - x\n", "\n", "d: 4\r\n", "e: 5  \n"}
	for iter := 0; iter < 300; iter++ {
		var oldB, newB strings.Builder
		n := r.Intn(40)
		for i := 0; i < n; i++ {
			w := words[r.Intn(len(words))]
			oldB.WriteString(w)
			switch r.Intn(6) {
			case 0: // drop
			case 1:
				newB.WriteString(words[r.Intn(len(words))])
			case 2:
				newB.WriteString(w)
				newB.WriteString(words[r.Intn(len(words))])
			default:
				newB.WriteString(w)
			}
		}
		old, nw := []byte(oldB.String()), []byte(newB.String())
		if r.Intn(4) == 0 && len(nw) > 0 {
			nw = nw[:len(nw)-1] // no final newline
		}
		d := Diff("f.yaml", old, nw)
		if bytes.Equal(old, nw) {
			if d != "" {
				t.Fatalf("equal inputs gave a diff")
			}
			continue
		}
		if got := patch(t, old, d); !bytes.Equal(got, nw) {
			t.Fatalf("iteration %d: patch(old, diff) != new\nold %q\nnew %q\ndiff:\n%s\ngot %q", iter, old, nw, d, got)
		}
	}
}

// TestDiffMatchesDiffUtil compares hunk headers with GNU diff -u on a
// typical fix (trailing spaces, final newline).
func TestDiffMatchesDiffUtil(t *testing.T) {
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("diff(1) not installed")
	}
	var old, nw strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&old, "key%d: value%d", i, i)
		fmt.Fprintf(&nw, "key%d: value%d", i, i)
		if i%9 == 4 {
			old.WriteString("   ")
		}
		old.WriteString("\n")
		nw.WriteString("\n")
	}
	old.WriteString("last: 1")
	nw.WriteString("last: 1\n")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte(old.String()), 0o644)
	os.WriteFile(b, []byte(nw.String()), 0o644)
	out, _ := exec.Command("diff", "-u", a, b).Output()
	want := string(out)
	want = want[strings.Index(want, "@@"):]
	got := Diff("x", []byte(old.String()), []byte(nw.String()))
	got = got[strings.Index(got, "@@"):]
	if got != want {
		t.Errorf("differs from diff -u\n--- got\n%s--- want\n%s", got, want)
	}
}

// BenchmarkApply20kEdits applies one trailing-space fix per line of a
// 20,000-line file.
func BenchmarkApply20kEdits(b *testing.B) {
	var src strings.Builder
	var diags []diag.Diagnostic
	for i := 0; i < 20000; i++ {
		line := fmt.Sprintf("key%d: value%d   \n", i, i)
		start := src.Len() + len(line) - 4
		diags = append(diags, withFix("trailing-spaces", edit(start, start+3, "")))
		src.WriteString(line)
	}
	in := []byte(src.String())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, n := Apply(in, diags)
		if n != 20000 || len(out) != len(in)-60000 {
			b.Fatalf("applied %d", n)
		}
	}
}
