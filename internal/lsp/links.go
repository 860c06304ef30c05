package lsp

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/yamlint/yamlint/internal/diag"
	"github.com/yamlint/yamlint/internal/schemas"
	"github.com/yamlint/yamlint/internal/yamlfile"
)

// documentLinks makes clickable: the modeline's $schema= target, $ref
// values in schemas written in YAML (local "#/..." pointers go to the line
// they point at), local files a pipeline includes (GitLab include:,
// Azure template:, GitHub uses: ./path), kustomization resources, and a
// Helm chart's values.schema.json from its values file. Only files that
// exist locally are linked (and http(s) schema URLs, which the editor
// opens, never the server).
func (s *Server) documentLinks(ctx context.Context, snap *snapshot) (any, error) {
	out := []protocol.DocumentLink{}
	if snap.doc == nil {
		return out, nil
	}
	f, _ := s.parsed(snap)
	dir := filepath.Dir(snap.path)
	local := filepath.IsAbs(snap.path)
	link := func(r diag.Range, target, tip string) {
		out = append(out, protocol.DocumentLink{Range: toRange(snap.lines, r), Target: protocol.DocumentURI(target), Tooltip: tip})
	}
	// fileLink links r to path (relative to base) when it exists; a
	// directory links to the file in it named by one of index.
	fileLink := func(r diag.Range, base, p string, index ...string) {
		if !local || p == "" || strings.Contains(p, "://") {
			return
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, filepath.FromSlash(p))
		}
		st, err := os.Stat(p)
		if err != nil {
			return
		}
		if st.IsDir() {
			found := false
			for _, n := range index {
				if _, err := os.Stat(filepath.Join(p, n)); err == nil {
					p, found = filepath.Join(p, n), true
					break
				}
			}
			if !found {
				return
			}
		}
		link(r, fileURI(p), p)
	}

	if ref, rng, ok := schemas.Modeline(f); ok {
		// Point at the target inside the comment.
		if i := strings.Index(string(snap.text[rng.Start:rng.End]), ref); i >= 0 {
			r := diag.Range{Start: rng.Start + i, End: rng.Start + i + len(ref)}
			switch {
			case strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://"):
				link(r, ref, "schema "+ref)
			default:
				fileLink(r, dir, strings.TrimPrefix(ref, "file://"))
			}
		}
	}

	base := filepath.Base(snap.path)
	root := s.repoRoot(snap.path)
	for _, d := range f.Docs {
		if d.Root == nil {
			continue
		}
		walkNodes(d.Root, func(n *yamlfile.Node, parent *yamlfile.Node) {
			v, isStr := n.String()
			if !isStr || n.Kind != yamlfile.Scalar || !n.HasKey && parent == nil {
				return
			}
			key := n.Key
			if !n.HasKey && parent != nil {
				key = parent.Key // a list item: the list's key
			}
			r := valueRange(snap.text, n)
			switch {
			case key == "$ref" && n.HasKey:
				target, frag, _ := strings.Cut(v, "#")
				if target == "" {
					if line, ok := pointerLine(d.Root, frag, snap.lines.Line); ok {
						link(r, string(snap.uri)+"#L"+strconv.Itoa(line+1), "#"+frag)
					}
					return
				}
				if strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") {
					link(r, v, v)
					return
				}
				fileLink(r, dir, target)
			case key == "uses" && n.HasKey && strings.HasPrefix(v, "./"):
				// GitHub: a local action directory or reusable workflow,
				// relative to the repository root.
				fileLink(r, root, strings.SplitN(v, "@", 2)[0], "action.yml", "action.yaml")
			case key == "local" && n.HasKey && isGitLabInclude(parent):
				fileLink(r, root, strings.TrimPrefix(v, "/"))
			case key == "include" && isGitLab(base) && !strings.Contains(v, "://"):
				fileLink(r, root, strings.TrimPrefix(v, "/"))
			case key == "template" && n.HasKey && !strings.Contains(v, "@"):
				// Azure Pipelines templates, relative to the including file
				// (or to the repository root when they start with "/").
				if strings.HasPrefix(v, "/") {
					fileLink(r, root, strings.TrimPrefix(v, "/"))
				} else {
					fileLink(r, dir, v)
				}
			case isKustomization(base) && !n.HasKey && (key == "resources" || key == "bases" || key == "components" ||
				key == "patchesStrategicMerge" || key == "crds"):
				fileLink(r, dir, v, "kustomization.yaml", "kustomization.yml", "Kustomization")
			case isKustomization(base) && key == "path" && n.HasKey:
				fileLink(r, dir, v)
			}
		})
	}

	// Helm: a chart's values file links to the chart's values.schema.json.
	if local && (base == "values.yaml" || base == "values.yml") {
		if _, err := os.Stat(filepath.Join(dir, "Chart.yaml")); err == nil {
			sp := filepath.Join(dir, "values.schema.json")
			if _, err := os.Stat(sp); err == nil && len(f.Docs) > 0 && f.Docs[0].Root != nil {
				first := f.Docs[0].Root
				r := first.Range
				if len(first.Children) > 0 && first.Children[0].HasKey {
					r = first.Children[0].KeyRange
				}
				link(r, fileURI(sp), "values schema: values.schema.json")
			}
		}
	}
	return out, nil
}

