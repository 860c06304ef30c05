package lsp

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/safefs"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// Semantic completion: values that no schema lists but the workspace
// does — actions used elsewhere (uses:), job names (needs:), GitLab
// templates (extends:), compose services (depends_on:), and the names and
// keys of the ConfigMaps and Secrets the workspace's manifests define
// (configMapKeyRef, secretKeyRef, configMapRef, secretRef, volumes).

// workspaceIndex is what semantic completion reads from the workspace's
// files; it is rebuilt when the workspace changes.
type workspaceIndex struct {
	uses       map[string]int                 // action reference -> times used
	configMaps map[string]map[string]struct{} // name -> keys
	secrets    map[string]map[string]struct{}
}

// maxIndexFiles and maxIndexFileSize bound one index build.
const (
	maxIndexFiles    = 5000
	maxIndexFileSize = 1 << 20
)

var (
	usesLine = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)`)
	kindLine = regexp.MustCompile(`(?m)^kind:\s*["']?(ConfigMap|Secret)\b`)
)

type indexCache struct {
	mu      sync.Mutex
	index   *workspaceIndex
	changed chan struct{} // the workspace change channel the index was built under
}

// workspaceIndex returns the index, rebuilding it after a change.
func (s *Server) workspaceIndex() *workspaceIndex {
	s.mu.Lock()
	changed := s.wsLocked().changed
	folders := append([]string(nil), s.wsLocked().folders...)
	if len(folders) == 0 && s.root != "" {
		folders = []string{s.root}
	}
	cache := s.wsLocked().index
	s.mu.Unlock()
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.index != nil && cache.changed == changed {
		return cache.index
	}
	ix := &workspaceIndex{uses: map[string]int{}, configMaps: map[string]map[string]struct{}{}, secrets: map[string]map[string]struct{}{}}
	n := 0
	for _, folder := range folders {
		_ = filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != folder && workspaceSkipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if n >= maxIndexFiles {
				return filepath.SkipAll
			}
			if ext := filepath.Ext(p); ext != ".yaml" && ext != ".yml" {
				return nil
			}
			if info, err := d.Info(); err != nil || info.Size() > maxIndexFileSize {
				return nil
			}
			n++
			src, err := safefs.ReadFile(p, maxIndexFileSize) // regular files only
			if err != nil {
				return nil
			}
			ix.add(p, src)
			return nil
		})
	}
	// Open documents as edited count too.
	s.mu.Lock()
	for _, d := range s.docs {
		if len(d.text) <= maxIndexFileSize {
			ix.add(d.path, d.text)
		}
	}
	s.mu.Unlock()
	cache.index, cache.changed = ix, changed
	return ix
}

func (ix *workspaceIndex) add(path string, src []byte) {
	if bytes.Contains(src, []byte("uses:")) {
		for _, m := range usesLine.FindAllSubmatch(src, -1) {
			ix.uses[string(m[1])]++
		}
	}
	if !kindLine.Match(src) {
		return
	}
	f := yamlfile.Parse(path, src, yamlfile.Options{})
	for _, d := range f.Docs {
		if d.Root == nil {
			continue
		}
		kind, _ := d.Root.Child("kind").String()
		name, _ := d.Root.Child("metadata").Child("name").String()
		if name == "" || (kind != "ConfigMap" && kind != "Secret") {
			continue
		}
		into := ix.configMaps
		if kind == "Secret" {
			into = ix.secrets
		}
		keys := into[name]
		if keys == nil {
			keys = map[string]struct{}{}
			into[name] = keys
		}
		for _, sec := range []string{"data", "stringData", "binaryData"} {
			m := d.Root.Child(sec)
			if m == nil {
				continue
			}
			for _, c := range m.Children {
				if c.HasKey {
					keys[c.Key] = struct{}{}
				}
			}
		}
	}
}

// lineContext is what the text around the cursor says, read from the
// lines themselves so that it works while the document does not parse.
type lineContext struct {
	key     string   // the key whose value is being typed ("needs" for "needs: [a, |" or a "- |" item under needs:)
	parents []string // enclosing keys, innermost first
	partial string   // the part of the value typed so far
	start   int      // offset where the partial value starts
}

var (
	ctxValue  = regexp.MustCompile(`^(\s*)(?:-\s+)?([A-Za-z_$][\w.$/-]*)\s*:\s+(?:\[(?:[^\]]*,)?\s*)?["']?([^\s"',\[\]]*)$`)
	ctxItem   = regexp.MustCompile(`^(\s*)-\s+["']?([^\s"':]*)$`)
	keyOnly   = regexp.MustCompile(`^(\s*)(?:-\s+)?([A-Za-z_$][\w.$/-]*)\s*:\s*(?:#.*)?$`)
	keyRe     = regexp.MustCompile(`^([A-Za-z_$][\w.$/-]*)\s*:`)
	itemKeyRe = regexp.MustCompile(`^-\s+([A-Za-z_$][\w.$/-]*)\s*:`)
)

