// Package helmrender renders a Helm chart's templates offline with Helm's
// own engine, as `helm template` would for a values set, by running the
// yamlint-helm program (cmd/yamlint-helm), which links Helm. yamlint and
// yaml-lsp do not: Helm's package initialisation would cost every run, and
// rendering is opt-in (--helm-render).
//
// Rendering runs the chart's Go templates: it is the user's choice
// (--helm-render). No cluster is contacted (lookup returns nothing). The
// program gets an empty environment and reads only the chart directory; a
// render that outlives Timeout is reported, and the program is killed when
// the whole request outlives its budget.
package helmrender

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Timeout bounds one render of one chart with one values set.
var Timeout = 10 * time.Second

// Program is the name of the rendering program.
const Program = "yamlint-helm"

// EnvProgram names the environment variable that may give the program's
// absolute path.
const EnvProgram = "YAMLINT_HELM"

// Chart is a loaded chart.
type Chart struct {
	name string
	// Templates are the template sources by chart-relative path
	// ("templates/deployment.yaml", "charts/sub/templates/x.yaml").
	Templates map[string][]byte
	// Renders holds the results of LoadAndRender, one per values set.
	Renders []Result
}

// Result is the outcome of one render: the files, or an error.
type Result struct {
	Files []File
	Err   error
}

// Name is the chart's name.
func (c *Chart) Name() string { return c.name }

// File is one rendered template.
type File struct {
	// Template is the chart-relative path of the template
	// ("templates/deployment.yaml").
	Template string
	// Rendered is Helm's name for it ("mychart/templates/deployment.yaml").
	Rendered string
	Text     string
}

// Error is a render failure located in a template.
type Error struct {
	Template string `json:"template,omitempty"` // chart-relative path; "" when Helm names none
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Message  string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

// AsError returns the located render error in err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Values is one values set: a values file's YAML text, read as Helm reads
// `helm template -f` files (YAML 1.1: a key `n` is false), or else
// Overrides (nil: the chart's defaults).
type Values struct {
	File      []byte
	Overrides map[string]any
}

// ValuesError is the error of a render whose values set could not be read
// (a values file that is not a YAML mapping): nothing was rendered.
type ValuesError struct{ Message string }

func (e *ValuesError) Error() string { return e.Message }

// IsValuesError reports whether err is a ValuesError.
func IsValuesError(err error) bool {
	var e *ValuesError
	return errors.As(err, &e)
}

// LoadAndRender loads the chart in dir and renders it once per values set,
// all in one run of the program; the chart's Renders hold the results in
// order. The error is set when the chart could not be loaded or the
// program could not answer.
func LoadAndRender(dir string, sets []Values, kubeVersion string) (*Chart, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	req := Request{Dir: abs, KubeVersion: kubeVersion, TimeoutMillis: Timeout.Milliseconds()}
	if req.TimeoutMillis <= 0 {
		req.TimeoutMillis = 1
	}
	// A values set JSON cannot carry (.nan) is reported, not sent.
	results := make([]Result, len(sets))
	var sent []int
	for i, s := range sets {
		var raw []byte
		var err error
		if s.File != nil {
			raw, err = json.Marshal(string(s.File))
		} else {
			raw, err = json.Marshal(s.Overrides)
		}
		if err != nil {
			results[i].Err = &ValuesError{fmt.Sprintf("values not representable: %v", err)}
			continue
		}
		req.ValueSets = append(req.ValueSets, raw)
		sent = append(sent, i)
	}
	resp, err := run(req)
	if err != nil {
		return nil, err
	}
	if resp.LoadError != "" {
		return nil, errors.New(resp.LoadError)
	}
	if len(resp.Renders) != len(sent) {
		return nil, fmt.Errorf("%s answered %d renders for %d values sets", Program, len(resp.Renders), len(sent))
	}
	for j, i := range sent {
		w := resp.Renders[j]
		switch {
		case w.ValuesError:
			results[i].Err = &ValuesError{w.Message}
		case w.Error != nil:
			results[i].Err = w.Error
		case w.Message != "":
			results[i].Err = errors.New(w.Message)
		default:
			for _, f := range w.Files {
				results[i].Files = append(results[i].Files, File{Template: f.Template, Rendered: f.Rendered, Text: string(f.Text)})
			}
		}
	}
	tmpls := resp.Templates
	if tmpls == nil {
		tmpls = map[string][]byte{}
	}
	return &Chart{name: resp.Name, Templates: tmpls, Renders: results}, nil
}

// errNoProgram is returned when the program is not installed.
var errNoProgram = errors.New("helm rendering needs the " + Program + " program next to yamlint or on PATH (go install github.com/yamlint/yamlint/cmd/" + Program + "@latest)")

// findProgram returns the program's path: $YAMLINT_HELM (absolute), else
// the program beside the running executable, else on PATH (never the
// current directory).
func findProgram() (string, error) {
	if p := os.Getenv(EnvProgram); p != "" {
		if !filepath.IsAbs(p) {
			return "", fmt.Errorf("%s=%q is not an absolute path", EnvProgram, p)
		}
		return p, nil
	}
	name := Program
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(Program); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs, nil
		}
	}
	return "", errNoProgram
}