// walkNodes calls fn for every node under n (aliases are not followed,
// merged entries not visited twice), with its parent.
func walkNodes(n *yamlfile.Node, fn func(n, parent *yamlfile.Node)) {
	var walk func(n, parent *yamlfile.Node)
	walk = func(n, parent *yamlfile.Node) {
		fn(n, parent)
		if n.Alias {
			return
		}
		for _, c := range n.Children {
			if c.Range.Start >= n.Range.Start && c.Range.End <= n.Range.End {
				walk(c, n)
			}
		}
	}
	walk(n, nil)
}

// valueRange is a scalar's range without its quotes.
func valueRange(src []byte, n *yamlfile.Node) diag.Range {
	r := n.Range
	if (n.Style == yamlfile.SingleQuoted || n.Style == yamlfile.DoubleQuoted) && r.End-r.Start >= 2 {
		r.Start++
		r.End--
	}
	return r
}

// pointerLine resolves a JSON pointer ("/definitions/x") in a document to
// the line of the node it names.
func pointerLine(root *yamlfile.Node, ptr string, lineOf func(int) int) (int, bool) {
	n := root
	if ptr == "" || ptr == "/" {
		return lineOf(n.Range.Start), true
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part, _ = url.PathUnescape(part)
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		var next *yamlfile.Node
		switch n.Kind {
		case yamlfile.Mapping:
			next = n.Child(part)
		case yamlfile.Sequence:
			if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Children) {
				next = n.Children[i]
			}
		}
		if next == nil {
			return 0, false
		}
		n = next
	}
	if n.HasKey {
		return lineOf(n.KeyRange.Start), true
	}
	return lineOf(n.Range.Start), true
}

func isGitLab(base string) bool {
	return base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" || strings.HasSuffix(base, ".gitlab-ci.yml")
}

// isGitLabInclude reports whether a mapping is an item of a GitLab include
// list (it has a local: key; the key's file decides nothing here).
func isGitLabInclude(parent *yamlfile.Node) bool {
	return parent != nil && parent.Kind == yamlfile.Mapping && parent.Child("local") != nil
}

func isKustomization(base string) bool {
	return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization"
}

// repoRoot is the directory holding .git above path, else the workspace
// root, else path's directory.
func (s *Server) repoRoot(path string) string {
	for dir := filepath.Dir(path); ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	if root != "" {
		return root
	}
	return filepath.Dir(path)
}

func fileURI(p string) string {
	return "file://" + filepath.ToSlash(p)
}
