package kube

import (
	"compress/gzip"
	"encoding/json"
	"testing"
)

// BenchmarkBundleDecode is the cold-start cost of a release: decompress and
// decode its bundle (done once per process).
func BenchmarkBundleDecode(b *testing.B) {
	x, err := loadIndex()
	if err != nil {
		b.Fatal(err)
	}
	file := x.Versions[len(x.Versions)-1].File
	for b.Loop() {
		f, err := openKubernetes(file)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		var bd bundle
		if err := json.NewDecoder(zr).Decode(&bd); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkDeploymentSchema is the first-use cost of a kind: convert the
// definitions it reaches and compile them.
func BenchmarkDeploymentSchema(b *testing.B) {
	bd, err := loadBundle(DefaultVersion())
	if err != nil {
		b.Fatal(err)
	}
	g := GVK{"apps/v1", "Deployment"}
	name := bd.Kinds[g.APIVersion][g.Kind]
	for b.Loop() {
		s := &Schema{GVK: g, URL: "https://yamlint.dev/kubernetes/bench/Deployment.json",
			build: func() map[string]any { return rootDoc(bd, true, name, g) }}
		if _, err := s.Compiled(); err != nil {
			b.Fatal(err)
		}
	}
}
