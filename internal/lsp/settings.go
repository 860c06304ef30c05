package lsp

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/schemas"
)

// Settings are the editor settings the server honours: yaml-language-server's
// `yaml.*` names (so existing editor setups keep working) and `yamlint.*`.
type Settings struct {
	Validate   bool                // yaml.validate
	Hover      bool                // yaml.hover
	Completion bool                // yaml.completion
	Schemas    map[string][]string // yaml.schemas: schema -> globs
	// SchemaContent: yaml.schemas entries written as {files, content}
	// (association by what a document says; a yamlint extension).
	SchemaContent map[string]map[string]string
	CustomTags    []string // yaml.customTags
	// yaml.schemaStore.enable / .url: consult SchemaStore's catalog after
	// the built-in one, downloading it and its schemas (the user's editor
	// settings are the opt-in; off unless the client sends it).
	SchemaStore    bool
	SchemaStoreURL string

	ConfigPath        string   // yamlint.configPath
	KubernetesVersion string   // yamlint.kubernetesVersion
	CRDs              []string // yamlint.crds
	// Baseline is a baseline file (yamlint --write-baseline), relative to
	// the workspace root: findings it holds are not reported.
	Baseline string // yamlint.baseline
	// DocsURL is where docs/rules.md is published (yamlint.docsUrl);
	// diagnostics then link their code to its section.
	DocsURL string

	// Trust boundaries the user (never a repository) may widen.
	AllowRemote         bool     // yamlint.allowRemote
	AllowPrivateNetwork bool     // yamlint.allowPrivateNetwork
	AllowSchemaPaths    []string // yamlint.allowSchemaPaths
}

func defaultSettings() Settings {
	return Settings{Validate: true, Hover: true, Completion: true}
}

type yamlSection struct {
	Validate    *bool          `json:"validate"`
	Hover       *bool          `json:"hover"`
	Completion  *bool          `json:"completion"`
	Schemas     map[string]any `json:"schemas"`
	CustomTags  []string       `json:"customTags"`
	SchemaStore *struct {
		Enable *bool   `json:"enable"`
		URL    *string `json:"url"`
	} `json:"schemaStore"`
}

type yamlintSection struct {
	ConfigPath          *string  `json:"configPath"`
	KubernetesVersion   *string  `json:"kubernetesVersion"`
	CRDs                []string `json:"crds"`
	Baseline            *string  `json:"baseline"`
	DocsURL             *string  `json:"docsUrl"`
	AllowRemote         *bool    `json:"allowRemote"`
	AllowPrivateNetwork *bool    `json:"allowPrivateNetwork"`
	AllowSchemaPaths    []string `json:"allowSchemaPaths"`
}

// parseSettings overlays {"yaml": {...}, "yamlint": {...}} on cur. Absent
// keys keep their value; an absent section keeps all of its values.
func parseSettings(raw json.RawMessage, cur Settings) (Settings, error) {
	var top struct {
		YAML    *yamlSection    `json:"yaml"`
		YAMLint *yamlintSection `json:"yamlint"`
	}
	if len(raw) == 0 || string(raw) == "null" {
		return cur, nil
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return cur, err
	}
	out := cur
	if y := top.YAML; y != nil {
		setBool(&out.Validate, y.Validate)
		setBool(&out.Hover, y.Hover)
		setBool(&out.Completion, y.Completion)
		if ss := y.SchemaStore; ss != nil {
			setBool(&out.SchemaStore, ss.Enable)
			if ss.URL != nil {
				out.SchemaStoreURL = *ss.URL
			}
		}
		if y.Schemas != nil {
			out.Schemas = map[string][]string{}
			out.SchemaContent = nil
			for schema, globs := range y.Schemas {
				if obj, ok := globs.(map[string]any); ok {
					r := config.SchemaRule(schema, obj, "")
					out.Schemas[schema] = r.Patterns
					if len(r.Content) > 0 {
						if out.SchemaContent == nil {
							out.SchemaContent = map[string]map[string]string{}
						}
						out.SchemaContent[schema] = r.Content
					}
					continue
				}
				switch g := globs.(type) {
				case string:
					out.Schemas[schema] = []string{g}
				case []any:
					for _, e := range g {
						if s, ok := e.(string); ok {
							out.Schemas[schema] = append(out.Schemas[schema], s)
						}
					}
				}
			}
		}
		if y.CustomTags != nil {
			out.CustomTags = y.CustomTags
		}
	}
	if y := top.YAMLint; y != nil {
		if y.ConfigPath != nil {
			out.ConfigPath = *y.ConfigPath
		}
		if y.KubernetesVersion != nil {
			out.KubernetesVersion = *y.KubernetesVersion
		}
		if y.CRDs != nil {
			out.CRDs = y.CRDs
		}
		if y.Baseline != nil {
			out.Baseline = *y.Baseline
		}
		if y.DocsURL != nil {
			out.DocsURL = *y.DocsURL
		}
		setBool(&out.AllowRemote, y.AllowRemote)
		setBool(&out.AllowPrivateNetwork, y.AllowPrivateNetwork)
		if y.AllowSchemaPaths != nil {
			out.AllowSchemaPaths = y.AllowSchemaPaths
		}
	}
	return out, nil
}

