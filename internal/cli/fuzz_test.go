package cli

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fix"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// FuzzFix: --fix (every rule on) never changes the data of a file that
// parses, and fixing the fixed text again changes nothing once the first
// run settled (no fixable problem left that a pass would still change).
func FuzzFix(f *testing.F) {
	// TestMain runs this package's tests from the repository root, so its
	// testdata (and the crashers in testdata/fuzz/FuzzFix) are there.
	for _, s := range corpus.FuzzSeeds("testdata") {
		f.Add(s)
	}
	cfgPath := filepath.Join(f.TempDir(), "all.yamllint.yaml")
	if err := os.WriteFile(cfgPath, []byte(allRulesConfig()), 0o644); err != nil {
		f.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		f.Fatal(err)
	}
	l, err := engine.New(cfg, engine.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		id := fmt.Sprintf("%x", sha256.Sum256(src))[:12]
		if why, ok := knownFixBugs[id]; ok {
			t.Skipf("known --fix bug, not fixed yet: %s", why)
		}
		res, fixed, n := fixSource(l, "f.yaml", src, fixMode{}) // safe fixes, as --fix
		if n == 0 {
			return
		}
		a := yamlfile.Parse("f.yaml", src, yamlfile.Options{})
		if len(a.Syntax) == 0 && !approximate(a) && res.File != nil {
			if msg := yamlfile.DataDiff(a, yamlfile.Parse("f.yaml", fixed, yamlfile.Options{})); msg != "" {
				if otherParserAgrees(src, fixed) {
					return // yamlfile misreads one of them: a parser bug, not a fix bug
				}
				t.Fatalf("--fix changed the data: %s\nbefore %q\nafter  %q\n(input %s)", msg, src, fixed, id)
			}
		}
		if out, m := fix.Apply(fixed, fix.Fixable(res.Diagnostics, false)); m > 0 && !bytes.Equal(out, fixed) {
			return // not settled within the passes: a second run may go on
		}
		if _, again, _ := fixSource(l, "f.yaml", fixed, fixMode{}); !bytes.Equal(again, fixed) {
			t.Fatalf("a second --fix changed the text\nfirst  %q\nsecond %q\n(input %s)", fixed, again, id)
		}
	})
}

// knownFixBugs are seeds (yaml-test-suite cases) on which --fix changes the
// data today, by the first 12 hex digits of their SHA-256. Each is a rule's
// bug to fix; remove its entry with the fix.
var knownFixBugs = map[string]string{}
