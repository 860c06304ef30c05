package safehttp

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Every test here talks only to listeners it starts on loopback.

func TestClassify(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1":        "loopback",
		"::1":              "loopback",
		"::ffff:127.0.0.1": "loopback",
		"10.1.2.3":         "private",
		"172.16.0.1":       "private",
		"192.168.1.1":      "private",
		"fd00::1":          "private",
		"169.254.169.254":  "link-local",
		"fe80::1":          "link-local",
		"0.0.0.0":          "unspecified",
		"::":               "unspecified",
		"0.1.2.3":          "unspecified",
		"224.0.0.1":        "multicast",
		"ff02::1":          "multicast",
		"100.64.0.1":       "shared (carrier-grade NAT)",
		"::ffff:10.0.0.1":  "private",
		"255.255.255.255":  "broadcast",
		"8.8.8.8":          "",
		"2606:4700::1111":  "",
	} {
		if got := Classify(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Classify(%s) = %q, want %q", addr, got, want)
		}
	}
}

// countingListener accepts TCP connections on addr and counts them.
type countingListener struct {
	net.Listener
	accepts atomic.Int32
	wg      sync.WaitGroup
}

func listenCounting(t *testing.T, addr string) *countingListener {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("listen %s: %v", addr, err)
	}
	cl := &countingListener{Listener: l}
	cl.wg.Add(1)
	go func() {
		defer cl.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			cl.accepts.Add(1)
			c.Close()
		}
	}()
	return cl
}

// stop closes the listener and returns how many connections it accepted.
func (cl *countingListener) stop() int32 {
	cl.Listener.Close()
	cl.wg.Wait()
	return cl.accepts.Load()
}

func TestLoopbackRefusedBeforeConnecting(t *testing.T) {
	l := listenCounting(t, "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	c := NewClient(Options{})
	for _, u := range []string{
		"https://127.0.0.1:" + itoa(port) + "/schema.json",
		"https://localhost:" + itoa(port) + "/schema.json", // resolved, then refused
		"https://[::ffff:127.0.0.1]:" + itoa(port) + "/schema.json",
	} {
		_, err := Get(context.Background(), c, u, 1<<20)
		var be *BlockedAddressError
		if !errors.As(err, &be) {
			t.Errorf("%s: err = %v, want a refused address", u, err)
			continue
		}
		if be.Class != "loopback" || !strings.Contains(err.Error(), "--allow-private-network") {
			t.Errorf("%s: message %q", u, err)
		}
	}
	if n := l.stop(); n != 0 {
		t.Errorf("the listener accepted %d connections; the refusal must come before connecting", n)
	}
}

func TestPlainHTTPNeverSent(t *testing.T) {
	l := listenCounting(t, "127.0.0.1:0")
	c := NewClient(Options{AllowPrivate: true})
	_, err := Get(context.Background(), c, "http://"+l.Addr().String()+"/s.json", 1<<20)
	if !errors.Is(err, ErrNotHTTPS) {
		t.Errorf("err = %v, want ErrNotHTTPS", err)
	}
	if n := l.stop(); n != 0 {
		t.Errorf("plain-http listener accepted %d connections", n)
	}
}

func tlsServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *x509.CertPool) {
	t.Helper()
	ts := httptest.NewTLSServer(h)
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return ts, pool
}

func TestRedirectToHTTPRefusedBeforeSending(t *testing.T) {
	plain := listenCounting(t, "127.0.0.1:0")
	ts, pool := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+plain.Addr().String()+"/schema.json", http.StatusFound)
	})
	c := NewClient(Options{AllowPrivate: true, RootCAs: pool})
	_, err := Get(context.Background(), c, ts.URL+"/schema.json", 1<<20)
	if !errors.Is(err, ErrNotHTTPS) {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if n := plain.stop(); n != 0 {
		t.Errorf("the http:// target accepted %d connections", n)
	}
}

// A redirect's connection passes the address filter again: here the first
// server (127.0.0.1) counts as public for the test, and the redirect target
// 127.0.0.2 as private.
func TestRedirectToPrivateAddressRefusedBeforeConnecting(t *testing.T) {
	target := listenCounting(t, "127.0.0.2:0")
	ts, pool := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+target.Addr().String()+"/schema.json", http.StatusFound)
	})
	classify := func(a netip.Addr) string {
		if a == netip.MustParseAddr("127.0.0.1") {
			return ""
		}
		return Classify(a)
	}
	c := newClient(Options{RootCAs: pool}, classify)
	_, err := Get(context.Background(), c, ts.URL+"/schema.json", 1<<20)
	var be *BlockedAddressError
	if !errors.As(err, &be) || be.Addr != netip.MustParseAddr("127.0.0.2") {
		t.Errorf("err = %v, want 127.0.0.2 refused", err)
	}
	if n := target.stop(); n != 0 {
		t.Errorf("the redirect target accepted %d connections", n)
	}
}

func TestBodyLimit(t *testing.T) {
	body := strings.Repeat("x", 2048)
	ts, pool := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length: limited while reading
		}
		w.Write([]byte(body))
	})
	c := NewClient(Options{AllowPrivate: true, RootCAs: pool})
	for _, path := range []string{"/sized", "/chunked"} {
		if _, err := Get(context.Background(), c, ts.URL+path, 1024); !errors.As(err, new(*TooLargeError)) {
			t.Errorf("%s: err = %v, want TooLargeError", path, err)
		}
	}
	got, err := Get(context.Background(), c, ts.URL+"/ok", 4096)
	if err != nil || string(got) != body {
		t.Errorf("within the limit: %d bytes, %v", len(got), err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
