package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/engine"
)

// The rule reads the called workflow from the repository, so this test
// builds one in a temporary folder (a golden case cannot live under
// .github/workflows of testdata).
func TestGitHubReusableCalls(t *testing.T) {
	repo := t.TempDir()
	wf := filepath.Join(repo, ".github", "workflows")
	if err := os.MkdirAll(wf, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, src string) string {
		p := filepath.Join(wf, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("called.yml", `on:
  workflow_call:
    inputs:
      version:
        type: string
        required: true
      debug:
        type: boolean
    secrets:
      token:
        required: true
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ inputs.version }}
`)
	caller := write("caller.yml", `on: push
jobs:
  bad:
    uses: ./.github/workflows/called.yml
    with:
      verison: "1.0"
  good:
    uses: ./.github/workflows/called.yml
    with:
      version: "1.0"
    secrets: inherit
  missing-file:
    uses: ./.github/workflows/elsewhere.yml
`)
	l, err := engine.New(nil, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(caller)
	res := l.Lint(caller, src)
	var got []string
	for _, d := range res.Diagnostics {
		if d.Code == "github-reusable-calls" {
			p := res.File.Lines.Position(d.Range.Start)
			got = append(got, strings.Join([]string{strconv.Itoa(p.Line), strconv.Itoa(p.Column), d.Message}, ":"))
		}
	}
	sort.Strings(got)
	want := []string{
		`3:3:required secret "token" of ./.github/workflows/called.yml is not passed`,
		`5:5:required input "version" of ./.github/workflows/called.yml is not passed`,
		`6:7:input "verison" is not declared by ./.github/workflows/called.yml; did you mean "version"?`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
