package ruletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/rules"
)

func writeCase(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseCaseStripsExpectations(t *testing.T) {
	c, err := parseCase([]byte("# options: {max: 3}\n# want-line 4 \"x\"\nkey: value  # want \"a\" `b\\(c\\)`\n  run: echo hi # want \"d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "#\n#\nkey: value\n  run: echo hi\n"
	if string(c.src) != want {
		t.Errorf("src = %q, want %q", c.src, want)
	}
	if c.options != "{max: 3}" || c.optionsLine != 1 {
		t.Errorf("options = %q at %d", c.options, c.optionsLine)
	}
	var got []string
	for _, w := range c.wants {
		got = append(got, fmt.Sprintf("%d:%s", w.line, w.re))
	}
	if strings.Join(got, " ") != `4:x 3:a 3:b\(c\) 4:d` {
		t.Errorf("wants = %v", got)
	}
}

func TestCheckReportsMismatches(t *testing.T) {
	r := rules.Lookup("trailing-spaces")
	// The expectation on line 2 is wrong (no finding there); the finding
	// on line 3 is not expected; the fixes change the text but there is
	// no .fixed file.
	p := writeCase(t, "x.yaml", "a: 1\nb: 2 # want \"trailing\"\nc: 3  \n")
	_, problems := Check(r, p, false)
	joined := strings.Join(problems, "\n")
	for _, want := range []string{
		p + `:2: no finding matching "trailing"`,
		p + `:3: unexpected finding (col 5): trailing spaces [trailing-spaces]`,
		`there is no x.yaml.fixed`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}
	// -update writes the fixed file; then only the expectation problems remain.
	Check(r, p, true)
	if b, err := os.ReadFile(p + ".fixed"); err != nil || string(b) != "a: 1\nb: 2\nc: 3\n" {
		t.Errorf(".fixed = %q, %v", b, err)
	}
	_, problems = Check(r, p, false)
	if len(problems) != 2 {
		t.Errorf("after -update: %q", problems)
	}
}

func TestCheckOptionsThroughConfig(t *testing.T) {
	r := rules.Lookup("line-length")
	p := writeCase(t, "x.yaml", "# options: {max: 10}\nkey: 12345678 # want `line too long \\(13 > 10`\n")
	// The header line (20 characters) is metadata: not too long.
	if _, problems := Check(r, p, false); len(problems) != 0 {
		t.Errorf("problems = %q", problems)
	}
	p = writeCase(t, "y.yaml", "# options: {maxx: 10}\nkey: 1\n")
	_, problems := Check(r, p, false)
	if len(problems) != 1 || !strings.Contains(problems[0], `y.yaml:1: options: unknown option "maxx" for rule "line-length"; did you mean "max"?`) {
		t.Errorf("problems = %q", problems)
	}
}

func TestCheckSchemaAssociationByPath(t *testing.T) {
	r := rules.Lookup("github-needs")
	text := "on: push\njobs:\n  a:\n    needs: deploy # want `job \"deploy\" needed here`\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n"
	p := writeCase(t, ".github/workflows/ci.yml", text)
	if _, problems := Check(r, p, false); len(problems) != 0 {
		t.Errorf("workflow: %q", problems)
	}
	// The same text outside .github/workflows is no workflow: the
	// expectation is not met.
	p = writeCase(t, "ci.yml", text)
	if _, problems := Check(r, p, false); len(problems) != 1 {
		t.Errorf("plain file: %q", problems)
	}
}
