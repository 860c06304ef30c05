package yamlfile

// Converting goccy's AST into Node trees: mappings (with merge keys), sequences, aliases and tags.

import (
	"encoding/json"
	"fmt"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/yamlint/yamlint/internal/diag"
)

// convert turns a goccy node into a Node. flow tells whether n sits inside a
// flow collection, where ",", "]" and "}" end plain scalars.
func (p *parser) convert(n ast.Node, flow bool) *Node {
	switch n := n.(type) {
	case nil:
		return nil
	case *ast.DocumentNode:
		return p.convert(n.Body, flow)
	case *ast.MappingNode:
		return p.mapping(n, n.Values, n.IsFlowStyle || flow, n.IsFlowStyle)
	case *ast.MappingValueNode:
		return p.mapping(nil, []*ast.MappingValueNode{n}, flow, false)
	case *ast.SequenceNode:
		return p.sequence(n, flow)
	case *ast.AnchorNode:
		v := p.convert(n.Value, flow)
		start := p.offset(n.Start)
		if v == nil {
			v = &Node{Kind: Null, Range: p.clamp(diag.Range{Start: start, End: start + 1 + len(anchorName(n))}), size: 1}
		} else {
			v.Range.Start = start
			v.Range.End = max(v.Range.End, start) // see the tag's case
		}
		p.anchors[anchorName(n)] = v
		return v
	case *ast.AliasNode:
		return p.alias(n)
	case *ast.TagNode:
		return p.tagged(n, flow)
	case *ast.LiteralNode:
		return p.blockScalar(n)
	case *ast.MappingKeyNode:
		return p.convert(n.Value, flow)
	case *ast.CommentGroupNode, *ast.CommentNode, *ast.DirectiveNode:
		return nil
	case ast.ScalarNode:
		return p.scalar(n, "", flow)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return nil
	}
	start := p.offset(tk)
	return &Node{Kind: Scalar, Range: diag.Range{Start: start, End: start + len(tk.Value)}, Value: tk.Value, size: 1}
}

func anchorName(n *ast.AnchorNode) string {
	if n.Name == nil {
		return ""
	}
	return n.Name.GetToken().Value
}

func (p *parser) alias(n *ast.AliasNode) *Node {
	start := p.offset(n.Start)
	name := ""
	if n.Value != nil {
		name = n.Value.GetToken().Value
	}
	rng := p.clamp(diag.Range{Start: start, End: start + 1 + len(name)})
	target := p.anchors[name]
	if target == nil {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: rng, Severity: diag.SeverityError, Code: "syntax",
			Message: fmt.Sprintf("alias *%s refers to no anchor defined before it", name),
		})
		return &Node{Kind: Null, Range: rng, Alias: true, size: 1}
	}
	p.aliasNodes = satAdd(p.aliasNodes, target.size)
	c := *target
	c.Range = rng
	c.Alias = true
	c.Key, c.KeyRange, c.HasKey = "", diag.Range{}, false
	return &c
}

func (p *parser) tagged(n *ast.TagNode, flow bool) *Node {
	tag := n.Start.Value
	start := p.offset(n.Start)
	var v *Node
	switch n.Value.(type) {
	case *ast.LiteralNode, *ast.AnchorNode, *ast.AliasNode, *ast.TagNode:
	default:
		if sc, ok := n.Value.(ast.ScalarNode); ok {
			v = p.scalar(sc, tag, flow)
		}
	}
	if v == nil {
		v = p.convert(n.Value, flow)
	}
	if v == nil {
		v = &Node{Kind: Null, Range: diag.Range{Start: start, End: start + len(tag)}, size: 1}
		if isStrTag(tag) || tag == "!" {
			v.Kind, v.Value = Scalar, ""
		}
	}
	v.Tag = tag
	v.Range.Start = start
	// The parser can place a value before its own tag ("t: ! t"): the
	// range must not end before it starts (found by FuzzParse).
	v.Range.End = max(v.Range.End, start)
	if want, declared := p.tags[tag]; declared && want != Null && want != v.Kind {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: diag.Range{Start: start, End: start + len(tag)}, Severity: diag.SeverityError, Code: "custom-tags",
			Message: fmt.Sprintf("tag %s is declared for a %s, not a %s", tag, want, v.Kind),
		})
	}
	return v
}

func isStrTag(tag string) bool { return tag == "!!str" || tag == "tag:yaml.org,2002:str" }

