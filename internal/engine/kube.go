package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yamlint/yamlint/internal/config"
	"github.com/yamlint/yamlint/internal/kube"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/workspace"
	"github.com/yamlint/yamlint/internal/yamlfile"
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
	// HelmRender renders Helm chart templates and checks the output
	// (--helm-render; config helm-render).
	HelmRender bool
}

// newKube builds the Kubernetes checker from flags and config; flags win.
func newKube(cfg *config.Config, o KubeOptions, roots *schemas.Roots, warnings *[]string) (*kube.Checker, error) {
	k := cfg.Kubernetes
	version := o.Version
	if version == "" {
		version = k.Version
	}
	strict := true
	if k.Strict != nil {
		strict = *k.Strict
	}
	if o.Strict != nil {
		strict = *o.Strict
	}
	locations := o.SchemaLocations
	var checkPath func(string) error
	if len(locations) == 0 {
		locations = k.SchemaLocations
		if !cfg.UserLevel {
			checkPath = roots.Check // a repository's config names files inside it
			for _, l := range locations {
				if w := outsideLocation(l, roots); w != "" {
					*warnings = append(*warnings, w)
				}
			}
		}
	}
	reg, err := kube.New(kube.Options{Version: version, Strict: strict, SchemaLocations: locations, CheckPath: checkPath, MaxSize: cfg.MaxFileSize})
	if err != nil {
		if o.Version == "" && k.VersionAt != "" {
			return nil, fmt.Errorf("%s: kubernetes-version: %w", k.VersionAt, err)
		}
		return nil, fmt.Errorf("--kubernetes-version: %w", err)
	}
	c := &kube.Checker{Registry: reg, IgnoreMissing: k.IgnoreMissingSchemas || o.IgnoreMissingSchemas}
	for _, p := range o.CRDs {
		if err := addCRDPath(c, p, cfg.MaxFileSize); err != nil {
			return nil, fmt.Errorf("--crd %s: %w", p, err)
		}
	}
	for i, p := range k.CRDs {
		if err := addCRDPath(c, p, cfg.MaxFileSize); err != nil {
			return nil, fmt.Errorf("%s: crds: %s: %w", k.CRDsAt[i], p, err)
		}
	}
	return c, nil
}

// outsideLocation warns about a repository config's schema location whose
// fixed directory (before any template field) lies outside the roots: its
// files are never read.
func outsideLocation(loc string, roots *schemas.Roots) string {
	if loc == "default" {
		return ""
	}
	dir := loc
	if i := strings.Index(dir, "{{"); i >= 0 {
		dir = dir[:i]
	}
	if !strings.HasSuffix(dir, "/") {
		dir = filepath.Dir(dir)
	}
	if errors.Is(roots.Check(dir), schemas.ErrOutsideRoots) {
		return fmt.Sprintf("schema-locations: %s is outside the repository; its files are not read (widen with --allow-schema-path DIR)", loc)
	}
	return ""
}

// addCRDPath registers the CRDs of a file, or of every YAML file under a
// directory; files over max bytes are an error, and special files (FIFOs,
// devices, sockets) are refused when named and skipped when walked.
func addCRDPath(c *kube.Checker, p string, max int64) error {
	st, err := os.Stat(p)
	if err != nil {
		return unwrapPathErr(err)
	}
	if !st.IsDir() {
		src, err := safefs.ReadFile(p, max)
		if err != nil {
			return unwrapPathErr(err)
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
		src, err := safefs.ReadFile(path, max)
		if safefs.IsNotRegular(err) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = c.AddCRDsFromFile(path, src)
		return err
	})
}

// RegisterCRDs registers the CustomResourceDefinitions found among the
// files about to be linted, so custom resources validate whatever the file
// order. Files that cannot be read within max-file-size, or that are not
// regular files, are skipped here (linting reports them).
func (l *Linter) RegisterCRDs(paths []string) {
	l.RegisterInputs(len(paths), func(i int) (string, []byte) {
		src, err := safefs.ReadFile(paths[i], l.Config.MaxFileSize)
		if err != nil {
			return paths[i], nil
		}
		return paths[i], src
	})
}

