package helmworker

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A chart directory holding a FIFO is refused before Helm's loader, which
// would block opening it.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: c\nversion: 0.1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "values.yaml"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	_, err := load(dir)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Load: %v, want a not-a-regular-file error", err)
	}
}
