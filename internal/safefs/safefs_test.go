package safefs

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func TestRegularFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.json")
	if err := os.WriteFile(p, []byte(`{"a":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(p, 100)
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	// At the limit is fine; one byte over is not, checked before reading.
	if _, err := ReadFile(p, 7); err != nil {
		t.Errorf("file of exactly the limit: %v", err)
	}
	if _, err := ReadFile(p, 6); !IsTooLarge(err) {
		t.Errorf("file over the limit: err = %v, want TooLargeError", err)
	}
	if got, err := ReadFile(p, 0); err != nil || len(got) != 7 {
		t.Errorf("no limit: %q, %v", got, err)
	}
}

func TestDevZeroAndSymlinkToIt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	link := filepath.Join(t.TempDir(), "schema.json")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/dev/zero", link} {
		_, err := ReadFile(p, 1<<20)
		if !IsNotRegular(err) {
			t.Errorf("%s: err = %v, want NotRegularError", p, err)
			continue
		}
		if want := "not a regular file (character device)"; !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("%s: message %q lacks %q", p, err, want)
		}
	}
}

func TestFIFONeverBlocks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	p := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Nobody ever writes: a plain open would block forever.
	if _, err := ReadFile(p, 1<<20); !IsNotRegular(err) || !bytes.Contains([]byte(err.Error()), []byte("FIFO")) {
		t.Errorf("err = %v, want NotRegularError naming a FIFO", err)
	}
}

func TestSocketAndDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix sockets")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer l.Close()
	if _, err := ReadFile(sock, 1<<20); !IsNotRegular(err) {
		t.Errorf("socket: err = %v", err)
	}
	if _, err := ReadFile(dir, 1<<20); !IsNotRegular(err) {
		t.Errorf("directory: err = %v", err)
	}
	if err := CheckRegular(sock, 0); !IsNotRegular(err) {
		t.Errorf("CheckRegular(socket) = %v", err)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "nope"), 10)
	if !os.IsNotExist(err) {
		t.Errorf("err = %v, want not-exist", err)
	}
}

// The checks cost one stat and one fstat per file over os.ReadFile.
func BenchmarkReadFile(b *testing.B) {
	p := filepath.Join(b.TempDir(), "a.yaml")
	if err := os.WriteFile(p, bytes.Repeat([]byte("key: value\n"), 400), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Run("safefs", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := ReadFile(p, 10<<20); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("os.ReadFile", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := os.ReadFile(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
