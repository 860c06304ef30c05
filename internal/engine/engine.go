// Package engine runs every check on a file: parse once, pick schemas,
// validate, run rules, apply configured severities. The CLI and the language
// server both call it, so they report the same diagnostics. In-file
// directives (# yamllint disable...) filter the result last.
package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/directives"
	"github.com/yamlint/yamlint/internal/house"
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/rules"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/workspace"
	"github.com/yamlint/yamlint/internal/yamlfile"
	"github.com/yamlint/yamlint/schemastore"
)

// Options configure a Linter beyond the config file.
type Options struct {
	// Schema applies one schema (path or URL) to every input (--schema).
	Schema string
	// Catalog is an extra catalog file consulted before the built-in one.
	Catalog string
	// AllowRemote permits fetching https schemas (--allow-remote, the
	// editor's yamlint.allowRemote; also `remote: true` in a user-level
	// config, never in a repository's).
	AllowRemote bool
	// AllowPrivateNetwork lets remote fetches reach loopback, private and
	// link-local addresses (--allow-private-network).
	AllowPrivateNetwork bool
	// AllowSchemaPaths are directories local schemas may be read from
	// besides the checked files' repository roots (--allow-schema-path).
	AllowSchemaPaths []string
	// Roots are extra repository or workspace roots (the language server's
	// workspace folders); each checked file's own root is always allowed.
	Roots []string
	// CacheDir overrides where remote schemas are cached.
	CacheDir string
	// SchemaStore consults SchemaStore's catalog (SchemaStoreURL, default
	// schemas.DefaultSchemaStoreURL) after the built-in one. The user's
	// choice only (flag, editor setting): with AllowRemote the catalog and
	// its schemas are downloaded on first use, else read from the cache.
	SchemaStore    bool
	SchemaStoreURL string
	// MaxAge: cached downloads older than this are revalidated (0 = 7 days).
	MaxAge time.Duration
	// Client makes the HTTPS requests (nil = the default https-only client).
	Client *http.Client
	// Notify receives notices (working offline from the cache...), once each.
	Notify func(msg string)
	// Refs are local schema files or directories registered under their
	// $id (--ref), besides the config's refs.
	Refs []string
	// Kubernetes configures Kubernetes manifest validation.
	Kubernetes KubeOptions
	// AdmissionPolicies are files of ValidatingAdmissionPolicies to
	// evaluate, besides the config's (--admission-policy).
	AdmissionPolicies []string
	// Workspace is how checks read other files (the language server's
	// holds its open buffers); nil reads the disk.
	Workspace *workspace.FS
	// NoFixes: the caller discards the findings' fixes (the command line
	// without --fix), so the rules skip fixes that are costly to plan.
	NoFixes bool
}

// Linter checks files. It is safe for concurrent use; schemas are compiled
// once and shared.
type Linter struct {
	// FileBudget is how long the checks of one file may take before the
	// rest are skipped and reported (DefaultFileBudget when zero).
	FileBudget time.Duration

	Config *config.Config
	Store  *schemas.Store
	assoc  *schemas.Associator
	kube   *kube.Checker
	codes  *codes.Registry
	house  *house.Set // nil when there are no house rules, packs or policies
	// pending are cross-file findings (k8s-dangling-service) kept until
	// every input is linted (Finish), after directives and severities.
	pendingMu sync.Mutex
	// pending holds them by path: a file linted again replaces its own
	// (a scan of every path's findings per file was quadratic).
	pending map[string][]*house.Pending
	runs    []ruleRun
	// workspace is how rules read other files than the checked one.
	workspace *workspace.FS
	layout    *layout
	ruleID    []string
	// helmRender renders chart templates (--helm-render); helm caches
	// the findings per chart.
	helmRender bool
	helm       helmCharts
	noFixes    bool // Options.NoFixes
	// Warnings are problems with the setup that do not stop checking (a
	// repository config's `remote: true`, ignored); the CLI prints them,
	// the language server shows them.
	Warnings []string
}

// ruleRun is an enabled rule with its resolved options and severity.
type ruleRun struct {
	rule *rules.Rule
	opts any // the rule's decoded option struct
	sev  diag.Severity
}