func (p *parser) mapping(n *ast.MappingNode, values []*ast.MappingValueNode, flow, flowStyle bool) *Node {
	node := &Node{Kind: Mapping, Style: Block, size: 1}
	if flowStyle {
		node.Style = Flow
	}
	m := make(map[string]any, len(values))
	seen := make(map[string]int, len(values))
	var merges []*Node
	node.Range = diag.Range{Start: -1, End: -1}
	for _, mv := range values {
		if mv == nil {
			continue
		}
		if node.Range.Start < 0 && mv.Key != nil {
			if tk := mv.Key.GetToken(); tk != nil && tk.Position != nil {
				node.Range.Start = p.offset(tk)
			}
		}
		if isMergeKey(mv.Key) {
			srcs, end := p.mergeSources(mv, flow)
			merges = append(merges, srcs...)
			node.Range.End = max(node.Range.End, end)
			continue
		}
		key, keyRange := p.key(mv.Key, flow)
		val := p.convert(mv.Value, flow)
		if val == nil {
			at := keyRange.End
			if mv.Start != nil && mv.Start.Position != nil {
				at = p.offset(mv.Start) + 1
			}
			val = &Node{Kind: Null, Range: diag.Range{Start: at, End: at}, size: 1}
		} else if val.Alias {
			c := *val
			val = &c
		}
		val.Key, val.KeyRange, val.HasKey = key, keyRange, true
		if i, dup := seen[key]; dup {
			first := p.file.Lines.Position(node.Children[i].KeyRange.Start)
			p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
				Range: keyRange, Severity: diag.SeverityError, Code: "duplicate-key",
				Message: fmt.Sprintf("duplicate key %q (first defined at line %d)", key, first.Line),
			})
			node.size -= node.Children[i].size
			node.Children[i] = val // the last one wins, as in most loaders
		} else {
			seen[key] = len(node.Children)
			node.Children = append(node.Children, val)
		}
		node.size = satAdd(node.size, val.size)
		m[key] = val.Value
		node.Range.End = max(node.Range.End, val.Range.End, keyRange.End)
	}
	// Merge keys: explicit keys win; among merged mappings the first wins.
	for _, src := range merges {
		for _, c := range src.Children {
			if _, ok := seen[c.Key]; ok {
				continue
			}
			seen[c.Key] = len(node.Children)
			node.Children = append(node.Children, c)
			node.size = satAdd(node.size, c.size)
			m[c.Key] = c.Value
		}
	}
	node.Value = m
	p.setCollectionRange(node, n)
	return node
}

func (p *parser) setCollectionRange(node *Node, n *ast.MappingNode) {
	if n != nil && n.IsFlowStyle && n.Start != nil && n.Start.Position != nil {
		node.Range.Start = p.offset(n.Start)
		if n.End != nil && n.End.Position != nil {
			node.Range.End = p.offset(n.End) + 1
		}
		return
	}
	if node.Range.Start < 0 {
		node.Range.Start = 0
		if n != nil && n.Start != nil && n.Start.Position != nil {
			node.Range.Start = p.offset(n.Start)
		}
	}
	if node.Range.End < node.Range.Start {
		node.Range.End = node.Range.Start
	}
}

func isMergeKey(k ast.MapKeyNode) bool {
	if _, ok := k.(*ast.MergeKeyNode); ok {
		return true
	}
	return false
}

func (p *parser) mergeSources(mv *ast.MappingValueNode, flow bool) ([]*Node, int) {
	v := p.convert(mv.Value, flow)
	if v == nil {
		return nil, -1
	}
	var out []*Node
	bad := false
	switch v.Kind {
	case Mapping:
		out = append(out, v)
	case Sequence:
		for _, c := range v.Children {
			if c.Kind == Mapping {
				out = append(out, c)
			} else {
				bad = true
			}
		}
	default:
		bad = true
	}
	if bad {
		p.file.Syntax = append(p.file.Syntax, diag.Diagnostic{
			Range: v.Range, Severity: diag.SeverityError, Code: "syntax",
			Message: "a merge key (<<) takes a mapping or a list of mappings",
		})
	}
	return out, v.Range.End
}

// key returns the JSON object key for a mapping key and its range.
func (p *parser) key(k ast.MapKeyNode, flow bool) (string, diag.Range) {
	var n ast.Node = k
	if mk, ok := n.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	if n == nil {
		return "", diag.Range{}
	}
	switch n.(type) {
	case *ast.TagNode, *ast.AnchorNode, *ast.AliasNode, *ast.LiteralNode:
		// tagged, anchored or block keys take the general path below
	default:
		sc, ok := n.(ast.ScalarNode)
		if ok {
			tk := sc.GetToken()
			if tk != nil && tk.Position != nil {
				start := p.offset(tk)
				return tk.Value, diag.Range{Start: start, End: p.scalarEnd(start, styleOf(tk), true)}
			}
		}
	}
	// Tagged, anchored or complex keys: use the converted value's text.
	v := p.convert(n, flow)
	if v == nil {
		return "", diag.Range{}
	}
	switch val := v.Value.(type) {
	case string:
		return val, v.Range
	case nil:
		return "null", v.Range
	default:
		b, _ := json.Marshal(val)
		return string(b), v.Range
	}
}

func styleOf(tk *token.Token) Style {
	switch tk.Type {
	case token.SingleQuoteType:
		return SingleQuoted
	case token.DoubleQuoteType:
		return DoubleQuoted
	}
	return Plain
}

func (p *parser) sequence(n *ast.SequenceNode, flow bool) *Node {
	node := &Node{Kind: Sequence, Style: Block, size: 1}
	inFlow := flow || n.IsFlowStyle
	if n.IsFlowStyle {
		node.Style = Flow
	}
	vals := make([]any, 0, len(n.Values))
	for _, item := range n.Values {
		v := p.convert(item, inFlow)
		if v == nil {
			at := 0
			if n.Start != nil && n.Start.Position != nil {
				at = p.offset(n.Start) + 1
			}
			v = &Node{Kind: Null, Range: diag.Range{Start: at, End: at}, size: 1}
		} else if v.Alias {
			c := *v
			v = &c
		}
		node.Children = append(node.Children, v)
		node.size = satAdd(node.size, v.size)
		vals = append(vals, v.Value)
	}
	node.Value = vals
	if n.Start != nil && n.Start.Position != nil {
		node.Range.Start = p.offset(n.Start)
	}
	switch {
	case n.IsFlowStyle && n.End != nil && n.End.Position != nil:
		node.Range.End = p.offset(n.End) + 1
	case len(node.Children) > 0:
		node.Range.End = node.Children[len(node.Children)-1].Range.End
	default:
		node.Range.End = node.Range.Start + 1
	}
	return node
}
