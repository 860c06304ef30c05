package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const committedDir = "../../kubernetes"

func readCommitted(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(committedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, ".gz") {
		r, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if data, err = io.ReadAll(r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return data
}

// TestManifest works offline on a fresh clone: the committed outputs hash
// to what MANIFEST records, and MANIFEST was written by the generator
// sources as they are now (editing the generator without regenerating, or
// editing a bundle by hand, fails here).
func TestManifest(t *testing.T) {
	sc := bufio.NewScanner(bytes.NewReader(readCommitted(t, "MANIFEST")))
	outputs, inputs := 0, 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "generator":
			want, err := generatorHash()
			if err != nil {
				t.Fatal(err)
			}
			if f[1] != want {
				t.Errorf("MANIFEST generator hash %s, sources hash to %s: run `go generate ./schemastore`", f[1], want)
			}
		case "input":
			inputs++
		case "output":
			outputs++
			if got := sha(readCommitted(t, f[1])); got != f[2] {
				t.Errorf("%s: sha256 %s, MANIFEST says %s: regenerate instead of editing", f[1], got, f[2])
			}
		}
	}
	if inputs != 2*len(Versions) || outputs != len(Versions)+1 {
		t.Errorf("MANIFEST lists %d inputs and %d outputs, want %d and %d", inputs, outputs, 2*len(Versions), len(Versions)+1)
	}
}

// TestRegenerate reruns the generator from the module cache (never the
// network) and compares every output byte for byte (bundles after
// decompression, so a different flate implementation does not matter). It
// skips when a module is not cached; TestManifest still covers that case.
func TestRegenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("regeneration skipped in -short mode")
	}
	for _, v := range Versions {
		if _, err := download(v, true); err != nil {
			t.Skipf("k8s.io/kubernetes@%s is not in the module cache (%v); run `go generate ./schemastore` online to check regeneration", v, err)
		}
		if _, err := downloadModule("k8s.io/api", apiModuleVersion(v), true); err != nil {
			t.Skipf("k8s.io/api@%s is not in the module cache (%v)", apiModuleVersion(v), err)
		}
	}
	res, err := run(Versions, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if got := readCommitted(t, f.Name); !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from the generator's output: run `go generate ./schemastore`", f.Name)
		}
	}
}

func TestOpenAPIName(t *testing.T) {
	for in, want := range map[string]string{
		"k8s.io/api/core/v1.Container":                                             "io.k8s.api.core.v1.Container",
		"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1.JSONSchemaProps": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps",
	} {
		if got := openAPIName(in); got != want {
			t.Errorf("openAPIName(%q) = %q, want %q", in, got, want)
		}
	}
}