// New builds a Linter from a configuration (config.Default when nil).
func New(cfg *config.Config, opts Options) (*Linter, error) {
	if cfg == nil {
		cfg = config.Default(".")
	}
	store := schemas.NewStore()
	var warnings []string
	store.AllowRemote = opts.AllowRemote || (cfg.Remote && cfg.UserLevel)
	if cfg.Remote && !cfg.UserLevel && !opts.AllowRemote {
		at := cfg.RemoteAt
		if at == "" {
			at = cfg.Path
		}
		warnings = append(warnings, at+": `remote: true` in a repository's config is ignored: only the user can turn on fetching remote schemas (pass --allow-remote, set yamlint.allowRemote in the editor, or put `remote: true` in your user config)")
	}
	if cfg.Kubernetes.HelmRender && !cfg.UserLevel && !opts.Kubernetes.HelmRender {
		warnings = append(warnings, cfg.Path+": `helm-render: true` in a repository's config is ignored: rendering runs the repository's chart templates, so only the user can turn it on (pass --helm-render, or put `helm-render: true` in your user config)")
	}
	store.AllowPrivateNetwork = opts.AllowPrivateNetwork
	store.CacheDir = opts.CacheDir
	store.MaxSize = cfg.MaxFileSize
	if store.MaxSize <= 0 {
		store.MaxSize = -1 // max-file-size: 0 means no limit
	}
	// Local schemas: the checked files' roots (added as files are linted),
	// the config's directory, and what the user chose.
	store.Roots = schemas.NewRoots()
	if cfg.Path != "" {
		if cfg.UserLevel {
			store.Roots.Add(cfg.Dir)
		} else {
			store.Roots.AddFileRoot(cfg.Path) // the config's repository
		}
	}
	for _, r := range opts.Roots {
		store.Roots.Add(r)
	}
	for _, d := range opts.AllowSchemaPaths {
		store.Roots.Add(d)
	}
	userSchema := func(u string) { // a schema the user named: its directory is theirs
		if p, ok := schemas.LocalPath(u); ok {
			store.Roots.Add(filepath.Dir(p))
		}
	}
	if cfg.UserLevel {
		for _, r := range cfg.Schemas {
			userSchema(r.URL)
		}
	}
	store.MaxAge = opts.MaxAge
	store.Client = opts.Client
	store.Notify = opts.Notify
	// refs: a repository's config names files inside the roots only; the
	// user's --ref may name any file.
	if !cfg.UserLevel {
		for _, r := range cfg.Refs {
			if err := store.Roots.Check(r); err != nil {
				return nil, fmt.Errorf("%s: refs: %s: %w", cfg.Path, r, err)
			}
		}
	}
	if _, err := store.AddRefs(append(append([]string(nil), cfg.Refs...), opts.Refs...)...); err != nil {
		return nil, err
	}
	assoc := &schemas.Associator{Config: cfg.Schemas}
	if opts.Schema != "" {
		assoc.Flag = schemas.ResolveRef(opts.Schema, ".")
		userSchema(assoc.Flag)
	}
	for i, cat := range []string{opts.Catalog, cfg.Catalog} {
		if cat == "" {
			continue
		}
		userCatalog := i == 0 || cfg.UserLevel
		if !userCatalog {
			if err := store.Roots.Check(cat); err != nil {
				return nil, fmt.Errorf("catalog %s: %w", cat, err)
			}
		}
		rs, err := schemas.LoadCatalogFile(cat)
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %w", cat, err)
		}
		if userCatalog {
			abs, _ := filepath.Abs(cat)
			store.Roots.Add(filepath.Dir(abs))
			for _, r := range rs {
				userSchema(r.URL)
			}
		}
		assoc.Catalogs = append(assoc.Catalogs, rs)
	}
	builtin, err := schemas.BuiltinRules()
	if err != nil {
		return nil, fmt.Errorf("built-in catalog: %w", err)
	}
	assoc.Catalogs = append(assoc.Catalogs, builtin)
	if opts.SchemaStore {
		rs, err := store.SchemaStoreRules(opts.SchemaStoreURL)
		if err != nil {
			// No catalog (offline, nothing cached): built-in schemas only.
			if opts.Notify != nil {
				opts.Notify(fmt.Sprintf("SchemaStore catalog not used: %v", err))
			}
		} else {
			assoc.Catalogs = append(assoc.Catalogs, rs)
		}
	}
	k, err := newKube(cfg, opts.Kubernetes, store.Roots, &warnings)
	if err != nil {
		return nil, err
	}
	ws := opts.Workspace
	if ws == nil {
		ws = workspace.New()
		if cfg.MaxFileSize > 0 {
			ws.MaxSize = cfg.MaxFileSize
		}
	}
	l := &Linter{Config: cfg, Store: store, assoc: assoc, kube: k, codes: codes.Builtin(), workspace: ws, layout: newLayout(ws), Warnings: warnings,
		// Rendering runs the chart's templates (Helm's engine, bounded in
		// time and output, but a template can still spin or allocate until
		// the bound): only the user turns it on, as for remote schemas.
		helmRender: opts.Kubernetes.HelmRender || (cfg.Kubernetes.HelmRender && cfg.UserLevel),
		noFixes:    opts.NoFixes}
	if err := l.planHouse(opts); err != nil {
		return nil, err
	}
	l.planRules()
	return l, nil
}

