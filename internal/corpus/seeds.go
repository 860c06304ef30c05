package corpus

import (
	"os"
	"path/filepath"
	"sort"
)

// maxSeedSize keeps fuzz seeds small: the fuzzer mutates small inputs best,
// and `go test` runs every seed as a test case.
const maxSeedSize = 16 << 10

// FuzzSeeds returns the YAML files the fuzz targets start from, read in
// place: the repository's testdata (testdataDir, relative to the test's
// package) and the yaml-test-suite cases (with their variants) of the corpus
// when it is present.
// Files larger than 16 KB are left out.
func FuzzSeeds(testdataDir string) [][]byte {
	paths := yamlUnder(testdataDir)
	if root := Find(); root != "" {
		cases, _ := filepath.Glob(filepath.Join(root, "yaml-test-suite", "*", "in.yaml"))
		paths = append(paths, cases...)
		// A case with variants keeps them in numbered subdirectories.
		variants, _ := filepath.Glob(filepath.Join(root, "yaml-test-suite", "*", "*", "in.yaml"))
		paths = append(paths, variants...)
	}
	sort.Strings(paths)
	var out [][]byte
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) <= maxSeedSize {
			out = append(out, b)
		}
	}
	return out
}
