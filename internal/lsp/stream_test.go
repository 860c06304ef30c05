package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/textpos"
)

// repeatReader yields n copies of b without holding them.
type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// A 300 MB header line is consumed with bounded memory, its frame answered
// with an error, and the next frame read normally.
func TestStreamHeaderLineLimit(t *testing.T) {
	next := `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`
	in := io.MultiReader(
		strings.NewReader("Content-Length: 40\r\nX-Junk: "),
		&repeatReader{b: 'a', n: 300 << 20},
		strings.NewReader("\r\n\r\n"+`{"jsonrpc":"2.0","id":1,"method":"x"}`+"   "),
		strings.NewReader(frame(next)),
	)
	var out bytes.Buffer
	var logs []string
	s := newStream(in, &out, nil, func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	msg, _, err := s.Read(context.Background())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	grew := after.TotalAlloc - before.TotalAlloc
	if grew > 16<<20 {
		t.Errorf("allocated %d MiB reading a 300 MiB header line", grew>>20)
	}
	t.Logf("allocated %.2f MiB reading a 300 MiB header line", float64(grew)/(1<<20))
	if !strings.Contains(fmt.Sprint(msg), "shutdown") {
		t.Errorf("next message = %v, want the shutdown request", msg)
	}
	if !strings.Contains(out.String(), `"id":null`) || !strings.Contains(out.String(), "header line longer than 8192 bytes") {
		t.Errorf("error response = %q", out.String())
	}
	if len(logs) != 1 {
		t.Errorf("logs = %q, want one line", logs)
	}
}

// Too many header lines, and a message over the size limit, are refused
// and skipped; the stream goes on.
func TestStreamFrameLimits(t *testing.T) {
	next := `{"jsonrpc":"2.0","id":3,"method":"shutdown"}`
	var b strings.Builder
	b.WriteString("Content-Length: 2\r\n")
	for i := 0; i < 100; i++ {
		b.WriteString("X-A: b\r\n")
	}
	b.WriteString("\r\n{}")
	in := io.MultiReader(
		strings.NewReader(b.String()),
		strings.NewReader(fmt.Sprintf("Content-Length: %d\r\n\r\n", maxMessage+1)),
		&repeatReader{b: ' ', n: maxMessage + 1},
		strings.NewReader(frame(next)),
	)
	var out bytes.Buffer
	s := newStream(in, &out, nil, func(string, ...any) {})
	msg, _, err := s.Read(context.Background())
	if err != nil || !strings.Contains(fmt.Sprint(msg), "shutdown") {
		t.Fatalf("Read = %v, %v", msg, err)
	}
	for _, want := range []string{"more than 32 header lines", "larger than the 67108864-byte limit"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("responses lack %q: %s", want, out.String())
		}
	}
}

// FuzzChangeOffsets: any range either is refused with a reason or gives
// offsets inside the text with start <= end; never a panic.
func FuzzChangeOffsets(f *testing.F) {
	f.Add("a: 1\nb: 2\n", int64(0), int64(0), int64(1), int64(2))
	f.Add("é🙂\r\nx", int64(0), int64(3), int64(0), int64(1))
	f.Add("", int64(-1), int64(0), int64(0), int64(0))
	f.Add("a\n", int64(2), int64(0), int64(2), int64(0))
	f.Fuzz(func(t *testing.T, text string, sl, sc, el, ec int64) {
		lines := textpos.New([]byte(text))
		r := changeRange{Start: changePosition{sl, sc}, End: changePosition{el, ec}}
		start, end, why := changeOffsets(lines, r)
		if why != "" {
			return
		}
		if start < 0 || end > len(text) || start > end {
			t.Fatalf("range %+v on %q: offsets %d..%d", r, text, start, end)
		}
	})
}
