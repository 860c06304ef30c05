package rules

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Typed options: a rule declares its options once, as a struct whose
// registered value holds the defaults:
//
//	type lineLengthOptions struct {
//		Max int `yaml:"max" doc:"maximal length of a line, in characters"`
//	}
//	Register(&Rule{..., Options: &lineLengthOptions{Max: 80}, ...})
//
// and its Check reads p.Options.(*lineLengthOptions). Each exported field
// with a `yaml` tag is an option: the tag is its name, `doc` its one-line
// documentation, `enum` (comma-separated) the keywords a string or a
// BoolOrKeyword/IntOrKeyword option accepts, or the values the items of a
// []string option may take, and `yamllint` yamllint's default when it
// differs from yamlint's (written as YAML: `yamllint:"true"`). Field types:
// bool, int, float64, string, []string, BoolOrKeyword, IntOrKeyword. A
// struct with a Validate() error method gets its cross-option checks run
// after decoding.
//
// The config loader validates a rule's options against this declaration
// (names with "did you mean", types, enums, Validate), the engine decodes
// them once per linter, the config's JSON schema (yamlint-rules.json) and
// the options reference (docs/rule-options.md) are generated from it.

// BoolOrKeyword is an option that is true, false or one of the keywords of
// its field's enum tag (braces' forbid: non-empty).
type BoolOrKeyword struct {
	Keyword string // "" when the value is a boolean
	Bool    bool
}

// Value returns the option as configured: the keyword, else the boolean.
func (v BoolOrKeyword) Value() any {
	if v.Keyword != "" {
		return v.Keyword
	}
	return v.Bool
}

// IntOrKeyword is an option that is an integer or one of the keywords of
// its field's enum tag (indentation's spaces: consistent).
type IntOrKeyword struct {
	Keyword string // "" when the value is an integer
	Int     int
}

// Value returns the option as configured: the keyword, else the integer.
func (v IntOrKeyword) Value() any {
	if v.Keyword != "" {
		return v.Keyword
	}
	return v.Int
}

// OptionKind is the kind of value an option takes.
type OptionKind uint8

// Option kinds.
const (
	KindBool OptionKind = iota
	KindInt
	KindFloat
	KindString  // Enum, when set, lists the accepted values
	KindStrings // a list of strings; Enum, when set, lists the accepted items
	KindBoolOrKeyword
	KindIntOrKeyword
)

// Option is one declared option of a rule.
type Option struct {
	Name string
	Doc  string
	Kind OptionKind
	Enum []string
	// Default is the declared default as a plain value: bool, int,
	// float64, string, []string, or for the unions the keyword or the
	// boolean/integer.
	Default any
	// YamllintDefault is yamllint's default for this option when it
	// differs from Default (nil otherwise).
	YamllintDefault any
	field           int
}

var (
	boolOrKeywordType = reflect.TypeOf(BoolOrKeyword{})
	intOrKeywordType  = reflect.TypeOf(IntOrKeyword{})
)

// declareOptions reads a rule's option struct; it panics on a malformed
// declaration (a programming error, found by any test).
func declareOptions(id string, v any) []Option {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("rules: " + id + ": Options must be a pointer to a struct")
	}
	rv = rv.Elem()
	rt := rv.Type()
	var out []Option
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		name := f.Tag.Get("yaml")
		if name == "" || !f.IsExported() {
			continue
		}
		o := Option{Name: name, Doc: f.Tag.Get("doc"), field: i}
		if e := f.Tag.Get("enum"); e != "" {
			o.Enum = strings.Split(e, ",")
		}
		fv := rv.Field(i)
		switch {
		case f.Type == boolOrKeywordType:
			o.Kind, o.Default = KindBoolOrKeyword, fv.Interface().(BoolOrKeyword).Value()
		case f.Type == intOrKeywordType:
			o.Kind, o.Default = KindIntOrKeyword, fv.Interface().(IntOrKeyword).Value()
		case f.Type.Kind() == reflect.Bool:
			o.Kind, o.Default = KindBool, fv.Bool()
		case f.Type.Kind() == reflect.Int:
			o.Kind, o.Default = KindInt, int(fv.Int())
		case f.Type.Kind() == reflect.Float64:
			o.Kind, o.Default = KindFloat, fv.Float()
		case f.Type.Kind() == reflect.String:
			o.Kind, o.Default = KindString, fv.String()
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			o.Kind, o.Default = KindStrings, append([]string{}, fv.Interface().([]string)...)
		default:
			panic(fmt.Sprintf("rules: %s: option %s has unsupported type %s", id, name, f.Type))
		}
		if (o.Kind == KindBoolOrKeyword || o.Kind == KindIntOrKeyword) && len(o.Enum) == 0 {
			panic(fmt.Sprintf("rules: %s: option %s needs an enum tag", id, name))
		}
		if y, ok := f.Tag.Lookup("yamllint"); ok {
			v, err := o.decode(parseTagValue(y))
			if err != nil {
				panic(fmt.Sprintf("rules: %s: option %s: yamllint default: %v", id, name, err))
			}
			o.YamllintDefault = plain(v)
		}
		out = append(out, o)
	}
	return out
}

