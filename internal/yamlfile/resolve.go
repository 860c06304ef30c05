package yamlfile

// Resolving scalar values with the YAML 1.2 core schema, and custom tag declarations.

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// resolveTagged applies a standard tag; unknown tags keep the untagged value.
func resolveTagged(tag, raw string, untagged any) any {
	name := strings.TrimPrefix(strings.TrimPrefix(tag, "tag:yaml.org,2002:"), "!!")
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		if tag == "!" {
			return raw
		}
		return untagged
	}
	switch name {
	case "str", "binary", "timestamp":
		return raw
	case "int":
		if v, ok := resolveInt(raw); ok {
			return v
		}
	case "float":
		if v, ok := resolveInt(raw); ok {
			switch i := v.(type) {
			case int64:
				return float64(i)
			}
		}
		if v, ok := resolveFloat(raw); ok {
			return v
		}
	case "bool":
		if v, ok := resolveBool(raw); ok {
			return v
		}
	case "null":
		return nil
	}
	return untagged
}

// resolvePlain resolves a plain scalar by the YAML 1.2 core schema.
func resolvePlain(s string) any {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	}
	if b, ok := resolveBool(s); ok {
		return b
	}
	c := s[0]
	if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' {
		if v, ok := resolveInt(s); ok {
			return v
		}
		if v, ok := resolveFloat(s); ok {
			return v
		}
	}
	return s
}

func resolveBool(s string) (bool, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

func resolveInt(s string) (any, bool) {
	body := s
	if len(body) > 0 && (body[0] == '-' || body[0] == '+') {
		body = body[1:]
	}
	if body == "" {
		return nil, false
	}
	base := 10
	switch {
	case strings.HasPrefix(s, "0o"):
		base, body = 8, s[2:]
	case strings.HasPrefix(s, "0x"):
		base, body = 16, s[2:]
	}
	if body == "" {
		return nil, false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		ok := c >= '0' && c <= '9'
		if base == 8 {
			ok = c >= '0' && c <= '7'
		} else if base == 16 {
			ok = ok || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		}
		if !ok {
			return nil, false
		}
	}
	if base == 10 {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v, true
		}
		return json.Number(strings.TrimPrefix(s, "+")), true
	}
	v, err := strconv.ParseInt(body, base, 64)
	if err != nil {
		return nil, false
	}
	return v, true
}

func resolveFloat(s string) (any, bool) {
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), true
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), true
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), true
	}
	// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return nil, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return nil, false
		}
	}
	if i != len(s) {
		return nil, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return v, true
}

func parseCustomTags(decls []string) map[string]Kind {
	if len(decls) == 0 {
		return nil
	}
	m := make(map[string]Kind, len(decls))
	for _, d := range decls {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		k := Null
		if len(fields) > 1 {
			switch fields[1] {
			case "scalar":
				k = Scalar
			case "sequence":
				k = Sequence
			case "mapping":
				k = Mapping
			}
		}
		m[fields[0]] = k
	}
	return m
}
