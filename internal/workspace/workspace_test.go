package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestOverlayThenDiskThenCacheInvalidation(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(p, []byte("disk: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := New()
	if b, _ := w.ReadFile(p); string(b) != "disk: 1\n" {
		t.Fatalf("disk read %q", b)
	}
	w.SetOverlay(p, []byte("buffer: 1\n"))
	if b, _ := w.ReadFile(p); string(b) != "buffer: 1\n" {
		t.Fatalf("overlay read %q", b)
	}
	w.RemoveOverlay(p)
	// A changed file on disk is read again, not served from the cache.
	if err := os.WriteFile(p, []byte("disk: 22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Second)
	_ = os.Chtimes(p, later, later)
	if b, _ := w.ReadFile(p); string(b) != "disk: 22\n" {
		t.Fatalf("after change %q", b)
	}
}

func TestBoundedAndTypedReads(t *testing.T) {
	dir := t.TempDir()
	w := New()
	w.MaxSize = 10
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("key: 0123456789\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ReadFile(big); err == nil {
		t.Error("oversized file read")
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := w.ReadFile(fifo); !errors.Is(err, ErrNotRegular) {
		t.Errorf("FIFO: %v, want ErrNotRegular (and no hang)", err)
	}
	link := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", link); err == nil {
		if _, err := w.ReadFile(link); !errors.Is(err, ErrNotRegular) {
			t.Errorf("link to /dev/zero: %v", err)
		}
	}
}