// planRules resolves, once, which rules run with which options and
// severity: the config's rules section (or the rule's defaults), then the
// severity map, which can also switch a rule on or off.
func (l *Linter) planRules() {
	for _, r := range rules.All() {
		l.ruleID = append(l.ruleID, r.ID)
		enabled, sev := r.DefaultEnabled, r.DefaultSeverity
		values := map[string]any{}
		if rc, ok := l.Config.Rule(r.ID); ok {
			enabled, sev = rc.Enabled, rc.Severity
			for k, v := range rc.Options {
				values[k] = v
			}
		}
		if s, ok := l.Config.Severity[r.ID]; ok {
			enabled, sev = s != diag.SeverityNone, s
		}
		if !enabled {
			continue
		}
		if _, ok := r.Option("locale"); ok && l.Config.Locale != "" {
			values["locale"] = l.Config.Locale
		}
		// Decoded once per linter. The config loader has reported any value
		// the rule cannot use (with its position); such values keep the
		// declared default.
		opts, _ := r.DecodeOptions(values)
		l.runs = append(l.runs, ruleRun{rule: r, opts: opts, sev: sev})
	}
}

// Result is the outcome of checking one file.
type Result struct {
	Path        string
	File        *yamlfile.File // nil when the file was not parsed (too big, binary)
	Src         []byte
	Schema      schemas.Association // URL "" when no schema applied
	Diagnostics []diag.Diagnostic
	// Codes is the registry the file was checked with (built-in codes and
	// the configuration's house rules).
	Codes *codes.Registry
	// DocSchemas is the schema URL associated with each document of File
	// ("" for none; set even when the schema failed to load), decided once
	// here; the language server's hover,
	// completion and schema display read it.
	DocSchemas []string
}

// Silenceable reports whether a directive may switch code off for this
// file's configuration.
func (r Result) Silenceable(code string) bool {
	reg := r.Codes
	if reg == nil {
		reg = codes.Builtin()
	}
	c := reg.Lookup(code)
	return c != nil && c.Silenceable
}

// Lint checks one file's source. It never panics on bad input: problems with
// the input become diagnostics.
func (l *Linter) Lint(path string, src []byte) Result {
	return l.LintCached(path, src, nil)
}

