package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Option values come from YAML config decoding (int64, uint64, int, float64,
// bool, string, []any) or from rule defaults (Go literals); these helpers
// read them defensively and fall back to def when the value has the wrong
// type.

func intOpt(p *Pass, name string, def int) int {
	if v, ok := toInt(p.Options[name]); ok {
		return v
	}
	return def
}

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case int32:
		return int(x), true
	case uint64:
		return int(x), true
	case uint32:
		return int(x), true
	case uint:
		return int(x), true
	case float64:
		if x == float64(int(x)) {
			return int(x), true
		}
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(x)); err == nil {
			return n, true
		}
	}
	return 0, false
}

func boolOpt(p *Pass, name string, def bool) bool {
	switch x := p.Options[name].(type) {
	case bool:
		return x
	case string:
		switch strings.ToLower(x) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off":
			return false
		}
	}
	return def
}

func stringOpt(p *Pass, name, def string) string {
	if s, ok := p.Options[name].(string); ok {
		return s
	}
	return def
}

// stringsOpt reads a list of strings; a single string counts as a list of one.
func stringsOpt(p *Pass, name string, def []string) []string {
	switch x := p.Options[name].(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string:
		return []string{x}
	}
	return def
}

// rawOpt returns an option whose value may be of several types (a bool or
// a keyword, an int or "consistent"), normalising numbers to int.
func rawOpt(p *Pass, name string, def any) any {
	v, ok := p.Options[name]
	if !ok || v == nil {
		return def
	}
	if n, ok := toInt(v); ok {
		if _, isStr := v.(string); !isStr {
			return n
		}
	}
	return v
}
