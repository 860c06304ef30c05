package tzgen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated schema")

// TestGenerated proves that the committed schema is this generator's output
// for the toolchain's tz database (go test -update rewrites it).
func TestGenerated(t *testing.T) {
	zp := ZipPath(runtime.GOROOT())
	if _, err := os.Stat(zp); err != nil {
		t.Skipf("no tz database at %s", zp)
	}
	names, err := Names(zp)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Schema(names)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join("..", "..", "schemas", "iana-timezones.json")
	if *update {
		if err := os.WriteFile(out, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./schemastore/internal/tzgen -update", out)
	}
	for _, n := range []string{"UTC", "Europe/Paris", "America/New_York"} {
		if !bytes.Contains(got, []byte(`"`+n+`"`)) {
			t.Errorf("%s missing", n)
		}
	}
}