func cursorContext(text []byte, lines interface {
	Line(int) int
	LineStart(int) int
	LineText(int) []byte
}, off int) (lineContext, bool) {
	line := lines.Line(off)
	ls := lines.LineStart(line)
	prefix := string(text[ls:off])
	var c lineContext
	indent := 0
	if m := ctxValue.FindStringSubmatch(prefix); m != nil {
		c.key, c.partial = m[2], m[3]
		indent = len(m[1])
		if strings.HasPrefix(strings.TrimLeft(prefix, " "), "-") {
			indent += 2
		}
	} else if m := ctxItem.FindStringSubmatch(prefix); m != nil {
		c.partial = m[2]
		indent = len(m[1])
		// The list's key: the nearest line above at this indentation or
		// less that is a bare "key:".
		for l := line - 1; l >= 0; l-- {
			t := strings.TrimRight(string(lines.LineText(l)), "\r\n")
			if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
				continue
			}
			in := len(t) - len(strings.TrimLeft(t, " "))
			if in > indent || (in == indent && strings.HasPrefix(strings.TrimSpace(t), "-")) {
				continue
			}
			if k := keyOnly.FindStringSubmatch(t); k != nil {
				c.key = k[2]
				indent = len(k[1])
				if strings.HasPrefix(strings.TrimLeft(t, " "), "-") {
					indent += 2
				}
			}
			break
		}
		if c.key == "" {
			return c, false
		}
	} else {
		return c, false
	}
	c.start = off - len(c.partial)
	// Enclosing keys: lines above with less indentation.
	want := indent
	for l := line - 1; l >= 0 && want > 0; l-- {
		t := strings.TrimRight(string(lines.LineText(l)), "\r\n")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
			continue
		}
		in := len(t) - len(strings.TrimLeft(t, " "))
		body := strings.TrimLeft(t, " ")
		if strings.HasPrefix(body, "- ") {
			// "- key: v" opens a mapping at in+2.
			if in < want && in+2 >= want {
				if k := itemKeyRe.FindStringSubmatch(body); k != nil && in+2 < want {
					c.parents = append(c.parents, k[1])
				}
				want = in
			}
			continue
		}
		if in < want {
			if k := keyRe.FindStringSubmatch(body); k != nil {
				c.parents = append(c.parents, k[1])
			}
			want = in
		}
	}
	return c, true
}

// semanticCompletion returns the workspace-derived values for the value
// being typed at off.
func (s *Server) semanticCompletion(snap *snapshot, off int) []protocol.CompletionItem {
	c, ok := cursorContext(snap.text, snap.lines, off)
	if !ok {
		return nil
	}
	rng := toRange(snap.lines, diag.Range{Start: c.start, End: off})
	var values []string
	detail := ""
	parent := ""
	if len(c.parents) > 0 {
		parent = c.parents[0]
	}
	base := filepath.Base(snap.path)
	switch {
	case c.key == "uses":
		ix := s.workspaceIndex()
		values = byCount(ix.uses)
		detail = "used in this workspace"
	case c.key == "needs":
		values = s.jobNames(snap, c)
		detail = "job"
	case c.key == "extends" && isGitLabLike(base, snap.text):
		values = s.gitlabTemplates(snap)
		detail = "template job"
	case c.key == "depends_on":
		values = s.composeServices(snap, c)
		detail = "service"
	case c.key == "name" && (parent == "configMapKeyRef" || parent == "configMapRef" || parent == "configMap"):
		values = sortedKeys(s.workspaceIndex().configMaps)
		detail = "ConfigMap"
	case (c.key == "name" && (parent == "secretKeyRef" || parent == "secretRef")) || (c.key == "secretName" && parent == "secret"):
		values = sortedKeys(s.workspaceIndex().secrets)
		detail = "Secret"
	case c.key == "key" && (parent == "configMapKeyRef" || parent == "secretKeyRef"):
		ix := s.workspaceIndex()
		from := ix.configMaps
		detail = "ConfigMap key"
		if parent == "secretKeyRef" {
			from, detail = ix.secrets, "Secret key"
		}
		if name := siblingValue(snap, off, "name"); name != "" {
			values = sortedKeys(from[name])
		}
	}
	var items []protocol.CompletionItem
	for _, v := range values {
		if !strings.HasPrefix(v, c.partial) {
			continue
		}
		items = append(items, protocol.CompletionItem{
			Label: v, Kind: protocol.CompletionItemKindReference, Detail: detail,
			TextEdit: &protocol.TextEdit{Range: rng, NewText: v},
		})
	}
	return items
}

func isGitLabLike(base string, text []byte) bool {
	return isGitLab(base) || bytes.Contains(text, []byte("\nstages:")) || bytes.Contains(text, []byte("\nscript:")) || bytes.Contains(text, []byte("  script:"))
}

