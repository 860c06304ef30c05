package lsp_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/cli"
)

// A file under a nested configuration gets the same findings from the CLI
// run at the repository root, the CLI run in the subdirectory, and the
// language server: all three resolve the nearest config from the file.
func TestNestedConfigSameEverywhere(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The root config allows long lines; the nested one limits them to 20
	// and turns trailing spaces off.
	write(filepath.Join(root, ".yamlint.yaml"), "rules:\n  line-length: disable\n")
	write(filepath.Join(sub, ".yamlint.yaml"), "rules:\n  line-length:\n    max: 20\n  trailing-spaces: disable\n")
	file := filepath.Join(sub, "x.yaml")
	write(file, "key: a value that is longer than twenty\nother: 1   \n")

	cliFindings := func(dir, arg string) []string {
		t.Chdir(dir)
		var out, errb bytes.Buffer
		cli.Run([]string{"--format", "json", arg}, strings.NewReader(""), &out, &errb)
		var findings []struct {
			Line int    `json:"line"`
			Code string `json:"code"`
		}
		if err := json.Unmarshal(out.Bytes(), &findings); err != nil {
			t.Fatalf("cli output %q: %v (stderr %s)", out.String(), err, errb.String())
		}
		var got []string
		for _, f := range findings {
			got = append(got, f.Code+"@"+strconv.Itoa(f.Line))
		}
		sort.Strings(got)
		return got
	}
	fromRoot := cliFindings(root, filepath.Join("sub", "x.yaml"))
	fromSub := cliFindings(sub, "x.yaml")

	c := start(t)
	c.initialize(nil, root)
	uri := fileURI(file)
	c.open(uri, "key: a value that is longer than twenty\nother: 1   \n")
	p := c.waitPublish(uri, 1, 0)
	var fromLSP []string
	for _, d := range p.Diagnostics {
		fromLSP = append(fromLSP, d.Code+"@"+strconv.Itoa(d.Range.Start.Line+1))
	}
	sort.Strings(fromLSP)

	want := []string{"line-length@1"}
	for name, got := range map[string][]string{"cli from root": fromRoot, "cli from sub": fromSub, "language server": fromLSP} {
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}
