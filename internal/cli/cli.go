// Package cli implements the yamlint command: flags, config discovery,
// walking inputs, checking them in parallel, output and exit codes.
package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	"github.com/yamlint/yamlint/internal/baseline"
	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/fingerprint"
	"github.com/yamlint/yamlint/internal/gitdiff"
	"github.com/yamlint/yamlint/internal/output"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/startheap"
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
	format         string
	schema         string
	catalog        string
	configPath     string
	allowRemote    bool
	allowPrivate   bool
	schemaPaths    []string
	failLevel      string
	noColor        bool
	stdinFilename  string
	version        bool
	fix            bool
	diff           bool
	kube           engine.KubeOptions
	strict         bool
	unsafeFixes    bool
	explain        string
	listCodes      bool
	refs           []string
	updateSchemas  bool
	schemaStore    bool
	schemaStoreURL string
	cacheDir       string
	cacheMaxAge    time.Duration
	outputFile     string
	reports        []string
	baseline       string
	writeBaseline  string
	newFromRev     string
	statistics     bool
	jobs           int
	docsURL        string
	testRules      bool
	policies       []string
}

// httpClient makes the CLI's HTTPS requests (nil = the schemas package's
// default); tests point it at their loopback TLS server.
var httpClient *http.Client

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
	fl.BoolVar(&o.allowRemote, "allow-remote", false, "allow fetching https schemas (cached), and consult SchemaStore's catalog after the built-in one; off by default, and a repository's config cannot turn it on")
	fl.BoolVar(&o.allowPrivate, "allow-private-network", false, "with --allow-remote: allow fetching from loopback, private and link-local addresses")
	fl.StringArrayVar(&o.schemaPaths, "allow-schema-path", nil, "directory modelines and configs may name local schemas in, besides the repository root (repeatable)")
	fl.BoolVar(&o.schemaStore, "schemastore", true, "with --allow-remote: associate files through SchemaStore's catalog (downloaded once, then from the cache)")
	fl.StringVar(&o.schemaStoreURL, "schemastore-url", "", "SchemaStore catalog URL (default "+schemas.DefaultSchemaStoreURL+")")
	fl.BoolVar(&o.updateSchemas, "update-schemas", false, "download SchemaStore's catalog and the schemas of its YAML file types (with their references) into the cache, then exit")
	fl.StringVar(&o.cacheDir, "cache-dir", "", "where downloaded catalogs and schemas are cached (default: the user cache directory)")
	fl.DurationVar(&o.cacheMaxAge, "cache-max-age", schemas.DefaultMaxAge, "revalidate cached downloads older than this")
	fl.StringArrayVar(&o.refs, "ref", nil, "schema file or directory registered under its $id, so $refs to it resolve offline (repeatable)")
	fl.StringVar(&o.failLevel, "fail-level", "error", "lowest severity that makes the exit code 1: error, warning or info")
	fl.BoolVar(&o.noColor, "no-color", false, "never colour the output (also NO_COLOR)")
	fl.StringVar(&o.stdinFilename, "stdin-filename", "", "name standard input (read with -) for schema association and messages")
	fl.BoolVar(&o.version, "version", false, "print the version and exit")
	fl.BoolVar(&o.fix, "fix", false, "apply the fixes of fixable problems, in place (standard input: the fixed text is printed), then report what is left")
	fl.BoolVar(&o.unsafeFixes, "unsafe-fixes", false, "with --fix: also apply suggestions (\"did you mean\" renames), not only safe fixes")
	fl.StringVar(&o.explain, "explain", "", "print the explanation of a diagnostic code, with examples, and exit")
	fl.BoolVar(&o.listCodes, "list-codes", false, "list every diagnostic code (with --format json: as JSON) and exit")
	fl.BoolVar(&o.testRules, "test-rules", false, "run the house rules' examples and house-rules-tests/*.valid.yaml|*.invalid.yaml beside the config (yamlint --test-rules [CONFIG]); exit 1 on a failure")
	fl.StringArrayVar(&o.policies, "admission-policy", nil, "file of ValidatingAdmissionPolicies (and bindings) to evaluate against the manifests (repeatable)")
	fl.BoolVar(&o.diff, "diff", false, "with --fix: print the fixes as a unified diff and change nothing (exit 1 when there is something to fix)")
	fl.StringVar(&o.kube.Version, "kubernetes-version", "", "Kubernetes minor to validate manifests against, e.g. 1.30 (default: newest bundled)")
	fl.BoolVar(&o.strict, "strict", true, "report fields Kubernetes objects do not declare (--strict=false relaxes)")
	fl.StringArrayVar(&o.kube.CRDs, "crd", nil, "CustomResourceDefinition file or directory (repeatable)")
	fl.BoolVar(&o.kube.IgnoreMissingSchemas, "ignore-missing-schemas", false, "do not warn about Kubernetes kinds without a schema")
	fl.BoolVar(&o.kube.HelmRender, "helm-render", false, "render Helm chart templates (default values and each ci/*.yaml) and check the manifests, reported at template lines")
	fl.StringArrayVar(&o.kube.SchemaLocations, "schema-location", nil, "kubeconform-style schema location (directory or path template; \"default\" = bundled; repeatable)")
	fl.StringVarP(&o.outputFile, "output-file", "o", "", "write the --format output to FILE instead of standard output")
	fl.StringArrayVar(&o.reports, "report", nil, "also write a report: FORMAT=FILE, e.g. sarif=yamlint.sarif (repeatable)")
	fl.StringVar(&o.baseline, "baseline", "", "report only findings not recorded in this baseline file")
	fl.StringVar(&o.writeBaseline, "write-baseline", "", "record every current finding in FILE (for --baseline) and exit 0")
	fl.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (working tree included)")
	fl.BoolVar(&o.statistics, "statistics", false, "after the findings, print how many there are of each code")
	fl.IntVarP(&o.jobs, "jobs", "j", 0, "files checked in parallel (default: the number of CPUs)")
	fl.StringVar(&o.docsURL, "docs-url", output.DefaultDocsBaseURL, "where docs/rules.md is published, for rule links in reports (SARIF helpUri)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: yamlint [flags] PATH...  (PATH may be a file, a directory, or - for stdin)\n\n%s", fl.FlagUsages())
	}
	fl.SetOutput(io.Discard) // parse errors are reported below, once
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK // pflag has already called fl.Usage
		}
		fmt.Fprintf(stderr, "yamlint: %s\n", flagErrorMessage(fl, err))
		fmt.Fprintf(stderr, "Run 'yamlint --help' for usage.\n")
		return ExitFailure
	}
	fl.SetOutput(stderr)
	if o.version {
		fmt.Fprintf(stdout, "yamlint %s\n", versionString())
		return ExitOK
	}
	if o.explain != "" || o.listCodes {
		return runCodes(o, stdout, stderr)
	}
	if o.testRules {
		return runTestRules(o, fl.Args(), stdout, stderr)
	}
	if o.updateSchemas {
		return updateSchemas(o, stdout, stderr)
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
	if o.jobs < 0 {
		fmt.Fprintf(stderr, "yamlint: --jobs: want a positive number (0 = one per CPU)\n")
		return ExitFailure
	}
	if o.jobs == 0 {
		o.jobs = runtime.GOMAXPROCS(0)
	}
	color := !o.noColor && os.Getenv("NO_COLOR") == "" && o.outputFile == "" && isTerminal(stdout)
	if _, err := output.New(o.format, output.Options{}); err != nil {
		fmt.Fprintf(stderr, "yamlint: --format: %v\n", err)
		return ExitFailure
	}
	reports, err := parseReports(o.reports)
	if err != nil {
		fmt.Fprintf(stderr, "yamlint: %v\n", err)
		return ExitFailure
	}
	if o.fix && (o.baseline != "" || o.writeBaseline != "" || o.newFromRev != "") {
		fmt.Fprintf(stderr, "yamlint: --fix cannot be combined with --baseline, --write-baseline or --new-from-rev\n")
		return ExitFailure
	}
	var base *baseline.Baseline
	if o.baseline != "" {
		if base, err = baseline.ReadFile(o.baseline); err != nil {
			fmt.Fprintf(stderr, "yamlint: --baseline %s: %v\n", o.baseline, unwrap(err))
			return ExitFailure
		}
	}
	var changes *gitdiff.Changes
	if o.newFromRev != "" {
		if changes, err = gitdiff.Since("", o.newFromRev); err != nil {
			fmt.Fprintf(stderr, "yamlint: %v\n", err)
			return ExitFailure
		}
	}

	if fl.Changed("strict") {
		o.kube.Strict = &o.strict
	}
	// Each input gets the configuration nearest to it (--config for all);
	// the working directory's is loaded first, so that a broken one stops
	// the run before any file is read.
	linters := newLinterSet(o.configPath, engine.Options{Schema: o.schema, Catalog: o.catalog, AllowRemote: o.allowRemote,
		AllowPrivateNetwork: o.allowPrivate, AllowSchemaPaths: o.schemaPaths, Kubernetes: o.kube,
		SchemaStore: o.schemaStore && o.allowRemote, SchemaStoreURL: o.schemaStoreURL, CacheDir: o.cacheDir, MaxAge: o.cacheMaxAge,
		Client: httpClient, Refs: o.refs, Notify: noticeOnce(stderr), AdmissionPolicies: o.policies,
		NoFixes: !o.fix}, stderr)
	linters.repoRoots = inputRoots(linters.wd, paths)
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
		if l.House() != nil {
			startheap.Raise(houseHeapGoal)
			break
		}
	}
	// Every input is read once, on all cores, before any is linted: the
	// linters register the inputs' CRDs (they apply whatever the order),
	// and the lint then takes the bytes from here.
	pre := readInputs(filePaths, linters.all(), o.jobs)
	for _, l := range linters.all() {
		l.RegisterInputs(len(filePaths), func(i int) (string, []byte) { return filePaths[i], pre.read(l, filePaths[i]) })
	}
	linterFor := func(in input) *engine.Linter {
		if in.stdin {
			return linters.linterFor(stdinPath)
		}
		return linters.linterFor(in.path)
	}
	outOpts := output.Options{Color: color, Codes: mergedCodes(linters.all()), DocsBaseURL: o.docsURL, ToolVersion: versionString()}
	formatter, _ := output.New(o.format, outOpts)
	prog := startProgress(stderr, len(inputs), progressEnabled(stderr), 2*time.Second, 200*time.Millisecond)
	var files []output.File
	report := stdout
	if o.fix {
		m := fixMode{diff: o.diff, unsafe: o.unsafeFixes}
		results := fixAll(linterFor, inputs, stdin, o.stdinFilename, m, o.jobs, prog)
		prog.finish()
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
		fingerprints := o.baseline != "" || o.writeBaseline != "" || o.newFromRev != "" || output.UsesFingerprints(o.format)
		for _, r := range reports {
			fingerprints = fingerprints || output.UsesFingerprints(r.format)
		}
		files = lintAll(linterFor, inputs, stdin, o.stdinFilename, o.jobs, prog, pre, fingerprints)
		prog.finish()
	}
	for _, l := range linters.all() {
		addFinished(files, l.Finish())
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if o.writeBaseline != "" {
		if err := baseline.WriteFile(o.writeBaseline, files); err != nil {
			fmt.Fprintf(stderr, "yamlint: --write-baseline: %v\n", err)
			return ExitFailure
		}
		n, inFiles := 0, 0
		for _, f := range files {
			n += len(f.Diagnostics)
			if len(f.Diagnostics) > 0 {
				inFiles++
			}
		}
		fmt.Fprintf(stderr, "yamlint: recorded %d findings in %d files (%d checked) to %s\n", n, inFiles, len(files), o.writeBaseline)
		return exit
	}
	sum := output.Summary{FilesChecked: len(files)}
	sum.Baselined, sum.Unchanged = filterFiles(files, base, changes)
	sum.Elapsed = time.Since(start)
	if o.outputFile != "" {
		if err := writeReport(o.format, o.outputFile, outOpts, files, sum); err != nil {
			fmt.Fprintf(stderr, "yamlint: --output-file: %v\n", err)
			return ExitFailure
		}
	} else {
		if err := formatter.Format(report, files, sum); err != nil {
			fmt.Fprintf(stderr, "yamlint: writing output: %v\n", err)
			return ExitFailure
		}
	}
	for _, r := range reports {
		if err := writeReport(r.format, r.path, outOpts, files, sum); err != nil {
			fmt.Fprintf(stderr, "yamlint: --report %s=%s: %v\n", r.format, r.path, err)
			exit = ExitFailure
		}
	}
	if o.statistics {
		w := stdout
		if o.format != "text" && o.outputFile == "" {
			w = stderr // keep machine-readable standard output parseable
		}
		writeStatistics(w, files, outOpts.Codes)
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

// houseHeapGoal is the starting heap's goal (see startheap) for a run with
// house rules: their CEL programs and cross-file inventory stay alive and
// are marked again by every collection. On 1,000 files with both packs and
// five user rules, 64 MB instead of 48 took their share of the run from
// about +22% to +16-19% (bench-house.sh and interleaved runs), for 17 MB
// more peak memory; 80 MB did no better.
const houseHeapGoal = 64 << 20

// lintAll checks inputs on all cores; results keep the input order.
func lintAll(linterFor func(input) *engine.Linter, inputs []input, stdin io.Reader, stdinName string, jobs int, prog *progress, pre *preread, fingerprints bool) []output.File {
	results := make([]output.File, len(inputs))
	var g errgroup.Group
	g.SetLimit(max(jobs, 1))
	for i, in := range inputs {
		l := linterFor(in)
		if in.stdin {
			results[i] = lintStdin(l, stdin, stdinName, fingerprints)
			prog.tick()
			continue
		}
		g.Go(func() error {
			results[i] = lintPath(l, in.path, pre, fingerprints)
			prog.tick()
			return nil
		})
	}
	_ = g.Wait()
	return results
}

// fixAll fixes inputs on all cores; results keep the input order.
func fixAll(linterFor func(input) *engine.Linter, inputs []input, stdin io.Reader, stdinName string, m fixMode, jobs int, prog *progress) []fixResult {
	results := make([]fixResult, len(inputs))
	var g errgroup.Group
	g.SetLimit(max(jobs, 1))
	for i, in := range inputs {
		l := linterFor(in)
		if in.stdin {
			results[i] = fixStdin(l, stdin, stdinName, m)
			prog.tick()
			continue
		}
		g.Go(func() error {
			results[i] = fixPath(l, in.path, m)
			prog.tick()
			return nil
		})
	}
	_ = g.Wait()
	return results
}

func lintStdin(l *engine.Linter, stdin io.Reader, name string, fingerprints bool) output.File {
	if name == "" {
		name = "<stdin>"
	}
	src, err := io.ReadAll(io.LimitReader(stdin, l.Config.MaxFileSize+1))
	if err != nil {
		return output.File{Path: name, Diagnostics: []diag.Diagnostic{{Severity: diag.SeverityError, Code: "io", Message: "cannot read standard input: " + err.Error()}}}
	}
	return toOutputWith(l.Lint(name, src), fingerprints)
}

func lintPath(l *engine.Linter, path string, pre *preread, fingerprints bool) output.File {
	src := pre.take(path)
	if src == nil || (l.Config.MaxFileSize > 0 && int64(len(src)) > l.Config.MaxFileSize) {
		var err error
		if src, err = safefs.ReadFile(path, l.Config.MaxFileSize); err != nil {
			return toOutput(l.Unreadable(path, err))
		}
	}
	return toOutputWith(l.Lint(path, src), fingerprints)
}

// inputRoots are the repositories (or, outside one, the directories) of
// the working directory and of the inputs: a --config file inside one of
// them is the repository's, not the user's (config.IsUserLevel).
func inputRoots(wd string, paths []string) []string {
	// Inputs share directories: each directory's root is looked up once,
	// and each root listed once (1,869 files were 15,000 stat calls).
	repos := safefs.RepoRoots{}
	seen := map[string]bool{}
	var roots []string
	// add lists dir's repository root, or dir outside any repository.
	add := func(dir string) {
		r := repos.Of(filepath.Clean(dir))
		if r == "" {
			r = dir
		}
		if !seen[r] {
			seen[r] = true
			roots = append(roots, r)
		}
	}
	if abs, err := filepath.Abs(wd); err == nil {
		add(abs)
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			abs = filepath.Dir(abs)
		}
		add(abs)
	}
	return roots
}

// addFinished adds the cross-file findings known once every input was
// linted (k8s-dangling-service) to their files.
func addFinished(files []output.File, extra map[string][]diag.Diagnostic) {
	if len(extra) == 0 {
		return
	}
	for i := range files {
		ds, ok := extra[files[i].Path]
		if !ok {
			continue
		}
		f := &files[i]
		if f.Fingerprints == nil || len(f.Fingerprints) != len(f.Diagnostics) {
			f.Diagnostics = append(f.Diagnostics, ds...)
			diag.Sort(f.Diagnostics)
			continue
		}
		// The file's findings keep the identities computed from its tree
		// (gone by now); the added ones get theirs from the text. Dropping
		// them all, as before, changed every identity of a file that also
		// had a cross-file finding, so a baseline no longer matched it.
		added := fingerprint.Compute(fingerprint.Input{Path: output.RelPath(f.Path), Src: f.Src, Lines: f.Lines, Diagnostics: ds})
		type finding struct {
			d  diag.Diagnostic
			fp string
		}
		all := make([]finding, 0, len(f.Diagnostics)+len(ds))
		for j, d := range f.Diagnostics {
			all = append(all, finding{d, f.Fingerprints[j]})
		}
		for j, d := range ds {
			all = append(all, finding{d, added[j]})
		}
		sort.SliceStable(all, func(a, b int) bool { return diag.Less(all[a].d, all[b].d) })
		f.Diagnostics, f.Fingerprints = make([]diag.Diagnostic, len(all)), make([]string, len(all))
		for j, x := range all {
			f.Diagnostics[j], f.Fingerprints[j] = x.d, x.fp
		}
	}
}

func toOutput(r engine.Result) output.File { return toOutputWith(r, true) }

// toOutputWith is toOutput computing the findings' identities from the
// parsed tree (node paths) only when fingerprints is set: baselines and
// the formats that carry fingerprints need them; a text or JSON run does
// not pay for hashing every finding.
func toOutputWith(r engine.Result, fingerprints bool) output.File {
	of := output.File{Path: r.Path, Src: r.Src, Diagnostics: r.Diagnostics}
	if r.File != nil {
		of.Lines = r.File.Lines
	}
	if fingerprints {
		of.Fingerprints = fingerprint.Compute(fingerprint.Input{Path: output.RelPath(r.Path), Src: r.Src,
			Lines: of.Lines, Tree: r.File, Diagnostics: r.Diagnostics})
	}
	return of
}

// noticeOnce prints each notice once per run, however many linters (one
// per configuration) send it; the first "working offline" notice stands
// for all.
func noticeOnce(w io.Writer) func(string) {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(msg string) {
		key := msg
		if strings.Contains(msg, "working offline") {
			key = "offline"
		}
		mu.Lock()
		defer mu.Unlock()
		if !seen[key] {
			seen[key] = true
			fmt.Fprintf(w, "yamlint: %s\n", msg)
		}
	}
}
