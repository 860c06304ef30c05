package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/yamlint/yamlint/internal/diag"
)

func oneFile(msg, code string, sev diag.Severity) []File {
	src := []byte("a: 1\nb: x;y]\n")
	return []File{{Path: "dir/we;ird]%.yaml", Src: src, Diagnostics: []diag.Diagnostic{
		{Range: diag.Range{Start: 8, End: 11}, Severity: sev, Code: code, Message: msg},
	}}}
}

func format(t *testing.T, name string, files []File) string {
	t.Helper()
	f, err := New(name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Format(&b, files, Summary{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Azure's logging-command parser: ';' ends a property and ']' the property
// list, so both are escaped in properties; '%' and line breaks everywhere.
func TestAzureEscaping(t *testing.T) {
	got := format(t, "azure", oneFile("100% wrong;\nsee [docs]", "my;code]", diag.SeverityWarning))
	want := "##vso[task.logissue type=warning;sourcepath=dir/we%3Bird%5D%AZP25.yaml;linenumber=2;columnnumber=4;code=my%3Bcode%5D;]100%AZP25 wrong;%0Asee [docs]\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Azure has no informational issue type: info is a plain log line.
	got = format(t, "azure", oneFile("just so you know", "x", diag.SeverityInfo))
	if got != "dir/we;ird]%.yaml:2:4: info: just so you know [x]\n" {
		t.Errorf("info: %q", got)
	}
}

func TestGitLabSeverities(t *testing.T) {
	for _, c := range []struct {
		sev  diag.Severity
		code string
		want string
	}{
		{diag.SeverityError, "schema", "major"},
		{diag.SeverityError, "syntax", "critical"},
		{diag.SeverityWarning, "truthy", "minor"},
		{diag.SeverityInfo, "x", "info"},
	} {
		var issues []GitLabIssue
		if err := json.Unmarshal([]byte(format(t, "gitlab", oneFile("m", c.code, c.sev))), &issues); err != nil {
			t.Fatal(err)
		}
		if len(issues) != 1 || issues[0].Severity != c.want || issues[0].Location.Lines.Begin != 2 || len(issues[0].Fingerprint) != 32 {
			t.Errorf("%v %s: %+v", c.sev, c.code, issues)
		}
	}
	if got := format(t, "gitlab", nil); strings.TrimSpace(got) != "[]" {
		t.Errorf("no findings: %q, want []", got)
	}
}

// A fingerprint does not depend on the line number: the same finding one
// line lower has the same one.
func TestFingerprintsIgnoreLineShift(t *testing.T) {
	a := oneFile("m", "c", diag.SeverityError)
	b := oneFile("m", "c", diag.SeverityError)
	b[0].Src = append([]byte("# new\n"), b[0].Src...)
	b[0].Diagnostics[0].Range = diag.Range{Start: 14, End: 17}
	fa, fb := FingerprintsOf(a[0]), FingerprintsOf(b[0])
	if fa[0] != fb[0] {
		t.Errorf("%s != %s", fa[0], fb[0])
	}
}

func TestRelPath(t *testing.T) {
	if got := RelPath("./a/../b/c.yaml"); got != "b/c.yaml" {
		t.Errorf("got %q", got)
	}
	if got := RelPath("/elsewhere/x.yaml"); got != "/elsewhere/x.yaml" {
		t.Errorf("got %q", got)
	}
}

// The json format writes byte for byte what encoding/json's indenting
// Encoder writes, for awkward strings too (quotes, control characters,
// HTML characters, invalid UTF-8, U+2028).
func TestJSONMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", `q"uote\back`, "tab\tnl\ncr\r\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
		"bad\xffutf8\xc3", "line\u2028sep\u2029", "ünïcödé ✓ 😀", "\b\f"}
	for _, files := range [][]File{nil, {{Path: "empty.yaml"}}} {
		var got bytes.Buffer
		if err := (jsonFormat{}).Format(&got, files, Summary{}); err != nil {
			t.Fatal(err)
		}
		if got.String() != "[]\n" {
			t.Errorf("no findings: %q", got.String())
		}
	}
	var files []File
	var want []jsonDiag
	for _, s := range strs {
		src := []byte("a: 1\nb: 2\n")
		f := File{Path: "dir/" + s + ".yaml", Src: src, Diagnostics: []diag.Diagnostic{
			{Range: diag.Range{Start: 5, End: 9}, Severity: diag.SeverityWarning, Code: "code-" + s, Message: s + " message"},
		}}
		files = append(files, f)
		sp := SpanOf(f, f.Diagnostics[0])
		want = append(want, jsonDiag{f.Path, sp.Line, sp.Column, sp.EndLine, sp.EndColumn, "warning", "code-" + s, s + " message"})
	}
	var exp bytes.Buffer
	enc := json.NewEncoder(&exp)
	enc.SetIndent("", "  ")
	if err := enc.Encode(want); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := (jsonFormat{}).Format(&got, files, Summary{}); err != nil {
		t.Fatal(err)
	}
	if got.String() != exp.String() {
		t.Errorf("json output differs from encoding/json:\n got %s\nwant %s", got.String(), exp.String())
	}
}

// The formats that carry fingerprints say so; the others need none
// computed.
func TestUsesFingerprints(t *testing.T) {
	for name, want := range map[string]bool{"sarif": true, "gitlab": true, "azure": false,
		"text": false, "json": false, "github": false, "checkstyle": false, "junit": false} {
		if got := UsesFingerprints(name); got != want {
			t.Errorf("UsesFingerprints(%q) = %v, want %v", name, got, want)
		}
	}
	// A format whose output depends on the fingerprints must be declared
	// as using them: write one finding under two fingerprints.
	for _, name := range Names() {
		f, _ := New(name, Options{})
		render := func(fp string) string {
			var buf bytes.Buffer
			files := oneFile("m", "c", diag.SeverityWarning)
			files[0].Fingerprints = []string{fp}
			if err := f.Format(&buf, files, Summary{}); err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
		if uses := render("fp-one") != render("fp-two"); uses != UsesFingerprints(name) {
			t.Errorf("format %s: output depends on fingerprints = %v, UsesFingerprints = %v", name, uses, UsesFingerprints(name))
		}
	}
}
