package fix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
)

// context is the number of unchanged lines shown around each change.
const context = 3

// maxEditDistance bounds the Myers search; beyond it the differing middle
// is shown as one replaced block (still a correct diff, just not minimal).
const maxEditDistance = 2000

type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

type op struct {
	kind opKind
	a, b int // line index in old (a) and new (b)
}

// Diff returns a unified diff from old to new, labelled a/name and b/name
// (just name when it is absolute), or "" when they are equal. Line endings are part of the lines, so a
// change of line ending shows as a change.
func Diff(name string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	var sb strings.Builder
	if strings.HasPrefix(name, "/") {
		fmt.Fprintf(&sb, "--- %s\n+++ %s\n", name, name)
	} else {
		fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", name, name)
	}
	for i := 0; i < len(ops); {
		// Find the next change and the extent of its hunk.
		for i < len(ops) && ops[i].kind == opEqual {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-context, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != opEqual {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == opEqual {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		writeHunk(&sb, a, b, ops[start:end])
		i = end
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, a, b [][]byte, ops []op) {
	aStart, bStart, aN, bN := -1, -1, 0, 0
	for _, o := range ops {
		if o.kind != opInsert {
			if aStart < 0 {
				aStart = o.a
			}
			aN++
		}
		if o.kind != opDelete {
			if bStart < 0 {
				bStart = o.b
			}
			bN++
		}
	}
	// An empty side is shown at the line before it, as diff(1) does.
	if aStart < 0 {
		aStart = ops[0].a - 1
	}
	if bStart < 0 {
		bStart = ops[0].b - 1
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(aStart, aN), hunkRange(bStart, bN))
	for _, o := range ops {
		line := a[min(o.a, len(a)-1)]
		if o.kind == opInsert {
			line = b[o.b]
		}
		sb.WriteByte(byte(o.kind))
		sb.Write(line)
		if !bytes.HasSuffix(line, []byte("\n")) {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	if n == 0 {
		return fmt.Sprintf("%d,0", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits after each "\n", keeping it.
func splitLines(s []byte) [][]byte {
	var out [][]byte
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// diffLines returns the edit script from a to b: common prefix and suffix
// are matched directly, the middle with Myers' algorithm.
func diffLines(a, b [][]byte) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && bytes.Equal(a[pre], b[pre]) {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && bytes.Equal(a[len(a)-1-suf], b[len(b)-1-suf]) {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{opEqual, i, i})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf], pre, pre)...)
	for i := 0; i < suf; i++ {
		ops = append(ops, op{opEqual, len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// myers computes a shortest edit script between a and b (offsets added to
// the indices), falling back to delete-all/insert-all when the distance
// exceeds maxEditDistance.
func myers(a, b [][]byte, offA, offB int) []op {
	n, m := len(a), len(b)
	replaceAll := func() []op {
		ops := make([]op, 0, n+m)
		for i := 0; i < n; i++ {
			ops = append(ops, op{opDelete, offA + i, offB})
		}
		for j := 0; j < m; j++ {
			ops = append(ops, op{opInsert, offA + n, offB + j})
		}
		return ops
	}
	if n == 0 || m == 0 {
		return replaceAll()
	}
	maxD := min(n+m, maxEditDistance)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		// Only diagonals -d-1..d+1 are read at step d: keep just those.
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && bytes.Equal(a[x], b[y]) {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return replaceAll()
	}
	// Walk the trace back from (n, m).
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		// trace[d] is v before step d, diagonals from -d-1.
		vd := func(k int) int { return trace[d][k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && vd(k-1) < vd(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, op{opEqual, offA + x, offB + y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{opInsert, offA + x, offB + y})
		} else {
			x--
			rev = append(rev, op{opDelete, offA + x, offB + y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{opEqual, offA + x, offB + y})
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}

// LineEdits returns the edits that turn old into new, one per run of
// changed lines (from the same line diff as Diff), with byte ranges in
// old. An editor applying them keeps its cursor and marks on the lines
// that did not change, which one whole-text replacement would lose.
func LineEdits(old, new []byte) []diag.TextEdit {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	offA := make([]int, len(a)+1)
	for i, l := range a {
		offA[i+1] = offA[i] + len(l)
	}
	var out []diag.TextEdit
	var cur *diag.TextEdit
	var text strings.Builder
	flush := func() {
		if cur != nil {
			cur.NewText = text.String()
			out = append(out, *cur)
			cur = nil
			text.Reset()
		}
	}
	for _, o := range diffLines(a, b) {
		switch o.kind {
		case opEqual:
			flush()
		case opDelete:
			if cur == nil {
				cur = &diag.TextEdit{Range: diag.Range{Start: offA[o.a], End: offA[o.a]}}
			}
			cur.Range.End = offA[o.a+1]
		case opInsert:
			if cur == nil {
				cur = &diag.TextEdit{Range: diag.Range{Start: offA[o.a], End: offA[o.a]}}
			}
			text.Write(b[o.b])
		}
	}
	flush()
	return out
}