// LintCached is Lint reusing, through cache, the parse of the documents an
// edit did not change (the language server keeps one cache per open
// document). The result is the same as Lint's.
func (l *Linter) LintCached(path string, src []byte, cache *yamlfile.Cache) (res Result) {
	res = Result{Path: path, Src: src, Codes: l.codes}
	defer func() {
		if r := recover(); r != nil {
			res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{Severity: diag.SeverityError, Code: "internal",
				Message: fmt.Sprintf("internal error while checking this file: %v (please report this)", r)})
		}
	}()
	if max := l.Config.MaxFileSize; max > 0 && int64(len(src)) > max {
		res.Diagnostics = []diag.Diagnostic{{Severity: diag.SeverityError, Code: "file-size",
			Message: fmt.Sprintf("file is larger than %d bytes (max-file-size); not checked", max)}}
		return res
	}
	if l.layout.inHelmTemplates(path) {
		// Helm templates are Go templates, not YAML: never parsed; with
		// --helm-render, the chart's rendered manifests are checked and
		// their findings reported at the template lines.
		if l.helmRender && l.kube != nil {
			res.Diagnostics = l.applySeverity(l.helmTemplateDiagnostics(path))
			diag.Sort(res.Diagnostics)
		}
		return res
	}
	if msg := binaryReason(src); msg != "" {
		res.Diagnostics = []diag.Diagnostic{{Severity: diag.SeverityError, Code: "encoding", Message: msg}}
		return res
	}
	// A modeline's local schema must lie in this file's repository root.
	l.Store.Roots.AddFileRoot(path)
	budget := l.FileBudget
	if budget <= 0 {
		budget = DefaultFileBudget
	}
	deadline := time.Now().Add(budget)
	// The rules' text-only shared work (the style token stream) runs on
	// another core while the file is parsed.
	lint := rules.NewLint(l.workspace)
	lint.NoFixes = l.noFixes
	lint.Confine = l.confinerFor(path)
	active := make([]*rules.Rule, 0, len(l.runs))
	for _, run := range l.runs {
		if !l.Config.RuleIgnored(run.rule.ID, path) {
			active = append(active, run.rule)
		}
	}
	lint.Prefetch(src, active)
	defer lint.Release()
	if l.kube != nil {
		l.kube.Registry.Prefetch(src)
	}
	f := yamlfile.ParseCached(path, src, yamlfile.Options{CustomTags: l.Config.CustomTags}, cache)
	res.File = f
	diags := append([]diag.Diagnostic(nil), f.Syntax...)
	// outOfTime reports whether the budget is spent, and says once which
	// check it stopped and how many were skipped.
	stopped := false
	outOfTime := func(check string, skipped int) bool {
		if stopped {
			return true
		}
		if time.Now().Before(deadline) {
			return false
		}
		stopped = true
		diags = append(diags, timeBudgetDiag(budget, check, skipped))
		return true
	}

	docs := make([]rules.DocInfo, len(f.Docs))
	docSchemas := make([]string, len(f.Docs))
	for i, d := range f.Docs {
		docs[i].Doc = d
	}
	// In a large file, the style rules (which read only the text's tokens,
	// never the documents' schemas) run on another core while the
	// documents are validated.
	style := l.startStyleRules(path, f, docs, lint, deadline, len(src) >= concurrentStyleMin)
	a, ok := l.assoc.Associate(path, f)
	if !ok {
		a, ok = l.layout.helmValuesSchema(path)
	}
	per := l.docAssociations(path, f)
	if per != nil && perDocument(a) {
		// Association by content: each document on its own (a config
		// content rule precedes catalog globs; AssociateDoc keeps order).
		ok = false
		for _, pa := range per {
			if pa.URL != "" {
				res.Schema = pa
				break
			}
		}
		diags = append(diags, l.checkPerDocument(path, f, per, docs, cache)...)
	} else if ok {
		res.Schema = a
		store := l.Store
		var sch *jsonschema.Schema
		var err error
		if a.URL == configSchemaURL {
			// The config loader's compilation: the findings it leaves out
			// are the ones WithoutRuleEntries drops below.
			store, sch, err = config.Schema()
		} else {
			sch, err = l.Store.Compile(a.URL)
		}
		if err != nil {
			diags = append(diags, diag.Diagnostic{Range: a.Range, Severity: diag.SeverityError, Code: "schema-load", Message: err.Error()})
			for i := range docs {
				docSchemas[i] = a.URL // associated, though it failed to load
			}
		} else {
			for i, d := range f.Docs {
				docs[i].SchemaURL = a.URL
				if outOfTime(fmt.Sprintf("schema validation of document %d", i+1), len(f.Docs)-i-1+len(l.runs)) {
					break
				}
				if a.Source == "helm-ci" {
					d = l.layout.helmMergedDoc(path, d)
				}
				vd := store.Validate(sch, f, d)
				if a.URL == configSchemaURL {
					vd = config.WithoutRuleEntries(d, vd) // configRuleProblems reports those
				}
				diags = append(diags, vd...)
			}
			if a.URL == configSchemaURL && len(f.Syntax) == 0 {
				diags = append(diags, configRuleProblems(path, src)...)
			}
		}
	} else if l.kubeApplies(path, f) {
		// CRDs of this file apply to its own custom resources and to files
		// linted later (the CLI registers all inputs' CRDs beforehand).
		if _, err := l.kube.AddCRDsFromParsed(f); err != nil {
			if tl := (*kube.CRDTooLargeError)(nil); errors.As(err, &tl) {
				diags = append(diags, diag.Diagnostic{Severity: diag.SeverityWarning, Code: "k8s-object", Message: tl.Error()})
			}
		}
		// No file-level schema: each Kubernetes object gets its kind's.
		check := l.kube.Check
		if cache != nil {
			check = l.kube.CheckCached // same result; unchanged documents reused
		}
		if !outOfTime("Kubernetes validation", len(l.runs)) {
			kd, urls := check(l.Store, f, l.layout.inKustomizeTree(path))
			diags = append(diags, kd...)
			for i, u := range urls {
				docs[i].SchemaURL = u
			}
		}
	}
	for i, run := range l.runs {
		if l.Config.RuleIgnored(run.rule.ID, path) || style.runs(run.rule) {
			continue
		}
		if outOfTime("rule "+run.rule.ID, len(l.runs)-i-1) {
			break
		}
		rules.Run(lint.NewPass(run.rule, f, docs, run.opts, run.sev, func(d diag.Diagnostic) { diags = append(diags, d) }))
	}
	if sd, skipped := style.wait(); skipped != "" {
		outOfTime(skipped, 0)
	} else {
		diags = append(diags, sd...)
	}
	if l.house != nil {
		hd := make([]house.Doc, len(docs))
		for i, d := range docs {
			hd[i] = house.Doc{Doc: d.Doc, SchemaURL: d.SchemaURL, Format: house.FormatOf(d.SchemaURL, d.Doc.Root)}
			if hd[i].Format == "" && l.layout.helmValuesFile(path) {
				hd[i].Format = "helm-values"
			}
		}
		var pend []*house.Pending
		check := l.house.Check
		if cache != nil {
			check = l.house.CheckCached // same findings; unchanged documents reused
		}
		check(path, f, hd, func(d diag.Diagnostic) { diags = append(diags, d) }, func(p *house.Pending) { pend = append(pend, p) })
		l.keepPending(path, f, pend)
	}
	for i, d := range docs {
		if d.SchemaURL != "" {
			docSchemas[i] = d.SchemaURL
		}
	}
	res.DocSchemas = docSchemas
	diags = dropStyleAfterSyntaxError(diags)
	diags = directives.Apply(f, diags, directives.Options{Rules: l.ruleID, Status: l.codeStatus, IDs: l.codes.IDs})
	res.Diagnostics = l.applySeverity(diags)
	diag.Sort(res.Diagnostics)
	return res
}

