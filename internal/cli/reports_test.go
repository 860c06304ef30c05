package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/corpus"
	"github.com/yamlint/yamlint/internal/output"
)

var junitTime = regexp.MustCompile(` time="[0-9.]+"`)

// formatArgs checks testdata/formats/input with its config.
func formatArgs(format string, extra ...string) []string {
	args := []string{"--no-color", "--config", filepath.Join("testdata", "formats", ".yamlint.yaml"), "--format", format}
	args = append(args, extra...)
	return append(args, filepath.Join("testdata", "formats", "input"))
}

// TestFormatGolden checks every report format on the same inputs against
// testdata/formats/<format>.golden (-update rewrites them).
func TestFormatGolden(t *testing.T) {
	for _, format := range output.Names() {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", formatArgs(format)...)
			got := junitTime.ReplaceAllString(stdout, "") + stderr + fmt.Sprintf("exit %d\n", code)
			golden := filepath.Join("testdata", "formats", "golden", format+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test ./internal/cli -run FormatGolden -update, then read the diff)\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// jsonFinding is the json format's record: the reference the other
// formats are read back against.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

func referenceFindings(t *testing.T) []jsonFinding {
	t.Helper()
	_, stdout, _ := runCLI(t, "", formatArgs("json")...)
	var ref []jsonFinding
	if err := json.Unmarshal([]byte(stdout), &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref) < 5 {
		t.Fatalf("want several findings in testdata/formats/input, got %d", len(ref))
	}
	return ref
}

func sameFindings(t *testing.T, format string, got, want []jsonFinding) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: read back %d findings, json has %d", format, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s finding %d:\n got %+v\nwant %+v", format, i, got[i], want[i])
		}
	}
}

// TestJUnitReadsBack parses the JUnit report with encoding/xml and gets the
// same findings as the json format, plus a passing testcase per clean file.
func TestJUnitReadsBack(t *testing.T) {
	want := referenceFindings(t)
	_, stdout, _ := runCLI(t, "", formatArgs("junit")...)
	var doc output.JUnitTestSuites
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	var got []jsonFinding
	passing := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil {
				passing++
				continue
			}
			// "<path>:<line>:<col>: <severity>: <message> [<code>]"
			var line, col int
			rest := strings.TrimPrefix(c.Failure.Text, s.Name+":")
			if _, err := fmt.Sscanf(rest, "%d:%d:", &line, &col); err != nil {
				t.Fatalf("failure text %q: %v", c.Failure.Text, err)
			}
			sev := strings.SplitN(rest, ": ", 3)[1]
			got = append(got, jsonFinding{File: s.Name, Line: c.Line, Column: col, Severity: sev, Code: c.Failure.Type, Message: c.Failure.Message})
			if line != c.Line {
				t.Errorf("testcase line %d, text says %d", c.Line, line)
			}
		}
	}
	sameFindings(t, "junit", got, want)
	if passing != 1 || doc.Tests != len(want)+1 || doc.Failures != len(want) {
		t.Errorf("tests=%d failures=%d passing=%d; want %d, %d, 1 (clean.yaml)", doc.Tests, doc.Failures, passing, len(want)+1, len(want))
	}
}

// TestCheckstyleReadsBack parses the checkstyle report with encoding/xml.
func TestCheckstyleReadsBack(t *testing.T) {
	want := referenceFindings(t)
	_, stdout, _ := runCLI(t, "", formatArgs("checkstyle")...)
	var doc output.CheckstyleReport
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	var got []jsonFinding
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			got = append(got, jsonFinding{File: f.Name, Line: e.Line, Column: e.Column, Severity: e.Severity,
				Code: strings.TrimPrefix(e.Source, "yamlint."), Message: e.Message})
		}
	}
	sameFindings(t, "checkstyle", got, want)
	if len(doc.Files) != 3 {
		t.Errorf("want 3 files listed (clean ones too), got %d", len(doc.Files))
	}
}

// sarifSchemaPath finds the SARIF 2.1.0 schema installed by
// scripts/ci-deps/sarif-schema.sh (never committed: it is third-party).
func sarifSchemaPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("YAMLINT_SARIF_SCHEMA"); p != "" {
		return p
	}
	cache := os.Getenv("YAMLINT_CI_CACHE")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, _ := os.UserHomeDir()
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "yamlint-ci")
	}
	p := filepath.Join(cache, "sarif", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SARIF 2.1.0 schema not installed at %s: run scripts/ci-deps/sarif-schema.sh (needs npm)", p)
	}
	return p
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := sarifSchemaPath(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return sch
}

