package cli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/yamlint/yamlint/internal/helmrender/helmtest"
)

// Hostile inputs from issue #11, each beside a good file that must still be
// checked. Every case finishes at once: nothing here may block or read
// without bound.

const widgetCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: %[1]ss.example.com
spec:
  group: example.com
  names: {kind: %[2]s, plural: %[1]ss, singular: %[1]s, listKind: %[2]sList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer, minimum: 1}
`

// repo makes a repository (a directory with .git) holding files.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := writeFiles(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// diagLines returns the output lines (problems) that mention file.
func diagLines(out, file string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, file+":") {
			got = append(got, l)
		}
	}
	return got
}

func wantOne(t *testing.T, out, file string, parts ...string) {
	t.Helper()
	lines := diagLines(out, file)
	if len(lines) != 1 {
		t.Errorf("%s: want exactly one problem, got %d:\n%s", filepath.Base(file), len(lines), strings.Join(lines, "\n"))
		return
	}
	for _, p := range parts {
		if !strings.Contains(lines[0], p) {
			t.Errorf("%s: %q lacks %q", filepath.Base(file), lines[0], p)
		}
	}
}

func TestHostileModelines(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix paths")
	}
	dir := repo(t, map[string]string{
		"s.json":       portSchema,
		"good.yaml":    "# yaml-language-server: $schema=./s.json\nport: http\n",
		"passwd.yaml":  "# yaml-language-server: $schema=/etc/passwd\nport: 1\n",
		"environ.yaml": "# yaml-language-server: $schema=/proc/self/environ\nport: 1\n",
		"zero.yaml":    "# yaml-language-server: $schema=/dev/zero\nport: 1\n",
		"dotdot.yaml":  "# yaml-language-server: $schema=../../x.json\nport: 1\n",
		"nothere.yaml": "# yaml-language-server: $schema=/nonexistent-dir/x.json\nport: 1\n",
		"link.yaml":    "# yaml-language-server: $schema=./zero.json\nport: 1\n",
		"ref.yaml":     "# yaml-language-server: $schema=./ref.json\nport: 1\n",
		"ref.json":     `{"$ref": "file:///etc/passwd"}`,
	})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	files := []string{"good.yaml", "passwd.yaml", "environ.yaml", "zero.yaml", "dotdot.yaml", "nothere.yaml", "link.yaml", "ref.yaml"}
	var args []string
	for _, f := range files {
		args = append(args, filepath.Join(dir, f))
	}
	code, out, errOut := runCLI(t, "", append([]string{"--no-color", "--config", "testdata/empty-config.yaml"}, args...)...)
	if code != ExitProblems {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	// The good file is still checked against its (local, inside) schema.
	wantOne(t, out, filepath.Join(dir, "good.yaml"), ":2:7: error: expected integer", "[schema]")
	// Outside the root: refused before any access, with the same words
	// whether the file exists (/etc/passwd) or not (/nonexistent-dir).
	for _, f := range []string{"passwd.yaml", "environ.yaml", "zero.yaml", "dotdot.yaml", "nothere.yaml", "link.yaml", "ref.yaml"} {
		wantOne(t, out, filepath.Join(dir, f), ":1:1: error: schema ", "local schema outside the repository or workspace root; not read", "--allow-schema-path", "[schema-load]")
	}
	for _, leak := range []string{"root:", "no such file", "PATH=", "invalid character '"} {
		if strings.Contains(out, leak) {
			t.Errorf("output reveals %q:\n%s", leak, out)
		}
	}
}

// A user may widen the boundary; a device is then refused as a device.
func TestAllowedSchemaPathStillTyped(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	dir := repo(t, map[string]string{
		"zero.yaml": "# yaml-language-server: $schema=/dev/zero\nport: 1\n",
		"good.yaml": "port: 1\n",
	})
	_, out, _ := runCLI(t, "", "--no-color", "--config", "testdata/empty-config.yaml", "--allow-schema-path", "/dev",
		filepath.Join(dir, "zero.yaml"), filepath.Join(dir, "good.yaml"))
	wantOne(t, out, filepath.Join(dir, "zero.yaml"), ":1:1: error: schema /dev/zero: not a regular file (character device)", "[schema-load]")
	if !strings.Contains(out, "(2 files checked") {
		t.Errorf("want both files checked:\n%s", out)
	}
	// --schema is the user's own choice too: same typed refusal.
	_, out, _ = runCLI(t, "", "--no-color", "--config", "testdata/empty-config.yaml", "--schema", "/dev/zero", filepath.Join(dir, "good.yaml"))
	wantOne(t, out, filepath.Join(dir, "good.yaml"), "not a regular file (character device)", "[schema-load]")
}

func TestSpecialFilesOnTheCommandLine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := repo(t, map[string]string{"good.yaml": "a: 1\na: 2\n"})
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.yaml")
	for _, fix := range []bool{false, true} {
		args := []string{"--no-color", "--config", "testdata/empty-config.yaml", fifo, link, "/dev/zero", good}
		if fix {
			args = append([]string{"--fix"}, args...)
		}
		_, out, errOut := runCLI(t, "", args...)
		wantOne(t, out, fifo, ":1:1: error: not a regular file (FIFO); not checked [io]")
		wantOne(t, out, link, ":1:1: error: not a regular file (character device); not checked [io]")
		wantOne(t, out, "/dev/zero", ":1:1: error: not a regular file (character device); not checked [io]")
		wantOne(t, out, good, ":2:1: error: duplicate key")
		if !strings.Contains(out, "(4 files checked") {
			t.Errorf("fix=%v: want 4 files checked:\n%s%s", fix, out, errOut)
		}
	}
}

// The CRD pre-pass reads named files before linting them: an oversized one
// (1 GiB, sparse) is refused by its size before a byte is read, and the
// good CRD beside it still applies.
func TestCRDPrePassOversizedFile(t *testing.T) {
	dir := repo(t, map[string]string{
		"gadget-crd.yaml": fmt.Sprintf(widgetCRD, "gadget", "Gadget"),
		"gadget.yaml":     "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 0}\n",
		"widget.yaml":     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 0}\n",
	})
	big := filepath.Join(dir, "widget-crd.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(fmt.Sprintf(widgetCRD, "widget", "Widget")); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: no disk, no memory
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, out, errOut := runCLI(t, "", "--no-color", "--config", "testdata/empty-config.yaml",
		big, filepath.Join(dir, "gadget-crd.yaml"), filepath.Join(dir, "gadget.yaml"), filepath.Join(dir, "widget.yaml"))
	runtime.ReadMemStats(&after)
	grew := after.TotalAlloc - before.TotalAlloc
	if grew > 200<<20 {
		t.Errorf("allocated %d MiB checking a 1 GiB file: it was read", grew>>20)
	}
	t.Logf("allocated %.1f MiB for the run beside a 1 GiB CRD file", float64(grew)/(1<<20))
	wantOne(t, out, big, ":1:1: error: file is larger than", "[file-size]")
	// The good CRD registered: its custom resource is validated.
	wantOne(t, out, filepath.Join(dir, "gadget.yaml"), "must be at least 1", "[schema]")
	// The oversized one did not: its kind has no schema.
	wantOne(t, out, filepath.Join(dir, "widget.yaml"), "[k8s-missing-schema]")
	if t.Failed() {
		t.Logf("output:\n%s%s", out, errOut)
	}
}

// countAccepts listens on loopback and counts connections until stopped.
func countAccepts(t *testing.T) (addr string, stop func() int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	return l.Addr().String(), func() int32 { l.Close(); <-done; return n.Load() }
}

// A repository's `remote: true` does not turn fetching on: a warning says
// so and how to, and nothing is dialled. The same key in the user's own
// config (outside the repository) does.
func TestRepositoryConfigCannotEnableRemote(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	addr, stop := countAccepts(t)
	dir := repo(t, map[string]string{
		".yamlint.yaml": "remote: true\n",
		"a.yaml":        "# yaml-language-server: $schema=https://" + addr + "/s.json\nport: 1\n",
		"good.yaml":     "a: 1\na: 2\n",
	})
	t.Chdir(dir)
	_, out, errOut := runCLI(t, "", "--no-color", "a.yaml", "good.yaml")
	if want := ".yamlint.yaml:1:1: `remote: true` in a repository's config is ignored"; !strings.Contains(errOut, want) || !strings.Contains(errOut, "--allow-remote") {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	wantOne(t, out, "a.yaml", "remote schemas are not fetched by default", "[schema-load]")
	wantOne(t, out, "good.yaml", "duplicate key")
	// --config naming the repository's own file is still the repository's.
	_, _, errOut = runCLI(t, "", "--no-color", "--config", ".yamlint.yaml", "a.yaml")
	if !strings.Contains(errOut, "is ignored") {
		t.Errorf("--config inside the repository: stderr %q", errOut)
	}
	if n := stop(); n != 0 {
		t.Errorf("%d connections made", n)
	}

	// The user's own config outside the repository: fetching is on, and
	// the address filter still refuses loopback before connecting.
	addr, stop = countAccepts(t)
	user := filepath.Join(t.TempDir(), "yamlint.yaml")
	if err := os.WriteFile(user, []byte("remote: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("b.yaml", []byte("# yaml-language-server: $schema=https://"+addr+"/s.json\nport: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, errOut = runCLI(t, "", "--no-color", "--config", user, "b.yaml")
	if strings.Contains(errOut, "ignored") {
		t.Errorf("user config's remote: true reported as ignored: %s", errOut)
	}
	wantOne(t, out, "b.yaml", "refusing to connect to 127.0.0.1 (a loopback address)", "--allow-private-network")
	if n := stop(); n != 0 {
		t.Errorf("%d connections made to a loopback address without --allow-private-network", n)
	}
	// With --allow-private-network the user's choice reaches the listener
	// (which is not a TLS server: the fetch fails after connecting).
	addr, stop = countAccepts(t)
	os.WriteFile("b.yaml", []byte("# yaml-language-server: $schema=https://"+addr+"/s.json\nport: 1\n"), 0o644)
	runCLI(t, "", "--no-color", "--config", user, "--allow-private-network", "b.yaml")
	if n := stop(); n == 0 {
		t.Errorf("user-enabled fetch made no connection")
	}
}

// A repository's `helm-render: true` does not run its chart's templates
// (a template may spin or allocate up to the render's bounds): a warning
// says so, and --helm-render, the user's choice, does render.
func TestRepositoryConfigCannotEnableHelmRender(t *testing.T) {
	helmtest.Use(t)
	dir := repo(t, map[string]string{
		".yamlint.yaml":           "helm-render: true\n",
		"chart/Chart.yaml":        "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
		"chart/values.yaml":       "replicas: 1\n",
		"chart/templates/cm.yaml": "{{ fail \"rendering ran\" }}\n",
	})
	t.Chdir(dir)
	_, out, errOut := runCLI(t, "", "--no-color", "chart")
	if want := "`helm-render: true` in a repository's config is ignored"; !strings.Contains(errOut, want) || !strings.Contains(errOut, "--helm-render") {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	if strings.Contains(out, "rendering ran") {
		t.Errorf("the repository's config rendered the chart:\n%s", out)
	}
	_, out, errOut = runCLI(t, "", "--no-color", "--helm-render", "chart")
	if !strings.Contains(out, "rendering ran") || !strings.Contains(out, "[k8s-helm-render]") {
		t.Errorf("--helm-render did not render:\n%s%s", out, errOut)
	}
}

// Without the yamlint-helm program, --helm-render reports, on each
// template, what to install; the other files are still checked.
func TestHelmRenderWithoutProgram(t *testing.T) {
	dir := repo(t, map[string]string{
		"chart/Chart.yaml":        "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
		"chart/values.yaml":       "replicas: 1\n",
		"chart/templates/cm.yaml": "kind: ConfigMap\n",
		"other.yaml":              "a: 1\na: 2\n",
	})
	t.Chdir(dir)
	t.Setenv("YAMLINT_HELM", "")
	t.Setenv("PATH", t.TempDir())
	_, out, errOut := runCLI(t, "", "--no-color", "--helm-render", "chart", "other.yaml")
	if !strings.Contains(out, "chart/templates/cm.yaml") || !strings.Contains(out, "needs the yamlint-helm program") || !strings.Contains(out, "[k8s-helm-render]") {
		t.Errorf("no missing-program finding:\n%s%s", out, errOut)
	}
	if !strings.Contains(out, "other.yaml") {
		t.Errorf("other.yaml not checked:\n%s%s", out, errOut)
	}
}
