// Package cli implements the yamlint command: flags, config discovery,
// walking inputs, checking them in parallel, output and exit codes.
package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/output"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitProblems = 1
	ExitFailure  = 2 // usage error, unreadable config, internal failure
)

// Version is set at build time.
var Version = "dev"

// skipDirs are never descended into when walking a directory.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

type options struct {
	format        string
	schema        string
	catalog       string
	configPath    string
	allowRemote   bool
	failLevel     string
	noColor       bool
	stdinFilename string
	version       bool
	fix           bool
	diff          bool
	kube          engine.KubeOptions
	strict        bool
	unsafeFixes   bool
	explain       string
	listCodes     bool
}

// Run runs yamlint with args (without the program name) and returns the
// exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var o options
	fl := pflag.NewFlagSet("yamlint", pflag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(output.Names(), ", "))
	fl.StringVarP(&o.schema, "schema", "s", "", "validate every input against this schema (path or URL)")
	fl.StringVar(&o.catalog, "catalog", "", "extra schema catalog (SchemaStore catalog.json format) consulted before the built-in one")
	fl.StringVarP(&o.configPath, "config", "c", "", "config file for every input (default: for each file, the nearest .yamlint.yaml/.yamllint* from its directory upward)")
	fl.BoolVar(&o.allowRemote, "allow-remote", false, "allow fetching https schemas (cached); off by default")
	fl.StringVar(&o.failLevel, "fail-level", "error", "lowest severity that makes the exit code 1: error, warning or info")
	fl.BoolVar(&o.noColor, "no-color", false, "never colour the output (also NO_COLOR)")
	fl.StringVar(&o.stdinFilename, "stdin-filename", "", "name standard input (read with -) for schema association and messages")
	fl.BoolVar(&o.version, "version", false, "print the version and exit")
	fl.BoolVar(&o.fix, "fix", false, "apply the fixes of fixable problems, in place (standard input: the fixed text is printed), then report what is left")
	fl.BoolVar(&o.unsafeFixes, "unsafe-fixes", false, "with --fix: also apply suggestions (\"did you mean\" renames), not only safe fixes")
	fl.StringVar(&o.explain, "explain", "", "print the explanation of a diagnostic code, with examples, and exit")
	fl.BoolVar(&o.listCodes, "list-codes", false, "list every diagnostic code (with --format json: as JSON) and exit")
	fl.BoolVar(&o.diff, "diff", false, "with --fix: print the fixes as a unified diff and change nothing (exit 1 when there is something to fix)")
	fl.StringVar(&o.kube.Version, "kubernetes-version", "", "Kubernetes minor to validate manifests against, e.g. 1.30 (default: newest bundled)")
	fl.BoolVar(&o.strict, "strict", true, "report fields Kubernetes objects do not declare (--strict=false relaxes)")
	fl.StringArrayVar(&o.kube.CRDs, "crd", nil, "CustomResourceDefinition file or directory (repeatable)")
	fl.BoolVar(&o.kube.IgnoreMissingSchemas, "ignore-missing-schemas", false, "do not warn about Kubernetes kinds without a schema")
	fl.BoolVar(&o.kube.HelmRender, "helm-render", false, "render Helm chart templates (default values and each ci/*.yaml) and check the manifests, reported at template lines")
	fl.StringArrayVar(&o.kube.SchemaLocations, "schema-location", nil, "kubeconform-style schema location (directory or path template; \"default\" = bundled; repeatable)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: yamlint [flags] PATH...  (PATH may be a file, a directory, or - for stdin)\n\n%s", fl.FlagUsages())
	}
	fl.SetOutput(io.Discard) // parse errors are reported below, once
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fl.SetOutput(stderr)
			fl.Usage()
			return ExitOK
		}
		fmt.Fprintf(stderr, "yamlint: %s\n", flagErrorMessage(fl, err))
		fmt.Fprintf(stderr, "Run 'yamlint --help' for usage.\n")
		return ExitFailure
	}
	fl.SetOutput(stderr)
	if o.version {
		fmt.Fprintf(stdout, "yamlint %s\n", Version)
		return ExitOK
	}
	if o.explain != "" || o.listCodes {
		return runCodes(o, stdout, stderr)
	}
	paths := fl.Args()
	if len(paths) == 0 {
		fl.Usage()
		return ExitFailure
	}
	if o.diff && !o.fix {
		fmt.Fprintf(stderr, "yamlint: --diff needs --fix\n")
		return ExitFailure
	}
	if o.unsafeFixes && !o.fix {
		fmt.Fprintf(stderr, "yamlint: --unsafe-fixes needs --fix\n")
		return ExitFailure
	}
	failLevel, err := diag.ParseSeverity(o.failLevel)
	if err != nil || failLevel == diag.SeverityNone {
		fmt.Fprintf(stderr, "yamlint: --fail-level: want error, warning or info\n")
		return ExitFailure
	}
	color := !o.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
	formatter, err := output.New(o.format, output.Options{Color: color})
	if err != nil {
		fmt.Fprintf(stderr, "yamlint: --format: %v\n", err)
		return ExitFailure
	}

	if fl.Changed("strict") {
		o.kube.Strict = &o.strict
	}
	// Each input gets the configuration nearest to it (--config for all);
	// the working directory's is loaded first, so that a broken one stops
	// the run before any file is read.
	linters := newLinterSet(o.configPath, engine.Options{Schema: o.schema, Catalog: o.catalog, AllowRemote: o.allowRemote, Kubernetes: o.kube}, stderr)
	if linters.configForDir(linters.wd) == nil {
		return ExitFailure
	}

	start := time.Now()
	inputs, walkErrs := expand(paths, linters)
	exit := ExitOK
	for _, e := range walkErrs {
		fmt.Fprintf(stderr, "yamlint: %v\n", e)
		exit = ExitFailure
	}
	stdinPath := filepath.Join(linters.wd, "stdin.yaml")
	if o.stdinFilename != "" {
		stdinPath = o.stdinFilename
	}
	var filePaths []string
	for _, in := range inputs {
		p := in.path
		if in.stdin {
			p = stdinPath
		} else {
			filePaths = append(filePaths, in.path)
		}
		linters.linterFor(p)
	}
	if linters.broken() {
		return ExitFailure
	}
	for _, l := range linters.all() {
		l.RegisterCRDs(filePaths) // before any file: CRDs apply whatever the order
	}
	linterFor := func(in input) *engine.Linter {
		if in.stdin {
			return linters.linterFor(stdinPath)
		}
		return linters.linterFor(in.path)
	}
	var files []output.File
	report := stdout
	if o.fix {
		m := fixMode{diff: o.diff, unsafe: o.unsafeFixes}
		results := fixAll(linterFor, inputs, stdin, o.stdinFilename, m)
		sort.SliceStable(results, func(i, j int) bool { return results[i].file.Path < results[j].file.Path })
		changed, failed := reportFixes(results, m, stdout, stderr)
		if failed {
			exit = ExitFailure
		}
		if m.diff {
			if exit == ExitOK && changed > 0 {
				exit = ExitProblems
			}
			return exit
		}
		for _, r := range results {
			files = append(files, r.file)
			if r.stdin {
				// The fixed text owns stdout; problems go to stderr.
				stdout.Write(r.fixed)
				report = stderr
			}
		}
	} else {
		files = lintAll(linterFor, inputs, stdin, o.stdinFilename)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if err := formatter.Format(report, files, output.Summary{FilesChecked: len(files), Elapsed: time.Since(start)}); err != nil {
		fmt.Fprintf(stderr, "yamlint: writing output: %v\n", err)
		return ExitFailure
	}
	if exit == ExitOK {
		for _, f := range files {
			for _, d := range f.Diagnostics {
				if d.Severity >= failLevel {
					exit = ExitProblems
				}
			}
		}
	}
	return exit
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// loadConfig reads --config or the discovered config file. A broken config
// is shown like any file's problems, and the run stops with exit 2.
func loadConfig(path string, stdout, stderr io.Writer) (*config.Config, int) {
	if path == "" {
		wd, _ := os.Getwd()
		path = config.Find(wd)
		if path == "" {
			return config.Default(wd), ExitOK
		}
	}
	cfg, err := config.Load(path)
	if err == nil {
		return cfg, ExitOK
	}
	var ce *config.Error
	if errors.As(err, &ce) && ce.File != nil {
		f := output.File{Path: path, Src: ce.File.Src, Lines: ce.File.Lines, Diagnostics: ce.Diagnostics}
		text, _ := output.New("text", output.Options{})
		_ = text.Format(stderr, []output.File{f}, output.Summary{FilesChecked: 1})
		fmt.Fprintf(stderr, "yamlint: invalid config %s\n", path)
		return nil, ExitFailure
	}
	fmt.Fprintf(stderr, "yamlint: %v\n", err)
	return nil, ExitFailure
}

type input struct {
	path  string // as shown to the user
	stdin bool
}

// expand turns the command-line paths into files, walking directories for
// the config's yaml-files (*.yaml, *.yml, .yamllint) and dropping ignored paths. Missing paths are errors that
// do not stop the others from being checked.
func expand(paths []string, linters *linterSet) ([]input, []error) {
	var out []input
	var errs []error
	seen := map[string]bool{}
	add := func(p string) {
		cfg := linters.configFor(p)
		if seen[p] || (cfg != nil && cfg.Ignored(p, false)) {
			return
		}
		seen[p] = true
		out = append(out, input{path: p})
	}
	for _, p := range paths {
		if p == "-" {
			out = append(out, input{path: "-", stdin: true})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrap(err)))
			continue
		}
		if !st.IsDir() {
			add(p) // an explicitly named file is checked whatever its extension
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, unwrap(err)))
				return nil
			}
			if d.IsDir() {
				// A directory is ignored by the configuration of the
				// directory holding it.
				if cfg := linters.configForDir(filepath.Dir(path)); path != p && (skipDirs[d.Name()] || (cfg != nil && cfg.Ignored(path, true))) {
					return filepath.SkipDir
				}
				return nil
			}
			if cfg := linters.configFor(path); d.Type().IsRegular() && cfg != nil && cfg.IsYAMLFile(path) {
				add(path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errs
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lintAll checks inputs on all cores; results keep the input order.
func lintAll(linterFor func(input) *engine.Linter, inputs []input, stdin io.Reader, stdinName string) []output.File {
	results := make([]output.File, len(inputs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, in := range inputs {
		l := linterFor(in)
		if in.stdin {
			results[i] = lintStdin(l, stdin, stdinName)
			continue
		}
		g.Go(func() error {
			results[i] = lintPath(l, in.path)
			return nil
		})
	}
	_ = g.Wait()
	return results
}

// fixAll fixes inputs on all cores; results keep the input order.
func fixAll(linterFor func(input) *engine.Linter, inputs []input, stdin io.Reader, stdinName string, m fixMode) []fixResult {
	results := make([]fixResult, len(inputs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, in := range inputs {
		l := linterFor(in)
		if in.stdin {
			results[i] = fixStdin(l, stdin, stdinName, m)
			continue
		}
		g.Go(func() error {
			results[i] = fixPath(l, in.path, m)
			return nil
		})
	}
	_ = g.Wait()
	return results
}

func lintStdin(l *engine.Linter, stdin io.Reader, name string) output.File {
	if name == "" {
		name = "<stdin>"
	}
	src, err := io.ReadAll(io.LimitReader(stdin, l.Config.MaxFileSize+1))
	if err != nil {
		return output.File{Path: name, Diagnostics: []diag.Diagnostic{{Severity: diag.SeverityError, Code: "io", Message: "cannot read standard input: " + err.Error()}}}
	}
	return toOutput(l.Lint(name, src))
}

func lintPath(l *engine.Linter, path string) output.File {
	src, err := readLimited(path, l.Config.MaxFileSize)
	if err != nil {
		return output.File{Path: path, Diagnostics: []diag.Diagnostic{{Severity: diag.SeverityError, Code: "io", Message: "cannot read file: " + unwrap(err).Error()}}}
	}
	return toOutput(l.Lint(path, src))
}

// readLimited reads at most max+1 bytes, enough for the engine to say the
// file is too big without holding a huge file in memory.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if max <= 0 {
		return io.ReadAll(f)
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}

func toOutput(r engine.Result) output.File {
	of := output.File{Path: r.Path, Src: r.Src, Diagnostics: r.Diagnostics}
	if r.File != nil {
		of.Lines = r.File.Lines
	}
	return of
}
