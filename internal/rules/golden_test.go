package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestStyleGolden runs every style rule (enabled or not by default, with
// default options) on testdata/style/*.yaml and compares the findings and
// the source after applying their fixes with <case>.all-rules. (The CLI's
// golden test checks the same cases end to end, with the default
// configuration, against <case>.golden.)
func TestStyleGolden(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "style")
	cases, err := filepath.Glob(filepath.Join(root, "*.yaml"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases in %s", root)
	}
	for _, path := range cases {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			name := "testdata/style/" + filepath.Base(path)
			f := yamlfile.Parse(name, src, yamlfile.Options{})
			var diags []diag.Diagnostic
			for _, r := range All() {
				if r.Category == "style" {
					Run(NewPass(r, f, nil, nil, 0, func(d diag.Diagnostic) { diags = append(diags, d) }))
				}
			}
			diag.Sort(diags)
			var b strings.Builder
			for _, d := range diags {
				line, col := lineCol(string(src), d.Range.Start)
				fixTitle := ""
				if len(d.Fixes) > 0 {
					fixTitle = " (fix: " + d.Fixes[0].Title + ")"
				}
				fmt.Fprintf(&b, "%d:%d: %s: %s [%s]%s\n", line, col, d.Severity, d.Message, d.Code, fixTitle)
			}
			fixed, _ := applyFixes(string(src), diags)
			b.WriteString("--- after fixes:\n")
			b.WriteString(strings.ReplaceAll(fixed, "\r", `\r`))
			got := b.String()
			golden := strings.TrimSuffix(path, ".yaml") + ".all-rules"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/rules -run StyleGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (rerun with -update and read the diff)\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}
