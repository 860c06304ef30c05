package schemas

import (
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// Messages about a schema that failed to load give positions and the rule
// broken, never the schema's content.
func TestLoadErrorsNeverQuoteContent(t *testing.T) {
	dir := t.TempDir()
	s := NewStore()
	s.Roots = NewRoots()
	s.Roots.Add(dir)
	for name, body := range map[string]string{
		"passwd.json":  "root:x:0:0:root:/root:/bin/bash\n",
		"format.json":  `{"$id": "::SECRET value::", "type": "object"}`,
		"props.json":   `{"properties": {"x": {"minLength": "SECRET"}}}`,
		"regexkw.json": `{"patternProperties": 5, "SECRET": 1}`,
	} {
		u := writeSchema(t, dir, name, body)
		_, err := s.Compile(u)
		if err == nil {
			t.Errorf("%s: compiled", name)
			continue
		}
		msg := err.Error()
		for _, leak := range []string{"SECRET", "'r'", "root", "bash"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: message quotes content %q: %s", name, leak, msg)
			}
		}
		if !strings.Contains(msg, name) {
			t.Errorf("%s: message does not name the schema: %s", name, msg)
		}
	}
}

// The size limit applies to local schemas, before reading.
func TestLocalSchemaSizeLimit(t *testing.T) {
	dir := t.TempDir()
	s := NewStore()
	s.MaxSize = 64
	u := writeSchema(t, dir, "big.json", `{"type": "object", "description": "`+strings.Repeat("x", 100)+`"}`)
	if _, err := s.Compile(u); err == nil || !strings.Contains(err.Error(), "larger than 64 bytes") {
		t.Errorf("err = %v, want the size limit", err)
	}
}

func TestRootsRefuseOutsideAndSymlinksOut(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ok.json"), []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(root, "link.json"))
	os.Symlink(filepath.Join(outside, "missing.json"), filepath.Join(root, "dangling.json"))
	os.Symlink(outside, filepath.Join(root, "dir"))
	r := NewRoots()
	r.Add(root)
	if err := r.Check(filepath.Join(root, "ok.json")); err != nil {
		t.Errorf("inside: %v", err)
	}
	if err := r.Check(filepath.Join(root, "nope.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing inside: %v, want not-exist", err)
	}
	for _, p := range []string{
		filepath.Join(outside, "secret.json"),
		filepath.Join(outside, "missing.json"),
		filepath.Join(root, "..", filepath.Base(outside), "secret.json"),
		filepath.Join(root, "link.json"),
		filepath.Join(root, "dangling.json"),
		filepath.Join(root, "dir", "secret.json"),
		filepath.Join(root, "dir", "missing.json"),
		"/etc/passwd",
	} {
		if err := r.Check(p); err != ErrOutsideRoots {
			t.Errorf("%s: %v, want ErrOutsideRoots (the same for existing and missing files)", p, err)
		}
	}
}

// Remote fetches go through safehttp: an https schema that redirects to
// plain http is refused before the http request is sent.
func TestRemoteRedirectToHTTPRefused(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		w.Write([]byte(`{}`))
	}))
	defer plain.Close()
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/good.json" {
			w.Write([]byte(`{"type": "object", "properties": {"port": {"type": "integer"}}}`))
			return
		}
		http.Redirect(w, r, plain.URL+"/s.json", http.StatusFound)
	}))
	defer ts.Close()
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	s := NewStore()
	s.AllowRemote, s.AllowPrivateNetwork, s.RootCAs, s.CacheDir = true, true, pool, t.TempDir()
	if _, err := s.Compile(ts.URL + "/redirect.json"); err == nil || !strings.Contains(err.Error(), "only https") {
		t.Errorf("err = %v, want the redirect refused", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("the plain-http server got %d requests", n)
	}
	// The good schema beside it loads.
	if got := validate(t, s, ts.URL+"/good.json", "port: x\n"); len(got) != 1 {
		t.Errorf("good remote schema: %v", got)
	}
	// Without the user's permission, the loopback server is never dialled.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepts atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepts.Add(1)
			c.Close()
		}
	}()
	s2 := NewStore()
	s2.AllowRemote, s2.CacheDir = true, t.TempDir()
	if _, err := s2.Compile("https://" + l.Addr().String() + "/s.json"); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("err = %v, want the loopback address refused", err)
	}
	l.Close()
	<-done
	if n := accepts.Load(); n != 0 {
		t.Errorf("loopback listener accepted %d connections", n)
	}
}