// concurrentStyleMin is the file size from which the style rules run
// concurrently with the documents' validation.
var concurrentStyleMin = 32 << 10

// styleRun is the style rules of one lint running on their own goroutine
// (nil: they run in order with the others).
type styleRun struct {
	done    chan struct{}
	diags   []diag.Diagnostic
	skipped string // the first rule the time budget stopped, "" if none
	panic   any
}

func (l *Linter) startStyleRules(path string, f *yamlfile.File, docs []rules.DocInfo, lint *rules.Lint, deadline time.Time, on bool) *styleRun {
	if !on {
		return nil
	}
	s := &styleRun{done: make(chan struct{})}
	own := slices.Clone(docs) // the validation fills in the others' schemas
	go func() {
		defer close(s.done)
		defer func() { s.panic = recover() }()
		for _, run := range l.runs {
			if run.rule.Category != "style" || l.Config.RuleIgnored(run.rule.ID, path) {
				continue
			}
			if !time.Now().Before(deadline) {
				s.skipped = "rule " + run.rule.ID
				return
			}
			rules.Run(lint.NewPass(run.rule, f, own, run.opts, run.sev, func(d diag.Diagnostic) { s.diags = append(s.diags, d) }))
		}
	}()
	return s
}

// runs reports whether r is run by s.
func (s *styleRun) runs(r *rules.Rule) bool { return s != nil && r.Category == "style" }

