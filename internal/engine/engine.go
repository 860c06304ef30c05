// Package engine runs every check on a file: parse once, pick schemas,
// validate, run rules, apply configured severities. The CLI and the language
// server both call it, so they report the same diagnostics. In-file
// directives (# yamllint disable...) filter the result last.
package engine

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/yamlint/yamlint/internal/codes"
	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/directives"
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/rules"
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
	// AllowRemote permits fetching https schemas (also config `remote`).
	AllowRemote bool
	// CacheDir overrides where remote schemas are cached.
	CacheDir string
	// Kubernetes configures Kubernetes manifest validation.
	Kubernetes KubeOptions
	// Workspace is how checks read other files (the language server's
	// holds its open buffers); nil reads the disk.
	Workspace *workspace.FS
}

// Linter checks files. It is safe for concurrent use; schemas are compiled
// once and shared.
type Linter struct {
	Config *config.Config
	Store  *schemas.Store
	assoc  *schemas.Associator
	kube   *kube.Checker
	codes  *codes.Registry
	runs   []ruleRun
	// workspace is how rules read other files than the checked one.
	workspace *workspace.FS
	layout    *layout
	ruleID    []string
	// helmRender renders chart templates (--helm-render); helm caches
	// the findings per chart.
	helmRender bool
	helm       helmCharts
}

// ruleRun is an enabled rule with its resolved options and severity.
type ruleRun struct {
	rule *rules.Rule
	opts map[string]any
	sev  diag.Severity
}

// New builds a Linter from a configuration (config.Default when nil).
func New(cfg *config.Config, opts Options) (*Linter, error) {
	if cfg == nil {
		cfg = config.Default(".")
	}
	store := schemas.NewStore()
	store.AllowRemote = opts.AllowRemote || cfg.Remote
	store.CacheDir = opts.CacheDir
	assoc := &schemas.Associator{Config: cfg.Schemas}
	if opts.Schema != "" {
		assoc.Flag = schemas.ResolveRef(opts.Schema, ".")
	}
	for _, cat := range []string{opts.Catalog, cfg.Catalog} {
		if cat == "" {
			continue
		}
		rs, err := schemas.LoadCatalogFile(cat)
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %w", cat, err)
		}
		assoc.Catalogs = append(assoc.Catalogs, rs)
	}
	builtin, err := schemas.BuiltinRules()
	if err != nil {
		return nil, fmt.Errorf("built-in catalog: %w", err)
	}
	assoc.Catalogs = append(assoc.Catalogs, builtin)
	k, err := newKube(cfg, opts.Kubernetes)
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
	l := &Linter{Config: cfg, Store: store, assoc: assoc, kube: k, codes: codes.Builtin(), workspace: ws, layout: newLayout(ws),
		helmRender: opts.Kubernetes.HelmRender || cfg.Kubernetes.HelmRender}
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
		var opts map[string]any
		if rc, ok := l.Config.Rule(r.ID); ok {
			enabled, sev = rc.Enabled, rc.Severity
			opts = make(map[string]any, len(rc.Options))
			defaults := make(map[string]any, len(r.Options))
			for _, o := range r.Options {
				defaults[o.Name] = o.Default
			}
			for k, v := range rc.Options {
				opts[k] = config.NormalizeOption(defaults[k], v)
			}
		}
		if s, ok := l.Config.Severity[r.ID]; ok {
			enabled, sev = s != diag.SeverityNone, s
		}
		if !enabled {
			continue
		}
		if l.Config.Locale != "" {
			for _, o := range r.Options {
				if o.Name == "locale" {
					if opts == nil {
						opts = map[string]any{}
					}
					opts["locale"] = l.Config.Locale
				}
			}
		}
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
	f := yamlfile.ParseCached(path, src, yamlfile.Options{CustomTags: l.Config.CustomTags}, cache)
	res.File = f
	diags := append([]diag.Diagnostic(nil), f.Syntax...)

	docs := make([]rules.DocInfo, len(f.Docs))
	docSchemas := make([]string, len(f.Docs))
	for i, d := range f.Docs {
		docs[i].Doc = d
	}
	a, ok := l.assoc.Associate(path, f)
	if !ok {
		a, ok = l.layout.helmValuesSchema(path)
	}
	if ok {
		res.Schema = a
		sch, err := l.Store.Compile(a.URL)
		if err != nil {
			diags = append(diags, diag.Diagnostic{Range: a.Range, Severity: diag.SeverityError, Code: "schema-load", Message: err.Error()})
			for i := range docs {
				docSchemas[i] = a.URL // associated, though it failed to load
			}
		} else {
			for i, d := range f.Docs {
				docs[i].SchemaURL = a.URL
				if a.Source == "helm-ci" {
					d = l.layout.helmMergedDoc(path, d)
				}
				diags = append(diags, l.Store.Validate(sch, f, d)...)
			}
			if a.URL == configSchemaURL && len(f.Syntax) == 0 {
				diags = append(diags, configRuleProblems(path, src)...)
			}
		}
	} else if l.kubeApplies(path, f) {
		// CRDs of this file apply to its own custom resources and to files
		// linted later (the CLI registers all inputs' CRDs beforehand).
		_, _ = l.kube.AddCRDsFromParsed(f)
		// No file-level schema: each Kubernetes object gets its kind's.
		check := l.kube.Check
		if cache != nil {
			check = l.kube.CheckCached // same result; unchanged documents reused
		}
		kd, urls := check(l.Store, f, l.layout.inKustomizeTree(path))
		diags = append(diags, kd...)
		for i, u := range urls {
			docs[i].SchemaURL = u
		}
	}
	lint := rules.NewLint(l.workspace)
	for _, run := range l.runs {
		if l.Config.RuleIgnored(run.rule.ID, path) {
			continue
		}
		rules.Run(lint.NewPass(run.rule, f, docs, run.opts, run.sev, func(d diag.Diagnostic) { diags = append(diags, d) }))
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
