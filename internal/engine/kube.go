package engine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/schemas"
)

// KubeOptions configure Kubernetes validation (flags; the config file's
// kubernetes-version, kubernetes-strict, crds, ignore-missing-schemas and
// schema-locations fill what the flags leave unset).
type KubeOptions struct {
	// Version is a bundled Kubernetes minor ("1.30"); "" = config, else newest.
	Version string
	// Strict overrides kubernetes-strict when non-nil (default strict).
	Strict *bool
	// CRDs are files or directories of CustomResourceDefinitions (--crd).
	CRDs []string
	// IgnoreMissingSchemas silences k8s-missing-schema.
	IgnoreMissingSchemas bool
	// SchemaLocations are kubeconform-style --schema-location values.
	SchemaLocations []string
}

// newKube builds the Kubernetes checker from flags and config.
func newKube(cfg *config.Config, o KubeOptions) (*kube.Checker, error) {
	raw := cfg.Raw
	version := o.Version
	if version == "" {
		switch v := raw["kubernetes-version"].(type) {
		case string:
			version = v
		case float64:
			version = fmt.Sprint(v) // kubernetes-version: 1.30 unquoted
		}
	}
	strict := true
	if s, ok := raw["kubernetes-strict"].(bool); ok {
		strict = s
	}
	if o.Strict != nil {
		strict = *o.Strict
	}
	locations := o.SchemaLocations
	if len(locations) == 0 {
		for _, l := range stringList(raw["schema-locations"]) {
			if l != "default" && !strings.Contains(l, "://") && !filepath.IsAbs(l) {
				l = filepath.Join(cfg.Dir, l)
			}
			locations = append(locations, l)
		}
	}
	reg, err := kube.New(kube.Options{Version: version, Strict: strict, SchemaLocations: locations})
	if err != nil {
		return nil, err
	}
	ignore, _ := raw["ignore-missing-schemas"].(bool)
	c := &kube.Checker{Registry: reg, IgnoreMissing: ignore || o.IgnoreMissingSchemas}
	crds := append([]string(nil), o.CRDs...)
	for _, p := range stringList(raw["crds"]) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(cfg.Dir, p)
		}
		crds = append(crds, p)
	}
	for _, p := range crds {
		if err := addCRDPath(c, p); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// addCRDPath registers the CRDs of a file, or of every YAML file under a
// directory.
func addCRDPath(c *kube.Checker, p string) error {
	st, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("--crd %s: %w", p, err)
	}
	if !st.IsDir() {
		src, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("--crd %s: %w", p, err)
		}
		_, err = c.AddCRDsFromFile(p, src)
		return err
	}
	return filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, err = c.AddCRDsFromFile(path, src)
		return err
	})
}

// RegisterCRDs registers the CustomResourceDefinitions found among the
// files about to be linted, so custom resources validate whatever the file
// order. Unreadable files are skipped here (linting reports them).
func (l *Linter) RegisterCRDs(paths []string) {
	if l.kube == nil {
		return
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		_, _ = l.kube.AddCRDsFromFile(p, src)
	}
}

// Kubernetes returns the Kubernetes checker (nil when disabled).
func (l *Linter) Kubernetes() *kube.Checker { return l.kube }

// helmChartDir caches, per directory, whether it holds a Chart.yaml.
var helmChartDir sync.Map // dir -> bool

func isChartDir(dir string) bool {
	if v, ok := helmChartDir.Load(dir); ok {
		return v.(bool)
	}
	_, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	helmChartDir.Store(dir, err == nil)
	return err == nil
}

// inHelmTemplates reports whether path lies under the templates/ directory
// of a Helm chart: those files are Go templates, not YAML, and are never
// parsed or reported.
func inHelmTemplates(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "templates" && isChartDir(filepath.Dir(dir)) {
			return true
		}
		if filepath.Dir(dir) == dir {
			return false
		}
	}
}

// helmValuesSchema returns the association of a chart's values.yaml with
// the chart's values.schema.json, which Helm enforces on install.
func helmValuesSchema(path string) (schemas.Association, bool) {
	if filepath.Base(path) != "values.yaml" {
		return schemas.Association{}, false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return schemas.Association{}, false
	}
	dir := filepath.Dir(abs)
	if !isChartDir(dir) {
		return schemas.Association{}, false
	}
	schema := filepath.Join(dir, "values.schema.json")
	if _, err := os.Stat(schema); err != nil {
		return schemas.Association{}, false
	}
	return schemas.Association{URL: schemas.ResolveRef(schema, dir), Source: "helm"}, true
}
