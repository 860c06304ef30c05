package yamlfile

import "strconv"

// Lookup returns the node at path (object keys and decimal array indexes,
// as in a JSON pointer's unescaped segments), or the deepest node found on
// the way and false when the path leaves the tree.
func (d *Document) Lookup(path []string) (*Node, bool) {
	n := d.Root
	if n == nil {
		return nil, len(path) == 0
	}
	for _, seg := range path {
		var next *Node
		switch n.Kind {
		case Mapping:
			next = n.Child(seg)
		case Sequence:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Children) {
				next = n.Children[i]
			}
		}
		if next == nil {
			return n, false
		}
		n = next
	}
	return n, true
}

// NodeAt returns the innermost node whose key or value range holds offset,
// with its path from the root. onKey tells whether offset is on the key.
func (d *Document) NodeAt(offset int) (n *Node, path []string, onKey bool) {
	n = d.Root
	if n == nil || offset < n.Range.Start || offset > n.Range.End {
		return nil, nil, false
	}
	for {
		var next *Node
		var seg string
		for i, c := range n.Children {
			if c.Alias && !c.HasKey {
				continue
			}
			inKey := c.HasKey && offset >= c.KeyRange.Start && offset <= c.KeyRange.End
			inVal := offset >= c.Range.Start && offset <= c.Range.End && c.Range.Start >= n.Range.Start
			if !inKey && !inVal {
				continue
			}
			next = c
			onKey = inKey && !inVal
			if n.Kind == Mapping {
				seg = c.Key
			} else {
				seg = strconv.Itoa(i)
			}
			break
		}
		if next == nil {
			return n, path, onKey
		}
		path = append(path, seg)
		n = next
		if onKey || n.Alias {
			return n, path, onKey
		}
	}
}
