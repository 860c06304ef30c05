// Package schematest serves schemas and catalogs to tests from a loopback
// TLS server standing in for the internet: every https URL, whatever its
// host, reaches the server (the client dials only the loopback listener),
// which answers from the files put under that URL, with ETags and 304s.
// Nothing leaves the machine.
package schematest

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Server is a loopback HTTPS server with a client that reaches it for any
// URL.
type Server struct {
	TLS    *httptest.Server
	Client *http.Client

	mu          sync.Mutex
	files       map[string][]byte // host + path -> body
	hits        map[string]int
	notModified int
	down        bool
}

// New starts a server, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{files: map[string][]byte{}, hits: map[string]int{}}
	s.TLS = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.TLS.Close)
	pool := x509.NewCertPool()
	pool.AddCert(s.TLS.Certificate())
	addr := s.TLS.Listener.Addr().String()
	s.Client = &http.Client{Transport: &http.Transport{
		// Loopback, explicitly: the test's own server is the only
		// destination, whatever host a URL names.
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		// httptest's certificate is issued for example.com.
		TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "example.com", MinVersion: tls.VersionTLS12},
	}}
	return s
}

// Put serves data at an https URL.
func (s *Server) Put(rawURL string, data []byte) {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[u.Host+u.Path] = data
}

// SetDown makes every request fail with 503 (a server that is down).
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Hits is how many requests reached a URL (with any status).
func (s *Server) Hits(rawURL string) int {
	u, _ := url.Parse(rawURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[u.Host+u.Path]
}

// Requests is the number of requests of any URL.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

// NotModified is how many conditional requests were answered 304.
func (s *Server) NotModified() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notModified
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Host + r.URL.Path
	s.mu.Lock()
	s.hits[key]++
	data, ok := s.files[key]
	down := s.down
	s.mu.Unlock()
	if down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.notModified++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}