// parseTagValue reads a scalar written in a struct tag as YAML would.
func parseTagValue(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	return s
}

// plain turns a decoded field value into the plain form of Option.Default.
func plain(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case BoolOrKeyword:
		return x.Value()
	case IntOrKeyword:
		return x.Value()
	case []string:
		return append([]string{}, x...)
	default:
		return x
	}
}

// OptionList returns the rule's declared options in declaration order.
func (r *Rule) OptionList() []Option { return r.options }

// Option returns the declared option name.
func (r *Rule) Option(name string) (Option, bool) {
	for _, o := range r.options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// OptionNames lists the rule's option names, sorted.
func (r *Rule) OptionNames() []string {
	out := make([]string, len(r.options))
	for i, o := range r.options {
		out[i] = o.Name
	}
	sort.Strings(out)
	return out
}

// Check returns "" when v (a value decoded from a YAML config) is
// acceptable for the option, else what is wanted ("want an integer").
func (o Option) Check(v any) string {
	if _, err := o.decode(v); err != nil {
		return err.Error()
	}
	return ""
}

// asBool accepts only booleans. yamllint reads its config with PyYAML, where
// `yes` is true; yamlint's parser follows YAML 1.2 and hands over the
// string "yes", which is refused (as the config schema does) rather than
// guessed.
func asBool(v any) (bool, bool) {
	b, ok := v.(bool)
	return b, ok
}

func asInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case uint64:
		if x <= math.MaxInt32 {
			return int(x), true
		}
	}
	return 0, false
}

