package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/codes"
)

// A "did you mean" rename is a guess: plain --fix leaves it, --unsafe-fixes
// applies it.
func TestFixLeavesGuesses(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows", "ci.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  test:\n    needs: [biuld]\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
	if err := os.WriteFile(wf, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, ".yamlint.yaml")
	if err := os.WriteFile(empty, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runCLI(t, "", "-c", empty, wf)
	if !strings.Contains(out, "biuld") {
		t.Fatalf("expected a finding about needs: [biuld], got:\n%s", out)
	}
	runCLI(t, "", "-c", empty, "--fix", wf)
	if got := read(t, wf); got != src {
		t.Fatalf("--fix applied a guess:\n%s", got)
	}
	runCLI(t, "", "-c", empty, "--fix", "--unsafe-fixes", wf)
	if got := read(t, wf); !strings.Contains(got, "needs: [build]") {
		t.Fatalf("--fix --unsafe-fixes did not apply the suggestion:\n%s", got)
	}
}

// Any silenceable code, not only rules, can be disabled for a line: the
// editor's "Disable ... for this line" action writes exactly this comment.
func TestDirectiveSilencesEveryCode(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".yamlint.yaml")
	if err := os.WriteFile(cfg, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "ing.yaml")
	bad := "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n"
	if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runCLI(t, "", "-c", cfg, "--kubernetes-version", "1.30", f)
	if !strings.Contains(out, "k8s-deprecated-api") {
		t.Fatalf("expected k8s-deprecated-api, got:\n%s", out)
	}
	silenced := "# yamllint disable-line rule:k8s-deprecated-api\n" + bad
	if err := os.WriteFile(f, []byte(silenced), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCLI(t, "", "-c", cfg, "--kubernetes-version", "1.30", f)
	if strings.Contains(out, "k8s-deprecated-api") || strings.Contains(out, "[directive]") {
		t.Fatalf("directive did not silence k8s-deprecated-api cleanly:\n%s", out)
	}
	// A code that cannot be silenced is named as such.
	if err := os.WriteFile(f, []byte("# yamllint disable-line rule:syntax\na: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCLI(t, "", "-c", cfg, f)
	if !strings.Contains(out, `"syntax", which cannot be disabled`) || !strings.Contains(out, "[syntax]") {
		t.Fatalf("want a syntax error and a directive warning, got:\n%s", out)
	}
}

func TestUnknownFlagIsReported(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus", "x.yaml"}, "unknown flag: --bogus"},
		{[]string{"--formt=json", "x.yaml"}, "did you mean --format?"},
		{[]string{"x.yaml", "--fail-level"}, "flag needs an argument"},
		{[]string{"--fix=maybe", "x.yaml"}, "invalid argument"},
	} {
		code, _, stderr := runCLI(t, "", tc.args...)
		if code != ExitFailure || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "yamlint --help") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestExplainAndListCodes(t *testing.T) {
	code, out, _ := runCLI(t, "", "--list-codes", "--format", "json")
	if code != ExitOK {
		t.Fatalf("--list-codes exit %d", code)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range list {
		for _, k := range []string{"code", "category", "severity", "enabled", "summary"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v lacks %q", e, k)
			}
		}
		listed[e["code"].(string)] = true
	}
	for _, c := range codes.All() {
		if !listed[c.ID] {
			t.Errorf("%s not listed", c.ID)
		}
		code, out, stderr := runCLI(t, "", "--explain", c.ID)
		if code != ExitOK || !strings.HasPrefix(out, c.ID+" (") {
			t.Errorf("--explain %s: exit %d, %q %q", c.ID, code, out, stderr)
		}
	}
	code, _, stderr := runCLI(t, "", "--explain", "trailing-space")
	if code != ExitFailure || !strings.Contains(stderr, `did you mean "trailing-spaces"`) {
		t.Errorf("unknown code: exit %d, %q", code, stderr)
	}
}