// RegisterInputs is RegisterCRDs for n inputs whose contents the caller
// has read already (input i: its path and bytes, nil if unreadable), so a
// run reads each file once.
func (l *Linter) RegisterInputs(n int, input func(int) (string, []byte)) {
	// Every input will be linted, then Finish called: cross-file house
	// rules gather what they need while linting.
	l.house.Defer()
	inventory := l.house.WantsInventory()
	if l.kube == nil && !inventory {
		return
	}
	// CRD files are parsed and checked a batch at a time on every core
	// (Checker.CheckCRDs caches the verdicts), then registered in input
	// order, so that which of two clashing definitions wins does not
	// depend on timing, and only a batch of trees is held at once.
	batch := 2 * runtime.GOMAXPROCS(0)
	type item struct {
		path   string
		src    []byte
		parsed *yamlfile.File
	}
	items := make([]item, 0, batch)
	for start := 0; start < n; start += batch {
		items = items[:0]
		for i := start; i < min(n, start+batch); i++ {
			p, src := input(i)
			if src == nil || (l.Config.MaxFileSize > 0 && int64(len(src)) > l.Config.MaxFileSize) {
				continue
			}
			items = append(items, item{path: p, src: src})
		}
		if l.kube != nil {
			var wg sync.WaitGroup
			for i := range items {
				if !bytes.Contains(items[i].src, []byte("CustomResourceDefinition")) {
					continue
				}
				wg.Add(1)
				go func(it *item) {
					defer wg.Done()
					it.parsed = yamlfile.Parse(it.path, it.src, yamlfile.Options{})
					l.kube.CheckCRDs(it.parsed)
				}(&items[i])
			}
			wg.Wait()
		}
		for _, it := range items {
			if it.parsed != nil {
				_, _ = l.kube.AddCRDsFromParsed(it.parsed)
			}
			if inventory && !l.layout.inHelmTemplates(it.path) {
				// Rules that look across files (k8s-dangling-service) and
				// admission policies' params see every input.
				l.house.AddInput(it.path, it.src)
			}
		}
	}
}

// Kubernetes returns the Kubernetes checker (nil when disabled).
func (l *Linter) Kubernetes() *kube.Checker { return l.kube }

// layout answers where a file sits (in a Helm chart, in a kustomize tree),
// reading through the linter's workspace. Its answers are cached per
// directory for the linter's lifetime: a CLI run, or in the language server
// until the next reload (a config or watched file changed).
type layout struct {
	ws        *workspace.FS
	mu        sync.Mutex
	chartDir  map[string]bool
	kustomize map[string]kustomizeDir
}

func newLayout(ws *workspace.FS) *layout {
	return &layout{ws: ws, chartDir: map[string]bool{}, kustomize: map[string]kustomizeDir{}}
}

// isChartDir reports whether dir holds a Chart.yaml.
func (lo *layout) isChartDir(dir string) bool {
	lo.mu.Lock()
	v, ok := lo.chartDir[dir]
	lo.mu.Unlock()
	if ok {
		return v
	}
	v = lo.ws.Exists(filepath.Join(dir, "Chart.yaml"))
	lo.mu.Lock()
	lo.chartDir[dir] = v
	lo.mu.Unlock()
	return v
}

// inHelmTemplates reports whether path lies under the templates/ directory
// of a Helm chart: those files are Go templates, not YAML, and are never
// parsed or reported.
func (lo *layout) inHelmTemplates(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "templates" && lo.isChartDir(filepath.Dir(dir)) {
			return true
		}
		if filepath.Dir(dir) == dir {
			return false
		}
	}
}

// helmValuesSchema returns the association of a chart's values.yaml with
// the chart's values.schema.json, which Helm enforces on install.
//
// A chart's ci/*.yaml files are values overrides its CI installs with: they
// are validated merged over values.yaml (Source "helm-ci", see
// helmMergedDoc).
func (lo *layout) helmValuesSchema(path string) (schemas.Association, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return schemas.Association{}, false
	}
	dir := filepath.Dir(abs)
	source := "helm"
	switch {
	case filepath.Base(path) == "values.yaml":
	case filepath.Base(dir) == "ci" && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")):
		dir = filepath.Dir(dir)
		source = "helm-ci"
	default:
		return schemas.Association{}, false
	}
	if !lo.isChartDir(dir) {
		return schemas.Association{}, false
	}
	schema := filepath.Join(dir, "values.schema.json")
	if !lo.ws.Exists(schema) {
		return schemas.Association{}, false
	}
	return schemas.Association{URL: schemas.ResolveRef(schema, dir), Source: source}, true
}

// loadChartValues returns the parsed values.yaml of a chart (through the
// workspace: an unsaved edit counts).
func (lo *layout) loadChartValues(chartDir string) any {
	p := filepath.Join(chartDir, "values.yaml")
	src, err := lo.ws.ReadFile(p)
	if err != nil {
		return nil
	}
	f := yamlfile.Parse(p, src, yamlfile.Options{})
	var value any
	for _, d := range f.Docs {
		if d.Root != nil {
			value = d.Root.Value
			break
		}
	}
	return value
}

