package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Floors measured when this test was written; the test fails if the parser
// gets worse. Raise them as the parser improves.
const (
	minValidAcceptedPct = 87.5
	minSameDataPct      = 95.0
	minErrorsFlaggedPct = 89.0
)

// TestYAMLTestSuiteConformance parses every case of the YAML test suite: no
// case may panic; valid cases should parse without diagnostics to the same
// data as the suite's in.json; error cases should get a diagnostic.
func TestYAMLTestSuiteConformance(t *testing.T) {
	root := filepath.Join(corpus.Dir(t), "yaml-test-suite")
	idx, err := os.Open(filepath.Join(root, "index.tsv"))
	if err != nil {
		t.Skip("yaml-test-suite index.tsv not found")
	}
	defer idx.Close()
	var valid, validOK, sameData, withJSON, errs, errsFlagged int
	var misses []string
	sc := bufio.NewScanner(idx)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 {
			continue
		}
		id, expectErr, hasJSON := cols[0], cols[3] == "True", cols[4] == "True"
		dir := filepath.Join(root, id)
		src, err := os.ReadFile(filepath.Join(dir, "in.yaml"))
		if err != nil {
			continue
		}
		var f *yamlfile.File
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", id, r)
				}
			}()
			f = yamlfile.Parse(id+".yaml", src, yamlfile.Options{})
		}()
		if f == nil {
			continue
		}
		if expectErr {
			errs++
			if len(f.Syntax) > 0 {
				errsFlagged++
			}
			continue
		}
		valid++
		if len(f.Syntax) == 0 {
			validOK++
		} else {
			misses = append(misses, id+" ("+cols[1]+"): "+f.Syntax[0].Message)
		}
		if hasJSON && len(f.Syntax) == 0 {
			withJSON++
			if sameAsJSON(t, f, filepath.Join(dir, "in.json")) {
				sameData++
			}
		}
	}
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return math.Round(1000*float64(a)/float64(b)) / 10
	}
	t.Logf("yaml-test-suite conformance: valid cases parsed clean %d/%d (%.1f%%), same data as in.json %d/%d; error cases flagged %d/%d (%.1f%%)",
		validOK, valid, pct(validOK, valid), sameData, withJSON, errsFlagged, errs, pct(errsFlagged, errs))
	sort.Strings(misses)
	for i, m := range misses {
		if i == 15 {
			t.Logf("... %d more", len(misses)-15)
			break
		}
		t.Logf("rejected valid case %s", m)
	}
	if pct(validOK, valid) < minValidAcceptedPct {
		t.Errorf("valid cases accepted %.1f%% < floor %.1f%%", pct(validOK, valid), minValidAcceptedPct)
	}
	if pct(sameData, withJSON) < minSameDataPct {
		t.Errorf("same data as in.json %.1f%% < floor %.1f%%", pct(sameData, withJSON), minSameDataPct)
	}
	if pct(errsFlagged, errs) < minErrorsFlaggedPct {
		t.Errorf("error cases flagged %.1f%% < floor %.1f%%", pct(errsFlagged, errs), minErrorsFlaggedPct)
	}
}

// sameAsJSON compares the documents' values with the suite's in.json (a
// stream of JSON values, one per document).
func sameAsJSON(t *testing.T, f *yamlfile.File, path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var want []any
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		want = append(want, normalize(v))
	}
	var got []any
	for _, d := range f.Docs {
		got = append(got, normalize(d.Value()))
	}
	return reflect.DeepEqual(got, want)
}

// normalize makes numbers comparable across int64, float64 and json.Number.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalize(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case json.Number:
		f, _ := x.Float64()
		return f
	case int64:
		return float64(x)
	}
	return v
}
