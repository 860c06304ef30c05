package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type sampleOptions struct {
	Max    int           `yaml:"max" doc:"longest"`
	Ratio  float64       `yaml:"ratio"`
	On     bool          `yaml:"on"`
	Type   string        `yaml:"type" enum:"unix,dos"`
	Names  []string      `yaml:"names"`
	Truthy []string      `yaml:"truthy" enum:"yes,no"`
	Forbid BoolOrKeyword `yaml:"forbid" enum:"non-empty" yamllint:"true"`
	Spaces IntOrKeyword  `yaml:"spaces" enum:"consistent"`
	hidden int
}

func (o *sampleOptions) Validate() error {
	if o.Max < 0 && o.On {
		return errors.New("max < 0 with on")
	}
	return nil
}

func sampleRule() *Rule {
	r := &Rule{ID: "x-sample", Options: &sampleOptions{Max: 80, Type: "unix", Names: []string{"a"}, Spaces: IntOrKeyword{Keyword: "consistent"}}}
	r.options = declareOptions(r.ID, r.Options)
	return r
}

func TestDeclareOptions(t *testing.T) {
	r := sampleRule()
	var got []string
	for _, o := range r.OptionList() {
		got = append(got, o.Name+"="+optString(o.Default))
	}
	want := "max=80 ratio=0 on=false type=unix names=[a] truthy=[] forbid=false spaces=consistent"
	if strings.Join(got, " ") != want {
		t.Errorf("declared %q\nwant     %q", strings.Join(got, " "), want)
	}
	if o, _ := r.Option("forbid"); o.YamllintDefault != true || o.Kind != KindBoolOrKeyword {
		t.Errorf("forbid = %+v", o)
	}
	if o, _ := r.Option("max"); o.Doc != "longest" {
		t.Errorf("max doc = %q", o.Doc)
	}
}

func optString(v any) string {
	if s, ok := v.([]string); ok {
		return "[" + strings.Join(s, ",") + "]"
	}
	return fmt.Sprint(v)
}

func TestDecodeOptions(t *testing.T) {
	r := sampleRule()
	v, err := r.DecodeOptions(map[string]any{
		"max": int64(100), "ratio": int64(2), "on": true, "type": "dos", "names": []any{"x", "y"},
		"truthy": []any{"yes"}, "forbid": "non-empty", "spaces": uint64(4),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := v.(*sampleOptions)
	want := &sampleOptions{Max: 100, Ratio: 2, On: true, Type: "dos", Names: []string{"x", "y"}, Truthy: []string{"yes"},
		Forbid: BoolOrKeyword{Keyword: "non-empty"}, Spaces: IntOrKeyword{Int: 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v\nwant    %+v", got, want)
	}
	// The declaration (defaults) is never changed by decoding.
	if d := r.Options.(*sampleOptions); d.Max != 80 || d.Names[0] != "a" {
		t.Errorf("defaults changed: %+v", d)
	}
	if v, err := r.DecodeOptions(nil); err != nil || v != r.Options {
		t.Errorf("no values: %v, %v", v, err)
	}
}

func TestDecodeOptionsErrors(t *testing.T) {
	r := sampleRule()
	v, err := r.DecodeOptions(map[string]any{
		"max": "wide", "ratio": "x", "on": "yes", "type": "mac", "names": []any{1}, "truthy": []any{"maybe"},
		"forbid": "sometimes", "spaces": 2.5, "bogus": 1,
	})
	var msgs []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		`option "bogus": unknown option`,
		`option "forbid": want true, false or non-empty`,
		`option "max": want an integer`,
		`option "names": want a list of strings`,
		`option "on": want true or false`,
		`option "ratio": want a number`,
		`option "spaces": want an integer or consistent`,
		`option "truthy": "maybe" is not one of yes, no`,
		`option "type": want unix or dos`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// Bad values keep their defaults.
	if o := v.(*sampleOptions); o.Max != 80 || o.Type != "unix" {
		t.Errorf("after errors: %+v", o)
	}
	// Cross-option check.
	_, err = r.DecodeOptions(map[string]any{"max": int64(-1), "on": true})
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Option != "" || oe.Msg != "max < 0 with on" {
		t.Errorf("Validate: %v", err)
	}
}

func TestDeclareOptionsRejectsMalformed(t *testing.T) {
	for name, v := range map[string]any{
		"not a pointer": sampleOptions{},
		"unsupported type": &struct {
			M map[string]int `yaml:"m"`
		}{},
		"union without enum": &struct {
			F BoolOrKeyword `yaml:"f"`
		}{},
		"bad yamllint value": &struct {
			N int `yaml:"n" yamllint:"many"`
		}{},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			declareOptions("x", v)
		}()
	}
}

func TestNewPassRefusesUndecodedOptions(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewPass accepted a map of options")
		}
	}()
	NewPass(sampleRule(), nil, nil, map[string]any{"max": 3}, 0, nil)
}

// Every registered rule's declaration is well formed (Register would have
// panicked otherwise) and documents each option.
func TestRegisteredOptionsDocumented(t *testing.T) {
	for _, r := range All() {
		for _, o := range r.OptionList() {
			if strings.TrimSpace(o.Doc) == "" {
				t.Errorf("%s: option %s has no doc tag", r.ID, o.Name)
			}
		}
	}
}
