package yamlfile

// MaxDepth is how deeply collections may nest in a document. The parser's
// time and memory grow with the square of the depth (50,000 nested "["
// took 20 s and 4.5 GB) and every later check recurses once per level, so
// a deeper document is reported and not parsed. Real files stay far below:
// Kubernetes CRD schemas, the deepest in the corpus, nest about 30 levels.
const MaxDepth = 1000

// depthExceeded scans a document's text once, before the parser sees it,
// and returns the offset of the first place where collections nest deeper
// than limit, or -1. It counts open flow collections ("[", "{") and block
// levels: each deeper indentation, and each "- " or "? " that opens a
// collection on the same line ("- - - x"). Quoted scalars, comments and
// block scalar contents are skipped. It over-estimates rather than misses:
// a block level is counted for every deeper indentation even where YAML
// would not open a collection (a plain scalar continued on the next line).
func depthExceeded(src []byte, limit int) int {
	var (
		indents   []int // columns of the open block levels
		flow      int   // open flow collections
		quote     byte  // the quote of a scalar continuing on the next line
		blockFrom = -1  // a block scalar's content: lines indented deeper
	)
	for lineStart := 0; lineStart < len(src); {
		lineEnd := lineStart
		for lineEnd < len(src) && src[lineEnd] != '\n' {
			lineEnd++
		}
		line := src[lineStart:lineEnd]
		next := lineEnd + 1
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		blank := isBlank(line) || (indent < len(line) && line[indent] == '#')
		switch {
		case blockFrom >= 0 && (blank || indent > blockFrom):
			lineStart = next
			continue
		case blank && quote == 0:
			lineStart = next
			continue
		}
		blockFrom = -1
		i := 0
		if quote == 0 && flow == 0 {
			for len(indents) > 0 && indents[len(indents)-1] >= indent {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, indent)
			i = indent
			// "- - - x", "? - x": each indicator opens a level.
			if len(indents) > limit {
				return lineStart + indent
			}
			for i+1 < len(line) && (line[i] == '-' || line[i] == '?') && (line[i+1] == ' ' || line[i+1] == '\t') {
				if len(indents) > limit {
					return lineStart + i
				}
				i += 2
				for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
					i++
				}
				indents = append(indents, i)
			}
		}
		// valueStart tells whether line[i] begins a scalar or collection,
		// where a quote or "[" / "{" is an indicator, not text.
		valueStart := true
		for ; i < len(line); i++ {
			c := line[i]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					i++
				case c == quote && quote == '\'' && i+1 < len(line) && line[i+1] == '\'':
					i++
				case c == quote:
					quote = 0
					valueStart = false
				}
				continue
			}
			switch {
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				i = len(line)
				continue
			case c == ' ' || c == '\t':
				continue
			case (c == '"' || c == '\'') && valueStart:
				quote = c
				continue
			case (c == '[' || c == '{') && (valueStart || flow > 0):
				flow++
				if max(len(indents)-1, 0)+flow > limit {
					return lineStart + i
				}
				valueStart = true
				continue
			case (c == ']' || c == '}') && flow > 0:
				flow--
				valueStart = false
				continue
			case c == ',' && flow > 0:
				valueStart = true
				continue
			case c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || (flow > 0 && (line[i+1] == ',' || line[i+1] == ']' || line[i+1] == '}'))):
				valueStart = true
				continue
			case (c == '|' || c == '>') && valueStart && flow == 0:
				if isBlockScalarHeader(line[:len(trimComment(line))]) {
					blockFrom = indent
					i = len(line)
					continue
				}
			case (c == '&' || c == '!') && valueStart:
				// an anchor or tag: the value starts after it
				for i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
					i++
				}
				continue
			}
			valueStart = false
		}
		lineStart = next
	}
	return -1
}

// trimComment returns line without a trailing " # comment" (a rough cut:
// only used to recognise a block scalar header).
func trimComment(line []byte) []byte {
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}
