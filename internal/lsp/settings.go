package lsp

import (
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"sort"
	"strconv"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/engine"
	"github.com/yamlint/yamlint/internal/schemas"
)

// Settings are the editor settings the server honours: yaml-language-server's
// `yaml.*` names (so existing editor setups keep working) and `yamlint.*`.
type Settings struct {
	Validate   bool                // yaml.validate
	Hover      bool                // yaml.hover
	Completion bool                // yaml.completion
	Schemas    map[string][]string // yaml.schemas: schema -> globs
	CustomTags []string            // yaml.customTags

	ConfigPath        string   // yamlint.configPath
	KubernetesVersion string   // yamlint.kubernetesVersion
	CRDs              []string // yamlint.crds
	// DocsURL is where docs/rules.md is published (yamlint.docsUrl);
	// diagnostics then link their code to its section.
	DocsURL string
}

func defaultSettings() Settings {
	return Settings{Validate: true, Hover: true, Completion: true}
}

type yamlSection struct {
	Validate   *bool          `json:"validate"`
	Hover      *bool          `json:"hover"`
	Completion *bool          `json:"completion"`
	Schemas    map[string]any `json:"schemas"`
	CustomTags []string       `json:"customTags"`
}

type yamlintSection struct {
	ConfigPath        *string  `json:"configPath"`
	KubernetesVersion *string  `json:"kubernetesVersion"`
	CRDs              []string `json:"crds"`
	DocsURL           *string  `json:"docsUrl"`
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
		if y.Schemas != nil {
			out.Schemas = map[string][]string{}
			for schema, globs := range y.Schemas {
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
		if y.DocsURL != nil {
			out.DocsURL = *y.DocsURL
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
	cfgPath := settings.ConfigPath
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

	cfg := config.Default(root)
	var cfgErr error
	if cfgPath != "" {
		c, err := config.Load(cfgPath)
		if err != nil {
			cfgErr = err
		} else {
			cfg = c
		}
	}
	cfg = overlay(cfg, settings, root)
	l, err := engine.New(cfg, s.engineOptions(settings, root))
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
	s.shownConfig[key] = true
	s.mu.Unlock()
	if show {
		s.showConfigError(cfgPath, cfgErr)
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
		rules = append(rules, schemas.Rule{URL: schemas.ResolveRef(ref, root), Patterns: st.Schemas[ref], Source: "config"})
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

// engineOptions passes the Kubernetes settings the way the CLI's
// --kubernetes-version and --crd flags do.
func (s *Server) engineOptions(st Settings, root string) engine.Options {
	o := engine.Options{Workspace: s.workspace} // open buffers over the disk, for every linter
	o.Kubernetes.Version = st.KubernetesVersion
	for _, p := range st.CRDs {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		o.Kubernetes.CRDs = append(o.Kubernetes.CRDs, p)
	}
	return o
}