func setBool(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}

// applySettingsLocked overlays new settings; the caller re-checks.
func (s *Server) applySettingsLocked(raw json.RawMessage) bool {
	next, err := parseSettings(raw, s.settings)
	if err != nil {
		s.logf("ignoring malformed settings: %v", err)
		return false
	}
	s.settings = next
	return true
}

func (s *Server) didChangeConfiguration(raw json.RawMessage) {
	s.mu.Lock()
	pull := s.caps.configuration
	s.mu.Unlock()
	var probe map[string]json.RawMessage
	_ = json.Unmarshal(raw, &probe)
	_, hasYAML := probe["yaml"]
	_, hasOurs := probe["yamlint"]
	if !hasYAML && !hasOurs && pull {
		// VS Code style: the notification only says "something changed".
		go s.pullConfiguration()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.applySettingsLocked(raw) {
		s.reloadLocked()
	}
}

// pullConfiguration asks the client for the yaml and yamlint sections.
func (s *Server) pullConfiguration() {
	params := map[string]any{"items": []any{
		map[string]any{"section": "yaml"},
		map[string]any{"section": "yamlint"},
	}}
	var res []json.RawMessage
	if _, err := s.conn.Call(s.ctx, "workspace/configuration", params, &res); err != nil {
		s.logf("workspace/configuration: %v", err)
		return
	}
	merged := map[string]json.RawMessage{}
	if len(res) > 0 && string(res[0]) != "null" {
		merged["yaml"] = res[0]
	}
	if len(res) > 1 && string(res[1]) != "null" {
		merged["yamlint"] = res[1]
	}
	raw, _ := json.Marshal(merged)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.applySettingsLocked(raw) {
		s.reloadLocked()
	}
}

// linterFor returns the linter for a document (from its workspace config
// overlaid with the editor settings) and the settings it was built with.
func (s *Server) linterFor(path string) (*engine.Linter, Settings) {
	s.mu.Lock()
	settings, root, gen := s.settings, s.root, s.settingsGen
	s.mu.Unlock()
	if root == "" {
		root = filepath.Dir(path)
	}
	// A config found beside the document is the repository's; the user's
	// own is the per-user config, or yamlint.configPath outside the
	// workspace and the document's repository (config.IsUserLevel).
	cfgPath := settings.ConfigPath
	explicit := cfgPath != ""
	if cfgPath != "" && !filepath.IsAbs(cfgPath) {
		cfgPath = filepath.Join(root, cfgPath)
	}
	if cfgPath == "" && filepath.IsAbs(path) {
		cfgPath = s.configs.PathFor(path) // the CLI's resolution, file by file
	}
	key := cfgPath + "\x00" + root
	s.mu.Lock()
	e := s.linters[key]
	s.mu.Unlock()
	if e != nil {
		return e.linter, settings
	}
	userLevel := config.IsUserLevel(cfgPath, nil) // a found config: only the per-user one
	if explicit {
		userLevel = config.IsUserLevel(cfgPath, []string{root, safefs.RepoRoot(filepath.Dir(path))})
	}

	cfg := config.Default(root)
	var cfgErr error
	if cfgPath != "" {
		c, err := config.Load(cfgPath)
		if err != nil {
			cfgErr = err
		} else {
			c.UserLevel = userLevel
			cfg = c
		}
	}
	cfg = overlay(cfg, settings, root)
	opts := s.engineOptions(settings, root)
	opts.Notify = func(msg string) { s.logClient(protocol.MessageTypeWarning, "yamlint: %s", msg) }
	l, err := engine.New(cfg, opts)
	if err != nil {
		cfgErr = errors.Join(cfgErr, err)
		l, err = engine.New(overlay(config.Default(root), settings, root), engine.Options{})
		if err != nil {
			l, _ = engine.New(config.Default(root), engine.Options{})
		}
	}
	s.mu.Lock()
	if gen == s.settingsGen {
		s.linters[key] = &linterEntry{linter: l, err: cfgErr}
	}
	show := cfgErr != nil && !s.shownConfig[key]
	warn := len(l.Warnings) > 0 && !s.shownConfig[key]
	s.shownConfig[key] = true
	s.mu.Unlock()
	if show {
		s.showConfigError(cfgPath, cfgErr)
	}
	if warn {
		for _, w := range l.Warnings {
			msg := "yamlint: " + w
			s.logClient(protocol.MessageTypeWarning, "%s", msg)
			_ = s.conn.Notify(s.ctx, "window/showMessage", &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
		}
	}
	return l, settings
}

func (s *Server) showConfigError(path string, err error) {
	msg := "yamlint: configuration " + path + ": " + err.Error() + " (using defaults)"
	var ce *config.Error
	if errors.As(err, &ce) && ce.File != nil && len(ce.Diagnostics) > 0 {
		d := ce.Diagnostics[0]
		p := ce.File.Lines.Position(d.Range.Start)
		msg = "yamlint: " + path + ":" + itoa(p.Line) + ":" + itoa(p.Column) + ": " + d.Message + " (using default configuration)"
	}
	s.logClient(protocol.MessageTypeError, "%s", msg)
	_ = s.conn.Notify(s.ctx, "window/showMessage", &protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: msg})
}

func itoa(n int) string { return strconv.Itoa(n) }

// overlay returns a copy of cfg with the editor's schema associations
// (consulted before the config file's) and custom tags.
func overlay(cfg *config.Config, st Settings, root string) *config.Config {
	c := *cfg
	var rules []schemas.Rule
	keys := make([]string, 0, len(st.Schemas))
	for k := range st.Schemas {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, ref := range keys {
		if ref == "kubernetes" {
			// yaml-language-server's keyword for its remote Kubernetes
			// schema; yamlint's Kubernetes checks need no association.
			continue
		}
		rules = append(rules, schemas.Rule{URL: schemas.ResolveRef(ref, root), Patterns: st.Schemas[ref], Content: st.SchemaContent[ref], Source: "config"})
	}
	c.Schemas = append(rules, cfg.Schemas...)
	c.CustomTags = append(append([]string(nil), cfg.CustomTags...), st.CustomTags...)
	c.Severity = maps.Clone(cfg.Severity)
	if c.Severity == nil {
		c.Severity = map[string]diag.Severity{}
	}
	c.Raw = maps.Clone(cfg.Raw)
	if c.Raw == nil {
		c.Raw = map[string]any{}
	}
	return &c
}

// testHTTPClient replaces the default HTTPS client in tests (a loopback
// TLS server's).
var testHTTPClient *http.Client

// engineOptions passes the Kubernetes settings the way the CLI's
// --kubernetes-version and --crd flags do, and the trust settings the way
// --allow-remote, --allow-private-network and --allow-schema-path do. The
// workspace folder is a root local schemas may be read from, and so are
// the directories of local schemas named in yaml.schemas (the user's).
func (s *Server) engineOptions(st Settings, root string) engine.Options {
	o := engine.Options{Workspace: s.workspace} // open buffers over the disk, for every linter
	o.AllowRemote = st.AllowRemote
	o.AllowPrivateNetwork = st.AllowPrivateNetwork
	if root != "" {
		o.Roots = []string{root}
	}
	for _, p := range st.AllowSchemaPaths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		o.AllowSchemaPaths = append(o.AllowSchemaPaths, p)
	}
	for ref := range st.Schemas {
		if p, ok := schemas.LocalPath(schemas.ResolveRef(ref, root)); ok {
			o.AllowSchemaPaths = append(o.AllowSchemaPaths, filepath.Dir(p))
		}
	}
	if st.SchemaStore {
		o.SchemaStore, o.AllowRemote, o.SchemaStoreURL = true, true, st.SchemaStoreURL
		o.Client = testHTTPClient
	}
	o.Kubernetes.Version = st.KubernetesVersion
	for _, p := range st.CRDs {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		o.Kubernetes.CRDs = append(o.Kubernetes.CRDs, p)
	}
	return o
}
