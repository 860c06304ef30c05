package rules

import (
	"path/filepath"
	"reflect"
	"strings"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// compose-refs: what a service refers to must be declared in the file:
// depends_on, links, volumes_from, extends and network_mode: service:x name
// services; networks, named volumes, secrets and configs must appear under
// the top-level networks, volumes, secrets, configs and models (Compose refuses
// "service x refers to undefined network y"). Files that include others
// are not checked, and a name declared by another compose file of the same
// folder or of the four above it is not reported: the file is then likely an
// overlay used with -f base.yml -f overlay.yml.
func init() {
	Register(&Rule{
		ID:              "compose-refs",
		Doc:             "Compose services must refer to declared services, networks, volumes, secrets and configs",
		Category:        "compose",
		DefaultSeverity: diag.SeverityError,
		DefaultEnabled:  true,
		Check:           checkComposeRefs,
	})
}

// sectionOf names the top-level section a declared-name set stands for.
func sectionOf(set, svc, net, vol, sec, mod map[string]bool) string {
	switch {
	case sameSet(set, svc):
		return "services"
	case sameSet(set, net):
		return "networks"
	case sameSet(set, vol):
		return "volumes"
	case sameSet(set, sec):
		return "secrets"
	case sameSet(set, mod):
		return "models"
	}
	return "configs"
}

// sameSet reports whether a and b are the same map (identity).
func sameSet(a, b map[string]bool) bool {
	return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
}

// declaredNearby reports whether another YAML file in path's folder or the
// four folders above declares name in the top-level section (overlays such
// as docker-elk's extensions/*/x-compose.yml sit deep below their base).
// It only runs for a name that is missing from the checked file.
func declaredNearby(p *Pass, path, section, name string) bool {
	selfAbs, _ := filepath.Abs(path)
	dir := filepath.Dir(selfAbs)
	for i := 0; i < 5; i++ {
		entries, _ := p.ReadDir(dir)
		for _, e := range entries {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if e.IsDir() || (ext != ".yml" && ext != ".yaml") {
				continue
			}
			full := filepath.Join(dir, e.Name())
			if full == selfAbs {
				continue
			}
			if composeDeclarations(p, full)[section][name] {
				return true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return false
}

// composeDeclarations returns the top-level sections of the YAML file at
// path, read through the workspace (which bounds and caches the read).
func composeDeclarations(p *Pass, path string) map[string]map[string]bool {
	src, err := p.ReadFile(path)
	if err != nil || len(src) > 1<<20 {
		return nil
	}
	decl := map[string]map[string]bool{}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	for _, d := range f.Docs {
		for _, sec := range []string{"services", "networks", "volumes", "secrets", "configs", "models"} {
			for _, k := range keysOf(d.Root.Child(sec)) {
				if decl[sec] == nil {
					decl[sec] = map[string]bool{}
				}
				decl[sec][k] = true
			}
		}
	}
	return decl
}

func checkComposeRefs(p *Pass) {
	roots := docsWithSchema(p, "compose.json")
	if len(roots) == 0 {
		return
	}
	for _, root := range roots {
		if root.Child("include") != nil {
			continue
		}
		services := root.Child("services")
		declared := func(key string, extra ...string) (map[string]bool, []string) {
			set := map[string]bool{}
			names := keysOf(root.Child(key))
			for _, n := range names {
				set[n] = true
			}
			for _, e := range extra {
				if !set[e] {
					set[e] = true
					names = append(names, e)
				}
			}
			return set, names
		}
		svcSet, svcNames := declared("services")
		netSet, netNames := declared("networks", "default")
		volSet, volNames := declared("volumes")
		secSet, secNames := declared("secrets")
		cfgSet, cfgNames := declared("configs")
		modSet, modNames := declared("models")
		ref := func(n *yamlfile.Node, name string, set map[string]bool, names []string, format string) {
			if name == "" || hasExpression(name) || set[name] {
				return
			}
			if declaredNearby(p, p.File.Path, sectionOf(set, svcSet, netSet, volSet, secSet, modSet), name) {
				return
			}
			rng := findInNode(p.File.Src, n, name, 0)
			reportUnknown(p, rng, format, name, names)
		}
		for _, svc := range mappingEntries(services) {
			if svc.Kind != yamlfile.Mapping {
				continue
			}
			svcMsg := "service " + quoteName(svc.Key) + " refers to undefined service %q"
			// depends_on: a list or a map keyed by service.
			if dep := svc.Child("depends_on"); dep != nil {
				if dep.Kind == yamlfile.Mapping {
					for _, e := range dep.Children {
						if r := e.Child("required"); r != nil && r.Value == false {
							continue // an optional dependency may live in another file
						}
						ref(keyNode(e), e.Key, svcSet, svcNames, "service "+quoteName(svc.Key)+" depends on undefined service %q")
					}
				}
				for _, n := range stringItems(dep) {
					s, _ := n.String()
					ref(n, s, svcSet, svcNames, "service "+quoteName(svc.Key)+" depends on undefined service %q")
				}
			}
			for _, n := range stringItems(svc.Child("links")) {
				s, _ := n.String()
				name, _, _ := strings.Cut(s, ":")
				ref(n, name, svcSet, svcNames, svcMsg)
			}
			for _, n := range stringItems(svc.Child("volumes_from")) {
				s, _ := n.String()
				if strings.HasPrefix(s, "container:") {
					continue
				}
				name, _, _ := strings.Cut(s, ":")
				ref(n, name, svcSet, svcNames, svcMsg)
			}
			if ext := svc.Child("extends"); ext != nil && ext.Child("file") == nil {
				if n := ext.Child("service"); n != nil {
					s, _ := n.String()
					ref(n, s, svcSet, svcNames, svcMsg)
				}
			}
			if n := svc.Child("network_mode"); n != nil {
				if s, ok := n.String(); ok && strings.HasPrefix(s, "service:") {
					ref(n, strings.TrimPrefix(s, "service:"), svcSet, svcNames, svcMsg)
				}
			}
			netMsg := "service " + quoteName(svc.Key) + " refers to undefined network %q"
			if nets := svc.Child("networks"); nets != nil {
				if nets.Kind == yamlfile.Mapping {
					for _, e := range nets.Children {
						ref(keyNode(e), e.Key, netSet, netNames, netMsg)
					}
				}
				for _, n := range stringItems(nets) {
					s, _ := n.String()
					ref(n, s, netSet, netNames, netMsg)
				}
			}
			volMsg := "service " + quoteName(svc.Key) + " refers to undefined volume %q"
			if vols := svc.Child("volumes"); vols != nil && vols.Kind == yamlfile.Sequence {
				for _, v := range vols.Children {
					switch v.Kind {
					case yamlfile.Scalar:
						s, _ := v.String()
						if src, _, ok := strings.Cut(s, ":"); ok && isNamedVolume(src) {
							ref(v, src, volSet, volNames, volMsg)
						}
					case yamlfile.Mapping:
						if t, _ := v.Child("type").String(); t == "volume" {
							if n := v.Child("source"); n != nil {
								s, _ := n.String()
								ref(n, s, volSet, volNames, volMsg)
							}
						}
					}
				}
			}
			modMsg := "service " + quoteName(svc.Key) + " refers to undefined model %q"
			if models := svc.Child("models"); models != nil {
				if models.Kind == yamlfile.Mapping {
					for _, e := range models.Children {
						ref(keyNode(e), e.Key, modSet, modNames, modMsg)
					}
				}
				for _, n := range stringItems(models) {
					s, _ := n.String()
					ref(n, s, modSet, modNames, modMsg)
				}
			}
			for _, kind := range []struct {
				key   string
				set   map[string]bool
				names []string
			}{{"secrets", secSet, secNames}, {"configs", cfgSet, cfgNames}} {
				msg := "service " + quoteName(svc.Key) + " refers to undefined " + strings.TrimSuffix(kind.key, "s") + " %q"
				items := svc.Child(kind.key)
				if items == nil || items.Kind != yamlfile.Sequence {
					continue
				}
				for _, it := range items.Children {
					switch it.Kind {
					case yamlfile.Scalar:
						s, _ := it.String()
						ref(it, s, kind.set, kind.names, msg)
					case yamlfile.Mapping:
						if n := it.Child("source"); n != nil {
							s, _ := n.String()
							ref(n, s, kind.set, kind.names, msg)
						}
					}
				}
			}
		}
	}
}

// isNamedVolume tells a named volume from a host path in the source part
// of a short volume syntax.
func isNamedVolume(src string) bool {
	if src == "" || hasExpression(src) {
		return false
	}
	switch src[0] {
	case '/', '.', '~', '\\':
		return false
	}
	if len(src) >= 2 && src[1] == ':' { // C:\... on Windows
		return false
	}
	return !strings.ContainsAny(src, "/\\")
}

// keyNode returns a node whose range is the mapping key of e.
func keyNode(e *yamlfile.Node) *yamlfile.Node {
	return &yamlfile.Node{Kind: yamlfile.Scalar, Range: e.KeyRange, Value: e.Key}
}

func quoteName(s string) string { return `"` + s + `"` }