// checkSARIF validates a log against the schema and against GitHub code
// scanning's documented upload requirements; it returns the result count.
func checkSARIF(t *testing.T, sch *jsonschema.Schema, name string, data []byte) int {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("%s: invalid SARIF 2.1.0: %v", name, err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	// GitHub code scanning: SARIF 2.1.0, at most 20 runs, 25,000 results
	// and 25,000 rules per run; every result needs a ruleId the same across
	// runs, a message, a location with a repository-relative path and a
	// start line; fingerprints let alerts survive edits.
	if log.Version != "2.1.0" || len(log.Runs) == 0 || len(log.Runs) > 20 {
		t.Fatalf("%s: version %q, %d runs", name, log.Version, len(log.Runs))
	}
	total := 0
	for _, run := range log.Runs {
		if run.Tool.Driver.Name == "" {
			t.Errorf("%s: tool.driver.name empty", name)
		}
		if len(run.Results) > 25000 || len(run.Tool.Driver.Rules) > 25000 {
			t.Errorf("%s: %d results, %d rules: over code scanning's limits", name, len(run.Results), len(run.Tool.Driver.Rules))
		}
		for _, r := range run.Tool.Driver.Rules {
			if r.ShortDescription.Text == "" || !strings.HasPrefix(r.HelpURI, "https://") {
				t.Errorf("%s: rule %s lacks a short description or help URI", name, r.ID)
			}
		}
		seen := map[string]bool{}
		for _, res := range run.Results {
			total++
			if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
				t.Fatalf("%s: result %s has ruleIndex %d not naming its rule", name, res.RuleID, res.RuleIndex)
			}
			if res.Message.Text == "" || len(res.Locations) != 1 {
				t.Fatalf("%s: result %s without message or location", name, res.RuleID)
			}
			pl := res.Locations[0].PhysicalLocation
			uri := pl.ArtifactLocation.URI
			if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || strings.HasPrefix(uri, "../") {
				t.Fatalf("%s: artifact URI %q is not relative to the checkout", name, uri)
			}
			rg := pl.Region
			if rg.StartLine < 1 || rg.StartColumn < 1 || rg.EndLine < rg.StartLine || (rg.EndLine == rg.StartLine && rg.EndColumn <= rg.StartColumn) {
				t.Fatalf("%s: bad region %+v", name, rg)
			}
			fp := res.PartialFingerprints["yamlintFingerprint/v1"]
			if fp == "" || seen[uri+"\x00"+res.RuleID+"\x00"+fp] {
				t.Fatalf("%s: result %s at %s:%d: fingerprint %q missing or not unique", name, res.RuleID, uri, rg.StartLine, fp)
			}
			seen[uri+"\x00"+res.RuleID+"\x00"+fp] = true
		}
	}
	return total
}

// TestSARIFSchema validates SARIF output for the format inputs, every
// testdata area (the examples) and the corpus against the official SARIF
// 2.1.0 schema and code scanning's requirements.
func TestSARIFSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	_, stdout, _ := runCLI(t, "", formatArgs("sarif")...)
	if n := checkSARIF(t, sch, "testdata/formats", []byte(stdout)); n < 5 {
		t.Fatalf("testdata/formats: %d results, want several", n)
	}
	// The validation is not vacuous: a level SARIF does not define fails.
	broken := strings.Replace(stdout, `"level": "error"`, `"level": "fatal"`, 1)
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(broken))
	if err := sch.Validate(inst); err == nil {
		t.Fatal("the schema accepted level \"fatal\"")
	}
	areas, _ := filepath.Glob(filepath.Join("testdata", "*"))
	files, results := 0, 0
	for _, area := range areas {
		if st, err := os.Stat(area); err != nil || !st.IsDir() || filepath.Base(area) == "bench" {
			continue
		}
		args := []string{"--format", "sarif"}
		if cfg := filepath.Join(area, ".yamlint.yaml"); fileExists(cfg) {
			args = append(args, "--config", cfg)
		} else {
			args = append(args, "--config", filepath.Join("testdata", "empty-config.yaml"))
		}
		_, stdout, _ := runCLI(t, "", append(args, area)...)
		results += checkSARIF(t, sch, area, []byte(stdout))
		files++
	}
	t.Logf("SARIF valid for %d testdata areas: %d results", files, results)
}

func TestSARIFSchemaCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	sch := compileSARIFSchema(t)
	dir := corpus.Dir(t)
	emptyConfig, err := filepath.Abs(filepath.Join("testdata", "empty-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	subs, _ := os.ReadDir(dir)
	files, results := 0, 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files++
		}
		return nil
	})
	// Run from the corpus so artifact URIs are relative, as in a checkout.
	t.Chdir(dir)
	for _, s := range subs {
		if !s.IsDir() {
			continue
		}
		_, stdout, stderr := runCLI(t, "", "--format", "sarif", "--config", emptyConfig, s.Name())
		if strings.Contains(stderr, "writing output") {
			t.Fatal(stderr)
		}
		results += checkSARIF(t, sch, s.Name(), []byte(stdout))
	}
	t.Logf("SARIF valid for the corpus: %d YAML files, %d results", files, results)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestOutputFileAndReports writes the main format to a file and two more
// reports in one run; each equals what --format alone prints.
func TestOutputFileAndReports(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "out.txt")
	sarif := filepath.Join(dir, "out.sarif")
	gitlab := filepath.Join(dir, "gl.json")
	code, stdout, stderr := runCLI(t, "", formatArgs("text", "--output-file", main, "--report", "sarif="+sarif, "--report", "gitlab="+gitlab)...)
	if code != ExitProblems || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, c := range []struct{ path, format string }{{main, "text"}, {sarif, "sarif"}, {gitlab, "gitlab"}} {
		got, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		_, want, _ := runCLI(t, "", formatArgs(c.format)...)
		if elapsed.ReplaceAllString(string(got), ")") != want {
			t.Errorf("%s differs from --format %s:\n%s\n---\n%s", c.path, c.format, got, want)
		}
	}
	for _, bad := range []string{"sarif", "nope=x.json", "=x"} {
		code, _, stderr := runCLI(t, "", formatArgs("text", "--report", bad)...)
		if code != ExitFailure || !strings.Contains(stderr, "--report") {
			t.Errorf("--report %s: exit %d, stderr %q", bad, code, stderr)
		}
	}
}

func TestStatisticsAndJobs(t *testing.T) {
	_, plain, _ := runCLI(t, "", formatArgs("json")...)
	code, one, _ := runCLI(t, "", formatArgs("json", "--jobs", "1")...)
	if code != ExitProblems || one != plain {
		t.Errorf("--jobs 1 changed the result (exit %d)", code)
	}
	code, stdout, _ := runCLI(t, "", formatArgs("text", "--statistics")...)
	if code != ExitProblems {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"     3  schema ", "     1  truthy ", "total"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--statistics output lacks %q:\n%s", want, stdout)
		}
	}
	// With a machine-readable format the table goes to stderr.
	_, stdout, stderr := runCLI(t, "", formatArgs("json", "--statistics")...)
	if !json.Valid([]byte(stdout)) || !strings.Contains(stderr, "total") {
		t.Errorf("json + --statistics: stdout valid=%v, stderr %q", json.Valid([]byte(stdout)), stderr)
	}
	if code, _, stderr := runCLI(t, "", formatArgs("text", "--jobs", "-1")...); code != ExitFailure {
		t.Errorf("--jobs -1: exit %d %s", code, stderr)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	cases := []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v0.2.0"}}, "v0.2.0"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "dev+0123456789ab-dirty"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	}
	for _, c := range cases {
		if got := versionFromBuildInfo(&c.bi); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	code, stdout, _ := runCLI(t, "", "--version")
	if code != 0 || !strings.HasPrefix(stdout, "yamlint ") {
		t.Errorf("--version: %d %q", code, stdout)
	}
}

func TestProgressLine(t *testing.T) {
	var b syncBuffer
	p := startProgress(&b, 3, true, 0, time.Millisecond)
	p.tick()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(b.String(), "checked") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	p.finish()
	out := b.String()
	if !strings.Contains(out, "yamlint: checked ") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}
	var quiet syncBuffer
	q := startProgress(&quiet, 3, false, 0, time.Millisecond)
	q.tick()
	time.Sleep(5 * time.Millisecond)
	q.finish()
	if quiet.String() != "" {
		t.Errorf("disabled progress wrote %q", quiet.String())
	}
	t.Setenv("CI", "true")
	if progressEnabled(os.Stderr) {
		t.Error("progress enabled with CI set")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