// wait returns the style rules' findings, or the check the budget stopped.
func (s *styleRun) wait() ([]diag.Diagnostic, string) {
	if s == nil {
		return nil, ""
	}
	<-s.done
	if s.panic != nil {
		panic(s.panic)
	}
	return s.diags, s.skipped
}

// Unreadable is the result for a file that could not be read (see
// safefs.ReadFile): over max-file-size, not a regular file (a FIFO, device
// or socket), or an I/O error. One diagnostic at line 1, column 1.
func (l *Linter) Unreadable(path string, err error) Result {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	d := diag.Diagnostic{Severity: diag.SeverityError, Code: "io", Message: "cannot read file: " + err.Error()}
	switch {
	case safefs.IsTooLarge(err):
		d.Code, d.Message = "file-size", fmt.Sprintf("file is larger than %d bytes (max-file-size); not checked", l.Config.MaxFileSize)
	case safefs.IsNotRegular(err):
		d.Message = err.Error() + "; not checked"
	}
	return Result{Path: path, Diagnostics: []diag.Diagnostic{d}}
}

// DefaultFileBudget is the time the checks of one file may take. Each check
// is linear in the file's size (which max-file-size bounds); the budget is
// the backstop for what is not, so one hostile file cannot hold up a run or
// an editor. Checks are not interrupted: the budget is looked at between
// them (and between documents), and the rest are skipped and reported.
const DefaultFileBudget = 10 * time.Second

// TimeBudgetCode is the code of the diagnostic for a file whose checks
// were stopped by the time budget.
const TimeBudgetCode = "time-budget"

func timeBudgetDiag(budget time.Duration, check string, skipped int) diag.Diagnostic {
	msg := fmt.Sprintf("checks stopped after %v (the time budget per file): %s did not run", budget, check)
	if skipped > 0 {
		msg += fmt.Sprintf(", nor %d later checks", skipped)
	}
	return diag.Diagnostic{Severity: diag.SeverityError, Code: TimeBudgetCode, Message: msg}
}

// configSchemaURL is the schema of yamlint's (and yamllint's) config files.
const configSchemaURL = schemastore.BaseURL + "yamlint-config.json"

// configRuleProblems checks a config file being linted (or edited) the way
// loading it would: unknown rules and options, bad option values. The
// schema covers only the file's shape; these need the registered rules.
func configRuleProblems(path string, src []byte) []diag.Diagnostic {
	_, err := config.Parse(path, src)
	var ce *config.Error
	if !errors.As(err, &ce) {
		return nil
	}
	var out []diag.Diagnostic
	for _, d := range ce.Diagnostics {
		if d.Code == config.Code {
			out = append(out, d)
		}
	}
	return out
}

// planHouse prepares the house rules, packs and admission policies of the
// configuration and the options, and extends the code registry with the
// house rules' codes. Each linter gets its own set: the inventory of
// inputs it gathers belongs to one run.
func (l *Linter) planHouse(opts Options) error {
	cfg := l.Config
	set := &house.Set{Dir: cfg.Dir}
	if cfg.House != nil {
		set.Rules = cfg.House.Rules
	}
	paths := append(append([]string(nil), cfg.AdmissionPolicies...), opts.AdmissionPolicies...)
	at := append([]string(nil), cfg.AdmissionPoliciesAt...)
	for range opts.AdmissionPolicies {
		at = append(at, "--admission-policy")
	}
	if len(paths) > 0 {
		ps, err := house.LoadPolicies(paths, at)
		if err != nil {
			return err
		}
		set.Policies = ps
	}
	if set.Empty() {
		return nil
	}
	reg, err := l.codes.With(set.Codes()...)
	if err != nil {
		return fmt.Errorf("house rules: %w", err)
	}
	l.codes, l.house = reg, set
	return nil
}

