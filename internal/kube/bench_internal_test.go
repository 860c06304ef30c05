package kube

import (
	"compress/gzip"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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

// BenchmarkWorkloadKinds is the first-use cost of the six kinds embedding
// a PodSpec, converted and compiled in one compiler as the engine's store
// does (shared definitions are converted and compiled once).
func BenchmarkWorkloadKinds(b *testing.B) {
	bd, err := loadBundle(DefaultVersion())
	if err != nil {
		b.Fatal(err)
	}
	kinds := []GVK{{"apps/v1", "Deployment"}, {"apps/v1", "StatefulSet"}, {"apps/v1", "DaemonSet"}, {"batch/v1", "Job"}, {"batch/v1", "CronJob"}, {"v1", "Pod"}}
	for b.Loop() {
		defCache.Clear() // measure conversion too
		c := jsonschema.NewCompiler()
		added := map[string]bool{}
		for _, g := range kinds {
			name := bd.Kinds[g.APIVersion][g.Kind]
			s := &Schema{GVK: g, URL: "https://yamlint.dev/kubernetes/bench/" + g.String() + ".json", bundle: bd, strict: true, defs: []string{name},
				build: func() map[string]any { return rootDoc(bd, true, name, g) }}
			for url, doc := range s.Resources() {
				if !added[url] {
					added[url] = true
					if err := c.AddResource(url, doc); err != nil {
						b.Fatal(err)
					}
				}
			}
			if _, err := c.Compile(s.URL); err != nil {
				b.Fatal(err)
			}
		}
	}
}