func byCount(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// gitlabReservedKeys are GitLab CI's top-level keywords, never jobs.
var gitlabReservedKeys = map[string]bool{"image": true, "services": true, "stages": true, "types": true, "before_script": true,
	"after_script": true, "variables": true, "cache": true, "include": true, "default": true, "workflow": true}

// currentRoot parses the snapshot (the lint's parse when current).
func (s *Server) currentRoot(snap *snapshot, off int) *yamlfile.Node {
	f, _ := s.parsed(snap)
	for _, d := range f.Docs {
		if d.Root != nil && off >= d.Range.Start && off <= d.Range.End+1 {
			return d.Root
		}
	}
	for _, d := range f.Docs {
		if d.Root != nil {
			return d.Root
		}
	}
	return nil
}

// jobNames are the jobs of the workflow (jobs:) or pipeline (top-level
// keys) being edited, without the one the cursor is in.
func (s *Server) jobNames(snap *snapshot, c lineContext) []string {
	root := s.currentRoot(snap, c.start)
	if root == nil || root.Kind != yamlfile.Mapping {
		return nil
	}
	self := ""
	if n := len(c.parents); n >= 1 {
		self = c.parents[n-1] // the outermost enclosing key: a GitLab job
		if c.parents[n-1] == "jobs" && n >= 2 {
			self = c.parents[n-2]
		}
	}
	var out []string
	if jobs := root.Child("jobs"); jobs != nil && jobs.Kind == yamlfile.Mapping {
		for _, j := range jobs.Children {
			if j.Key != self {
				out = append(out, j.Key)
			}
		}
		return out
	}
	for _, j := range root.Children {
		if j.Kind == yamlfile.Mapping && !gitlabReservedKeys[j.Key] && !strings.HasPrefix(j.Key, ".") && j.Key != self {
			out = append(out, j.Key)
		}
	}
	return out
}

// gitlabTemplates are the hidden jobs (".name") of the pipeline and of
// the local files it includes.
func (s *Server) gitlabTemplates(snap *snapshot) []string {
	seen := map[string]bool{}
	var out []string
	collect := func(root *yamlfile.Node) {
		if root == nil || root.Kind != yamlfile.Mapping {
			return
		}
		for _, j := range root.Children {
			if strings.HasPrefix(j.Key, ".") && !seen[j.Key] {
				seen[j.Key] = true
				out = append(out, j.Key)
			}
		}
	}
	root := s.currentRoot(snap, 0)
	collect(root)
	if root != nil && filepath.IsAbs(snap.path) {
		repo := s.repoRoot(snap.path)
		var paths []string
		walkNodes(root.Child("include"), func(n, parent *yamlfile.Node) {
			if v, ok := n.String(); ok && (n.Key == "local" || (!n.HasKey && parent != nil && parent.Key == "include") || (n.HasKey && n.Key == "include")) && !strings.Contains(v, "://") {
				paths = append(paths, filepath.Join(repo, filepath.FromSlash(strings.TrimPrefix(v, "/"))))
			}
		})
		for i, p := range paths {
			if i >= 20 {
				break
			}
			if src, err := readBounded(p, maxIndexFileSize); err == nil && len(src) <= maxIndexFileSize {
				f := yamlfile.Parse(p, src, yamlfile.Options{})
				for _, d := range f.Docs {
					collect(d.Root)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// composeServices are the services of the compose file, without the one
// the cursor is in.
func (s *Server) composeServices(snap *snapshot, c lineContext) []string {
	root := s.currentRoot(snap, c.start)
	if root == nil {
		return nil
	}
	services := root.Child("services")
	if services == nil || services.Kind != yamlfile.Mapping {
		return nil
	}
	self := ""
	for i, p := range c.parents {
		if p == "services" && i > 0 {
			self = c.parents[i-1]
		}
	}
	var out []string
	for _, svc := range services.Children {
		if svc.Key != self {
			out = append(out, svc.Key)
		}
	}
	return out
}

// siblingValue finds "key: value" among the lines at the cursor line's
// indentation next to it (the name beside a configMapKeyRef's key).
func siblingValue(snap *snapshot, off int, key string) string {
	line := snap.lines.Line(off)
	cur := string(snap.lines.LineText(line))
	indent := len(cur) - len(strings.TrimLeft(cur, " "))
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*:\s*["']?([^\s"'#]+)`)
	for _, dir := range []int{-1, 1} {
		for l := line + dir; l >= 0 && l < snap.lines.Lines(); l += dir {
			t := strings.TrimRight(string(snap.lines.LineText(l)), "\r\n")
			if strings.TrimSpace(t) == "" {
				continue
			}
			in := len(t) - len(strings.TrimLeft(t, " "))
			if in != indent {
				break
			}
			if m := re.FindStringSubmatch(t); m != nil {
				return m[1]
			}
		}
	}
	return ""
}
