package docgen

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/codes"
)

var (
	// Code: "x" in a diagnostic literal, and Code... = "x" constants.
	codeLiteral = regexp.MustCompile(`\bCode:\s*"([a-z0-9-]+)"`)
	codeConst   = regexp.MustCompile(`(?m)^\s*Code[A-Za-z]*\s*=\s*"([a-z0-9-]+)"`)
	// "... [code]" or "... [code] (fix: ...)" at the end of a golden's text line.
	goldenCode = regexp.MustCompile(`(?m)^\S+:\d+:\d+: (?:error|warning|info): .* \[([a-z0-9-]+)\](?: \(fix: .*\))?$`)
)

// Every code that any part of the tool emits, found in the sources and the
// CLI goldens, is in the registry, so --list-codes, --explain, directives
// and the docs know it.
func TestEveryEmittedCodeIsRegistered(t *testing.T) {
	root := filepath.Join("..", "..")
	found := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		var re []*regexp.Regexp
		switch {
		case strings.HasSuffix(name, "_test.go"):
			return nil // tests register throwaway rules of their own
		case strings.HasSuffix(name, ".go"):
			re = []*regexp.Regexp{codeLiteral, codeConst}
		case strings.HasSuffix(name, ".golden"):
			re = []*regexp.Regexp{goldenCode}
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, r := range re {
			for _, m := range r.FindAllSubmatch(b, -1) {
				found[string(m[1])] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 20 {
		t.Fatalf("found only %d emitted codes; the scan is broken", len(found))
	}
	for code, where := range found {
		if strings.HasPrefix(code, "x-test-") {
			continue
		}
		if codes.Lookup(code) == nil {
			t.Errorf("%s emits code %q, which is not in the registry (internal/codes)", where, code)
		}
	}
	t.Logf("%d emitted codes found, all registered; registry holds %d", len(found), len(codes.All()))
}