// helmMergedDoc returns a ci values document as Helm installs it: merged
// over the chart's values.yaml. Errors on keys the ci file sets point into
// it; others point at the nearest enclosing key it has.
func (lo *layout) helmMergedDoc(path string, d *yamlfile.Document) *yamlfile.Document {
	abs, err := filepath.Abs(path)
	if err != nil || d.Root == nil {
		return d
	}
	base := lo.loadChartValues(filepath.Dir(filepath.Dir(abs)))
	root := *d.Root
	root.Value = helmMerge(base, d.Root.Value)
	return &yamlfile.Document{Index: d.Index, Range: d.Range, Root: &root}
}

// helmMerge overlays user values on chart defaults as Helm does: mappings
// merge recursively, a null deletes the key, anything else replaces.
func helmMerge(base, over any) any {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 {
		if over == nil {
			return base
		}
		return over
	}
	out := make(map[string]any, len(bm)+len(om))
	for k, v := range bm {
		out[k] = v
	}
	for k, v := range om {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = helmMerge(bm[k], v)
	}
	return out
}

// kustomizeNonResource reports whether path is a file that a kustomization
// in its directory uses as something other than a resource: strategic
// merge and JSON 6902 patches are partial objects, transformer and
// generator configs are kustomize's own kinds. They are not validated as
// Kubernetes objects.
//
// Kustomizations in the file's directory and up to kustomizeDepth parents
// are consulted (overlays name patches in sub-directories); a file in a
// kustomize tree whose name says it is a patch (a "patches" directory,
// "*patch*.yaml") counts too, since patches are often kept unreferenced
// (commented out) next to the kustomization.
func (lo *layout) kustomizeNonResource(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir := filepath.Dir(abs)
	found := false
	for d, i := dir, 0; i <= kustomizeDepth; d, i = filepath.Dir(d), i+1 {
		k := lo.kustomizeInfo(d)
		if k.present {
			found = true
			if k.refs[abs] {
				return true
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if found {
		base := strings.ToLower(filepath.Base(abs))
		return strings.Contains(base, "patch") || filepath.Base(dir) == "patches"
	}
	return false
}

// kustomizeDepth bounds the upward search for kustomizations.
const kustomizeDepth = 3

// inKustomizeTree reports whether a kustomization sits in the file's
// directory or a parent (up to kustomizeDepth): its objects are build
// inputs that transformers complete (namespace, commonLabels selectors...),
// so they are checked without required fields.
func (lo *layout) inKustomizeTree(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for d, i := filepath.Dir(abs), 0; i <= kustomizeDepth; d, i = filepath.Dir(d), i+1 {
		if lo.kustomizeInfo(d).present {
			return true
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return false
}

type kustomizeDir struct {
	present bool
	refs    map[string]bool
}

func (lo *layout) kustomizeInfo(dir string) kustomizeDir {
	lo.mu.Lock()
	k, ok := lo.kustomize[dir]
	lo.mu.Unlock()
	if ok {
		return k
	}
	k = lo.readKustomizeRefs(dir)
	lo.mu.Lock()
	lo.kustomize[dir] = k
	lo.mu.Unlock()
	return k
}

func (lo *layout) readKustomizeRefs(dir string) kustomizeDir {
	refs := map[string]bool{}
	for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		src, err := lo.ws.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		f := yamlfile.Parse(name, src, yamlfile.Options{})
		for _, d := range f.Docs {
			m, _ := d.Value().(map[string]any)
			add := func(v any) {
				if s, ok := v.(string); ok && s != "" && !strings.ContainsAny(s, "\n:") {
					refs[filepath.Join(dir, s)] = true
				}
			}
			for _, key := range []string{"patchesStrategicMerge", "transformers", "generators", "validators", "configurations", "crds"} {
				for _, e := range asList(m[key]) {
					add(e)
				}
			}
			for _, key := range []string{"patches", "patchesJson6902", "replacements"} {
				for _, e := range asList(m[key]) {
					if em, ok := e.(map[string]any); ok {
						add(em["path"])
					}
				}
			}
			if o, ok := m["openapi"].(map[string]any); ok {
				add(o["path"])
			}
		}
		return kustomizeDir{present: true, refs: refs}
	}
	return kustomizeDir{}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// helmValuesFile reports whether path is a chart's values file (next to
// Chart.yaml, or in the chart's ci/ directory): values are not Kubernetes
// objects even when they have a `kind:` key.
func (lo *layout) helmValuesFile(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir := filepath.Dir(abs)
	return lo.isChartDir(dir) || (filepath.Base(dir) == "ci" && lo.isChartDir(filepath.Dir(dir)))
}

// unwrapPathErr drops the path an os error repeats (the caller names it).
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
