package kube

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// decodeBundle decodes a bundle's header fields and splits its
// definitions into raw JSON without decoding them. encoding/json spent
// 10 ms of every run validating all ~850 definitions of a release to
// keep them raw, when a run reaches a few dozen: here the definitions
// object is only scanned for where each value ends, and a definition is
// decoded (and so validated) when a kind first reaches it (bundle.def).
// The bundles are generated and their content is checked against
// MANIFEST by the generator's test.
func decodeBundle(data []byte) (*bundle, error) {
	b := &bundle{}
	end, err := skipValue(data, skipSpace(data, 0))
	if err != nil {
		return nil, err
	}
	if i := skipSpace(data, end); i != len(data) {
		return nil, fmt.Errorf("%w: data after the object at byte %d", errBundleSyntax, i)
	}
	err = eachMember(data, func(key string, val []byte) error {
		switch key {
		case "version":
			return json.Unmarshal(val, &b.Version)
		case "source":
			return json.Unmarshal(val, &b.Source)
		case "kinds":
			return json.Unmarshal(val, &b.Kinds)
		case "definitions":
			b.Definitions = make(map[string]json.RawMessage, 1024)
			return eachMember(val, func(name string, def []byte) error {
				b.Definitions[name] = def
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

var errBundleSyntax = errors.New("malformed bundle")

// eachMember calls fn with each member of the JSON object in data (leading
// and trailing whitespace allowed): the decoded key and the value's raw
// bytes.
func eachMember(data []byte, fn func(key string, val []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return fmt.Errorf("%w: want an object at byte %d", errBundleSyntax, i)
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return fmt.Errorf("%w: want a key at byte %d", errBundleSyntax, i)
		}
		end, err := skipValue(data, i)
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(data[i:end], &key); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("%w: want ':' at byte %d", errBundleSyntax, i)
		}
		i = skipSpace(data, i+1)
		end, err = skipValue(data, i)
		if err != nil {
			return err
		}
		if err := fn(key, data[i:end]); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
			continue
		}
		if i < len(data) && data[i] == '}' {
			return nil
		}
		return fmt.Errorf("%w: want ',' or '}' at byte %d", errBundleSyntax, i)
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at data[i]: a
// string, an object or array (nesting counted, strings inside skipped), or
// a literal (up to the next delimiter).
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, fmt.Errorf("%w: want a value at byte %d", errBundleSyntax, i)
	}
	depth := 0
	for j := i; j < len(data); j++ {
		switch c := data[j]; c {
		case '"':
			end := stringEnd(data, j)
			if end < 0 {
				return 0, fmt.Errorf("%w: unterminated string at byte %d", errBundleSyntax, i)
			}
			j = end
			if depth == 0 {
				return j + 1, nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 && j > i {
				return j, nil // a literal ends at its parent's close
			}
			depth--
			if depth < 0 {
				return 0, fmt.Errorf("%w: unexpected %q at byte %d", errBundleSyntax, c, j)
			}
			if depth == 0 {
				return j + 1, nil
			}
		case ',', ' ', '\n', '\t', '\r', ':':
			if depth == 0 {
				if j == i {
					return 0, fmt.Errorf("%w: want a value at byte %d", errBundleSyntax, i)
				}
				return j, nil
			}
		}
	}
	if depth != 0 {
		return 0, fmt.Errorf("%w: unterminated value at byte %d", errBundleSyntax, i)
	}
	return len(data), nil
}

// stringEnd returns the index of the quote closing the string whose
// opening quote is at data[open], or -1. Descriptions make most of a
// bundle, so the quote is searched for with bytes.IndexByte and an
// escaped one (after an odd run of backslashes) skipped.
func stringEnd(data []byte, open int) int {
	for j := open + 1; ; {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		n := 0
		for b := q - 1; b > open && data[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		j = q + 1
	}
}
