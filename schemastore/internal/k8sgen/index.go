package main

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Index is kubernetes/index.json: the bundled releases and the kinds each
// one serves, so version listing and removed-API checks need no bundle
// decompression.
type Index struct {
	Versions []IndexVersion `json:"versions"`
	// Lifecycle maps "apiVersion/Kind" to its prerelease lifecycle, merged
	// over the k8s.io/api release of every bundled version.
	Lifecycle map[string]Lifecycle `json:"lifecycle"`
}

func (x *Index) addLifecycle(lc map[string]Lifecycle) {
	if x.Lifecycle == nil {
		x.Lifecycle = map[string]Lifecycle{}
	}
	for k, v := range lc {
		x.Lifecycle[k] = v
	}
}

// IndexVersion describes one bundle.
type IndexVersion struct {
	Version string `json:"version"`
	File    string `json:"file"`
	// Kinds maps apiVersion -> sorted kinds.
	Kinds map[string][]string `json:"kinds"`
}

func (x *Index) add(b *Bundle, file string) {
	v := IndexVersion{Version: b.Version, File: file, Kinds: map[string][]string{}}
	for gv, kinds := range b.Kinds {
		for k := range kinds {
			v.Kinds[gv] = append(v.Kinds[gv], k)
		}
		sort.Strings(v.Kinds[gv])
	}
	x.Versions = append(x.Versions, v)
}

func (x *Index) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(x); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
