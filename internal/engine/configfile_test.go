package engine

import (
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

// TestLintingAConfigFile: a .yamllint or .yamlint.yaml being linted (or
// edited in the language server) gets the same rule and option checks as
// loading it, on top of the config schema.
func TestLintingAConfigFile(t *testing.T) {
	l, err := New(config.Default("."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, src string
		want      []string
	}{
		{".yamllint", "extends: default\nrules:\n  line-lenght: {max: 100}\n  colons: {max-spaces-after: x}\n", []string{"config@3:3", "config@4:30"}},
		{".yamlint.yaml", "rules:\n  line-lenght: {max: 100}\n", []string{"config@2:3"}},
		// Inside rules: the config checks speak, not the schema (which
		// describes the entries for completion and hover).
		{".yamllint.yml", "rules:\n  line-lenght: {max: 100}\n  document-start: sometimes\n", []string{"config@2:3", "config@3:19"}},
		// Elsewhere the shape is wrong: the schema says so, and the rules
		// entries are still checked (every problem in one run).
		{".yamllint.yml", "remote: sometimes\nrules:\n  line-lenght: {max: 100}\n", []string{"schema@1:9", "config@3:3"}},
		{"other.yaml", "rules:\n  line-lenght: {max: 100}\n", nil},
	}
	for _, tc := range cases {
		name, want := tc.name, tc.want
		res := l.Lint(filepath.Join(t.TempDir(), name), []byte(tc.src))
		var got []string
		for _, d := range res.Diagnostics {
			p := res.File.Lines.Position(d.Range.Start)
			got = append(got, d.Code+"@"+itoa(p.Line)+":"+itoa(p.Column))
		}
		if len(got) != len(want) {
			t.Fatalf("%s: got %v, want %v", name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: got %v, want %v", name, got, want)
				break
			}
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
