package composegen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schemas/compose.json")

// TestGenerated proves the committed schema is the generator's output for
// the compose-go version in go.mod (go test -update rewrites it).
func TestGenerated(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join("..", "..", "schemas", "compose.json")
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
		t.Fatalf("%s is stale: run go generate ./schemastore", out)
	}
	for _, s := range []string{`"$id": "` + ID + `"`, `"title": "services"`} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("generated schema lacks %s", s)
		}
	}
}