// maxStderr bounds the program's error output kept for a message.
const maxStderr = 64 << 10

// waitDelay is how long, after the program is killed or has exited, its
// output pipes may stay open (held by a process it started) before they
// are closed.
var waitDelay = 2 * time.Second

// answerLimit bounds the answer to a request with n values sets: the
// templates and each render's files, base64 (4/3), and room for names and
// messages.
var answerLimit = func(n int) int64 {
	return int64(MaxChartTotalSize+MaxOutput*n)/3*4 + 4<<20
}

// run runs the program on one request.
func run(req Request) (*Response, error) {
	prog, err := findProgram()
	if err != nil {
		return nil, err
	}
	in, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if len(in) > MaxRequest {
		return nil, fmt.Errorf("values sets larger than %d bytes in all", MaxRequest)
	}
	// One Timeout to load the chart, one per values set.
	budget := Timeout * time.Duration(len(req.ValueSets)+1)
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog)
	cmd.Env = programEnv()
	cmd.Stdin = bytes.NewReader(in)
	limit := answerLimit(len(req.ValueSets))
	stdout := &capBuffer{max: limit, overflow: cancel}
	stderr := &capBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = waitDelay
	err = cmd.Run()
	switch {
	case stdout.over:
		return nil, fmt.Errorf("%s's answer is larger than %d bytes", Program, limit)
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("rendering took longer than %s; %s stopped", budget, Program)
	case err != nil:
		msg := fmt.Sprintf("%s failed: %v", Program, err)
		if s := lastLine(stderr.buf.String()); s != "" {
			msg += ": " + s
		}
		return nil, errors.New(msg)
	}
	var resp Response
	dec := json.NewDecoder(bytes.NewReader(stdout.buf.Bytes()))
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("%s gave an unreadable answer: %v", Program, err)
	}
	return &resp, nil
}

// programEnv is the program's environment: nothing of the user's (Helm's
// rendering needs none), except what Windows needs to start a process.
func programEnv() []string {
	env := []string{}
	if runtime.GOOS == "windows" {
		for _, k := range []string{"SYSTEMROOT", "SystemRoot"} {
			if v := os.Getenv(k); v != "" {
				env = append(env, k+"="+v)
				break
			}
		}
	}
	return env
}

// lastLine is the last non-empty line of s, shortened.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 500 {
		s = s[:500] + "..."
	}
	return s
}

// capBuffer keeps up to max bytes and discards the rest (the writer is
// never blocked); on the first byte too many it calls overflow.
type capBuffer struct {
	buf      bytes.Buffer
	max      int64
	over     bool
	overflow func()
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if room := b.max - int64(b.buf.Len()); int64(len(p)) > room {
		if room > 0 {
			b.buf.Write(p[:room])
		}
		if !b.over {
			b.over = true
			if b.overflow != nil {
				b.overflow()
			}
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}