// keepPending keeps the deferred findings that survive the file's
// directives and the severity map, for Finish.
func (l *Linter) keepPending(path string, f *yamlfile.File, pend []*house.Pending) {
	// A file linted again (--fix) replaces its earlier findings.
	var kept []*house.Pending
	for _, p := range pend {
		ds := directives.Apply(f, []diag.Diagnostic{p.Diag}, directives.Options{Rules: l.ruleID, Status: l.codeStatus, IDs: l.codes.IDs})
		ds = l.applySeverity(ds)
		if len(ds) == 1 && ds[0].Code == p.Diag.Code {
			p.Diag = ds[0]
			kept = append(kept, p)
		}
	}
	l.pendingMu.Lock()
	defer l.pendingMu.Unlock()
	if len(kept) == 0 {
		delete(l.pending, path)
		return
	}
	if l.pending == nil {
		l.pending = map[string][]*house.Pending{}
	}
	l.pending[path] = kept
}

// Finish returns, per path, the cross-file findings that still stand once
// every input has been linted (after RegisterCRDs announced the inputs).
func (l *Linter) Finish() map[string][]diag.Diagnostic {
	l.pendingMu.Lock()
	byPath := l.pending
	l.pending = nil
	l.pendingMu.Unlock()
	if len(byPath) == 0 {
		return nil
	}
	var kept []*house.Pending
	for _, p := range slices.Sorted(maps.Keys(byPath)) {
		kept = append(kept, byPath[p]...)
	}
	out := map[string][]diag.Diagnostic{}
	for _, p := range l.house.Finish(kept) {
		out[p.Path] = append(out[p.Path], p.Diag)
	}
	return out
}

// House returns the house rules in force (nil when none).
func (l *Linter) House() *house.Set { return l.house }

// Codes returns the registry of every code this linter can report.
func (l *Linter) Codes() *codes.Registry { return l.codes }

// codeStatus says whether a directive may name code: known and silenceable.
func (l *Linter) codeStatus(code string) directives.CodeStatus {
	c := l.codes.Lookup(code)
	switch {
	case c == nil:
		return directives.CodeUnknown
	case !c.Silenceable:
		return directives.CodeNotSilenceable
	}
	return directives.CodeOK
}

// applySeverity applies the config's per-code severity overrides; "off"
// drops the finding.
func (l *Linter) applySeverity(ds []diag.Diagnostic) []diag.Diagnostic {
	if len(l.Config.Severity) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if s, ok := l.Config.Severity[d.Code]; ok {
			if s == diag.SeverityNone {
				continue
			}
			d.Severity = s
		}
		out = append(out, d)
	}
	return out
}

// dropStyleAfterSyntaxError removes style findings past the first syntax
// error: the token stream they read is out of step from there on, and what
// follows is a cascade of noise ("cannot infer indentation" ...). yamllint
// prints that cascade; we do not. Schema findings in documents the parser
// recovered are kept.
func dropStyleAfterSyntaxError(ds []diag.Diagnostic) []diag.Diagnostic {
	first := -1
	for _, d := range ds {
		if d.Code == "syntax" && (first < 0 || d.Range.Start < first) {
			first = d.Range.Start
		}
	}
	if first < 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if d.Range.Start > first {
			if r := rules.Lookup(d.Code); r != nil && r.Category == "style" {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// binaryReason says why src is not text, or "".
func binaryReason(src []byte) string {
	head := src
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "not a text file (contains NUL bytes); not checked"
	}
	if !utf8.Valid(src) {
		if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
			return "file is UTF-16; yamlint reads UTF-8 YAML; not checked"
		}
		return "file is not valid UTF-8; not checked"
	}
	return ""
}

// confinerFor returns how the neighbour files the checked file at path
// names (includes, reusable workflows, compose files) are confined: inside
// a repository, to the roots its schemas are confined to (the repository or
// workspace roots, the config's directory, what the user allowed), so a
// repository cannot make a rule read outside itself. A file in no
// repository (an unpacked archive, a scratch directory) is the user's own
// and its neighbours are read wherever they are, as a compose file's in
// the directories above.
func (l *Linter) confinerFor(path string) func(string) error {
	return func(p string) error {
		if !l.Store.Roots.InRepository(path) {
			return nil
		}
		if err := l.Store.Roots.Check(p); errors.Is(err, schemas.ErrOutsideRoots) {
			return rules.ErrOutsideRoot
		}
		return nil
	}
}
