package yamlfile

import (
	"sync"

	"github.com/yamlint/yamlint/internal/diag"
)

// Cache remembers the documents parsed from one file's last version, keyed
// by their source text, for ParseCached. It is safe for concurrent use; the
// Files it helped build are never modified afterwards.
type Cache struct {
	mu     sync.Mutex
	chunks map[string]*cachedChunk
	opts   string // the Options the chunks were parsed with
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

type cachedChunk struct {
	start int // where the chunk began in the version it was parsed from
	docs  []*Document
	// aliasNodes is what the chunk's aliases add to the file's budget: it is
	// reused only while the file stays within MaxAliasNodes with it.
	aliasNodes int
}

// reuse returns the chunk's documents placed at start. Documents are copied
// (their Index changes); node trees are shared when the chunk did not move
// and copied with shifted ranges when it did, so earlier Files stay intact.
func (c *cachedChunk) reuse(start int) []*Document {
	delta := start - c.start
	out := make([]*Document, len(c.docs))
	memo := map[*Node]*Node{}
	for i, d := range c.docs {
		nd := *d
		if delta != 0 {
			nd.Range = shiftRange(d.Range, delta)
			nd.Root = shiftNode(d.Root, delta, memo)
		}
		out[i] = &nd
	}
	return out
}

func shiftRange(r diag.Range, d int) diag.Range {
	return diag.Range{Start: r.Start + d, End: r.End + d}
}

// shiftNode copies a node tree moving every range by d. Nodes shared
// through aliases stay shared in the copy.
func shiftNode(n *Node, d int, memo map[*Node]*Node) *Node {
	if n == nil {
		return nil
	}
	if c, ok := memo[n]; ok {
		return c
	}
	c := *n
	memo[n] = &c
	c.Range = shiftRange(n.Range, d)
	if n.HasKey {
		c.KeyRange = shiftRange(n.KeyRange, d)
	}
	if len(n.Children) > 0 {
		c.Children = make([]*Node, len(n.Children))
		for i, ch := range n.Children {
			c.Children[i] = shiftNode(ch, d, memo)
		}
	}
	return &c
}