// AsStrings reads a decoded YAML list of strings ([]string or []any of
// strings) as a fresh []string; false for anything else. Config decoding
// uses it too.
func AsStrings(v any) ([]string, bool) {
	switch x := v.(type) {
	case []string:
		return append([]string{}, x...), true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func (o Option) keyword(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	for _, e := range o.Enum {
		if e == s {
			return s, true
		}
	}
	return "", false
}

// decode converts a configured value to the option's field value.
func (o Option) decode(v any) (reflect.Value, error) {
	switch o.Kind {
	case KindBool:
		if b, ok := asBool(v); ok {
			return reflect.ValueOf(b), nil
		}
		return reflect.Value{}, errors.New("want true or false")
	case KindInt:
		if n, ok := asInt(v); ok {
			return reflect.ValueOf(n), nil
		}
		return reflect.Value{}, errors.New("want an integer")
	case KindFloat:
		if n, ok := asInt(v); ok {
			return reflect.ValueOf(float64(n)), nil
		}
		if f, ok := v.(float64); ok {
			return reflect.ValueOf(f), nil
		}
		return reflect.Value{}, errors.New("want a number")
	case KindString:
		s, ok := v.(string)
		if !ok {
			if len(o.Enum) > 0 {
				return reflect.Value{}, fmt.Errorf("want %s", orList(o.Enum))
			}
			return reflect.Value{}, errors.New("want a string")
		}
		if len(o.Enum) > 0 {
			if _, ok := o.keyword(s); !ok {
				return reflect.Value{}, fmt.Errorf("want %s", orList(o.Enum))
			}
		}
		return reflect.ValueOf(s), nil
	case KindStrings:
		items, ok := AsStrings(v)
		if !ok {
			return reflect.Value{}, errors.New("want a list of strings")
		}
		if len(o.Enum) > 0 {
			for _, it := range items {
				if _, ok := o.keyword(it); !ok {
					return reflect.Value{}, fmt.Errorf("%q is not one of %s", it, strings.Join(o.Enum, ", "))
				}
			}
		}
		return reflect.ValueOf(items), nil
	case KindBoolOrKeyword:
		if k, ok := o.keyword(v); ok {
			return reflect.ValueOf(BoolOrKeyword{Keyword: k}), nil
		}
		if b, ok := asBool(v); ok {
			return reflect.ValueOf(BoolOrKeyword{Bool: b}), nil
		}
		return reflect.Value{}, fmt.Errorf("want %s", orList(append([]string{"true", "false"}, o.Enum...)))
	case KindIntOrKeyword:
		if k, ok := o.keyword(v); ok {
			return reflect.ValueOf(IntOrKeyword{Keyword: k}), nil
		}
		if n, ok := asInt(v); ok {
			return reflect.ValueOf(IntOrKeyword{Int: n}), nil
		}
		return reflect.Value{}, fmt.Errorf("want %s", orList(append([]string{"an integer"}, o.Enum...)))
	}
	return reflect.Value{}, fmt.Errorf("unsupported option kind %d", o.Kind)
}

// orList joins ["a", "b", "c"] as "a, b or c".
func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// OptionError is one option that could not be decoded.
type OptionError struct {
	Option string // "" for a cross-option problem (Validate)
	Msg    string
}

func (e *OptionError) Error() string {
	if e.Option == "" {
		return e.Msg
	}
	return fmt.Sprintf("option %q: %s", e.Option, e.Msg)
}

// DecodeOptions returns the rule's options value (a new pointer to its
// option struct) with values overlaid on the declared defaults; nil values
// means the defaults. Values it cannot use are left at their defaults and
// reported in the returned error (errors.Join of *OptionError); the config
// loader reports the same problems with positions before a linter is built.
func (r *Rule) DecodeOptions(values map[string]any) (any, error) {
	if r.Options == nil {
		var errs []error
		for _, name := range sortedKeys(values) {
			errs = append(errs, &OptionError{Option: name, Msg: "unknown option (the rule has no options)"})
		}
		return nil, errors.Join(errs...)
	}
	if len(values) == 0 {
		return r.Options, nil
	}
	dst := reflect.New(reflect.TypeOf(r.Options).Elem())
	dst.Elem().Set(reflect.ValueOf(r.Options).Elem())
	// Slices are shared with the defaults; copy them so a rule can never
	// change its declaration through a decoded value.
	for _, o := range r.options {
		if o.Kind == KindStrings {
			f := dst.Elem().Field(o.field)
			f.Set(reflect.ValueOf(append([]string{}, f.Interface().([]string)...)))
		}
	}
	var errs []error
	for _, name := range sortedKeys(values) {
		o, ok := r.Option(name)
		if !ok {
			errs = append(errs, &OptionError{Option: name, Msg: "unknown option"})
			continue
		}
		fv, err := o.decode(values[name])
		if err != nil {
			errs = append(errs, &OptionError{Option: name, Msg: err.Error()})
			continue
		}
		dst.Elem().Field(o.field).Set(fv)
	}
	if v, ok := dst.Interface().(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			errs = append(errs, &OptionError{Msg: err.Error()})
		}
	}
	return dst.Interface(), errors.Join(errs...)
}

// MustOptions decodes values for r and panics on a problem; for tests and
// for values already validated by the config loader.
func MustOptions(r *Rule, values map[string]any) any {
	v, err := r.DecodeOptions(values)
	if err != nil {
		panic(fmt.Sprintf("rules: %s: %v", r.ID, err))
	}
	return v
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Accepts says in words what values the option takes ("an integer",
// "true, false or non-empty"), for documentation.
func (o Option) Accepts() string {
	switch o.Kind {
	case KindBool:
		return "true or false"
	case KindInt:
		return "an integer"
	case KindFloat:
		return "a number"
	case KindString:
		if len(o.Enum) > 0 {
			return orList(o.Enum)
		}
		return "a string"
	case KindStrings:
		if len(o.Enum) > 0 {
			return "a list of " + orList(o.Enum)
		}
		return "a list of strings"
	case KindBoolOrKeyword:
		return orList(append([]string{"true", "false"}, o.Enum...))
	case KindIntOrKeyword:
		return orList(append([]string{"an integer"}, o.Enum...))
	}
	return ""
}

// JSONSchema returns the JSON schema of the option's value (draft-07),
// with its documentation and default, for the config file's schema.
func (o Option) JSONSchema() map[string]any {
	enum := func(vals []string) []any {
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = v
		}
		return out
	}
	var s map[string]any
	switch o.Kind {
	case KindBool:
		s = map[string]any{"type": "boolean"}
	case KindInt:
		s = map[string]any{"type": "integer"}
	case KindFloat:
		s = map[string]any{"type": "number"}
	case KindString:
		s = map[string]any{"type": "string"}
		if len(o.Enum) > 0 {
			s["enum"] = enum(o.Enum)
		}
	case KindStrings:
		items := map[string]any{"type": "string"}
		if len(o.Enum) > 0 {
			items["enum"] = enum(o.Enum)
		}
		s = map[string]any{"type": "array", "items": items}
	case KindBoolOrKeyword:
		s = map[string]any{"anyOf": []any{map[string]any{"type": "boolean"}, map[string]any{"enum": enum(o.Enum)}}}
	case KindIntOrKeyword:
		s = map[string]any{"anyOf": []any{map[string]any{"type": "integer"}, map[string]any{"enum": enum(o.Enum)}}}
	}
	s["description"] = o.Doc
	s["default"] = o.Default
	return s
}
