package kube

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"
)

// TestDecodeBundleMatchesEncodingJSON: the splitter gives every committed
// bundle the fields and raw definitions encoding/json gives it.
func TestDecodeBundleMatchesEncodingJSON(t *testing.T) {
	x, err := loadIndex()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range x.Versions {
		data := plainGunzip(t, v.File)
		var want bundle
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeBundle(data)
		if err != nil {
			t.Fatalf("%s: %v", v.File, err)
		}
		if got.Version != want.Version || got.Source != want.Source || !reflect.DeepEqual(got.Kinds, want.Kinds) {
			t.Errorf("%s: header differs", v.File)
		}
		if len(got.Definitions) != len(want.Definitions) || len(want.Definitions) < 500 {
			t.Errorf("%s: %d definitions, encoding/json %d", v.File, len(got.Definitions), len(want.Definitions))
		}
		for name, raw := range want.Definitions {
			if !bytes.Equal(got.Definitions[name], raw) {
				t.Errorf("%s: definition %s differs", v.File, name)
			}
		}
	}
}

func TestDecodeBundleMalformed(t *testing.T) {
	for _, in := range []string{
		``, `[]`, `{`, `{"version"`, `{"version":}`, `{"version":"v1" "source":"x"}`,
		`{"definitions":{"a":{"b":[1,2}}`, `{"definitions":{"a":{"b":"unterminated}}}`,
		`{"definitions":{"a":}}}`, `{"kinds":{"v1":{"Pod":"p"}}}}`, `{"definitions":{"a":]}`,
		`{"definitions":{"a":"\"}`,
	} {
		if _, err := decodeBundle([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		} else if !errors.Is(err, errBundleSyntax) {
			var se *json.SyntaxError
			var ue *json.UnmarshalTypeError
			if !errors.As(err, &se) && !errors.As(err, &ue) {
				t.Errorf("%q: %v", in, err)
			}
		}
	}
	b, err := decodeBundle([]byte(` {"version":"v1.2.3","definitions":{"a\u0062":{"x":"}{\"]"},"c":[{}],"d":1.5e3,"e":null}} `))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ab": `{"x":"}{\"]"}`, "c": `[{}]`, "d": `1.5e3`, "e": `null`}
	if b.Version != "v1.2.3" || len(b.Definitions) != len(want) {
		t.Fatalf("got %+v", b)
	}
	for k, v := range want {
		if string(b.Definitions[k]) != v {
			t.Errorf("%s = %s, want %s", k, b.Definitions[k], v)
		}
	}
}

// gunzipBundle gives every committed bundle's bytes, as a plain gunzip does.
func TestGunzipBundle(t *testing.T) {
	x, err := loadIndex()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range x.Versions {
		got, err := gunzipBundle(v.File)
		if err != nil {
			t.Fatalf("%s: %v", v.File, err)
		}
		if want := plainGunzip(t, v.File); !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want %d", v.File, len(got), len(want))
		}
	}
}

// plainGunzip is a committed bundle's bytes, decompressed the plain way.
func plainGunzip(t *testing.T, file string) []byte {
	t.Helper()
	gz, err := schemastoreRead(file)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
