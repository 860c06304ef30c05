// Package safehttp is the one HTTP client yamlint fetches with (remote
// schemas, catalogs). A URL to fetch comes from untrusted input (a modeline,
// a schema's $ref, a catalog), so the client only speaks https, follows a
// redirect only to another https URL, and refuses — in the dialer, before
// any connection is made, and again for every redirect's connection — an
// address that is loopback, private, link-local, unspecified, multicast or
// otherwise not globally routable, unless the user allowed private networks.
// Responses are read up to a size limit.
package safehttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Options configure a client.
type Options struct {
	// AllowPrivate permits loopback, private, link-local and other
	// non-public addresses (a user's choice: --allow-private-network).
	AllowPrivate bool
	// Timeout bounds a whole request, redirects and body included
	// (0: DefaultTimeout).
	Timeout time.Duration
	// RootCAs replaces the system roots (tests with httptest TLS servers).
	RootCAs *x509.CertPool
}

// DefaultTimeout bounds a fetch: schemas are small, and a linter must not
// hang on a slow server.
const DefaultTimeout = 15 * time.Second

// maxRedirects bounds a redirect chain.
const maxRedirects = 5

// BlockedAddressError is a connection refused by the address filter.
type BlockedAddressError struct {
	Addr  netip.Addr
	Class string // "loopback", "private", ...
}

func (e *BlockedAddressError) Error() string {
	return fmt.Sprintf("refusing to connect to %s (a %s address); pass --allow-private-network (editor: yamlint.allowPrivateNetwork) to allow it", e.Addr, e.Class)
}

// ErrNotHTTPS is returned for a URL, or a redirect, that is not https.
var ErrNotHTTPS = errors.New("only https:// URLs are fetched")

// TooLargeError is a response body over the limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string { return fmt.Sprintf("response larger than %d bytes", e.Limit) }

// special are address ranges that are not globally reachable, beyond what
// netip's predicates cover (IANA special-purpose registries).
var special = []struct {
	prefix netip.Prefix
	class  string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
}

// Classify says why an address is refused by default, or "" when it is a
// public unicast address.
func Classify(a netip.Addr) string {
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "loopback"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, s := range special {
		if s.prefix.Contains(a) {
			return s.class
		}
	}
	return ""
}

// control runs after the socket is created and before it connects, with
// the resolved address: the one place every connection (the first and each
// redirect's) passes through.
func control(allowPrivate bool, classify func(netip.Addr) string) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("refusing to connect to %q: not an IP address", address)
		}
		if allowPrivate {
			return nil
		}
		if class := classify(ap.Addr()); class != "" {
			return &BlockedAddressError{Addr: ap.Addr().Unmap(), Class: class}
		}
		return nil
	}
}

// NewClient returns a client that enforces the policy above. Proxies from
// the environment are not used: a proxy would hide the destination address
// from the filter.
func NewClient(o Options) *http.Client { return newClient(o, Classify) }

func newClient(o Options, classify func(netip.Addr) string) *http.Client {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: control(o.AllowPrivate, classify)}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           10,
		IdleConnTimeout:        30 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s refused: %w", redactURL(req.URL), ErrNotHTTPS)
			}
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return nil
		},
	}
}

// redactURL drops user info and query from a URL shown in a message.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.Fragment = ""
	return c.String()
}

// Get fetches an https URL with c (a NewClient client) and returns at most
// max bytes of a 200 response's body (max <= 0: no limit).
func Get(ctx context.Context, c *http.Client, rawURL string, max int64) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "https" {
		return nil, ErrNotHTTPS
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	var r io.Reader = resp.Body
	if max > 0 {
		if resp.ContentLength > max {
			return nil, &TooLargeError{Limit: max}
		}
		r = io.LimitReader(resp.Body, max+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if max > 0 && int64(len(data)) > max {
		return nil, &TooLargeError{Limit: max}
	}
	return data, nil
}

// unwrapURLError keeps the cause of a client error: *url.Error repeats the
// method and URL the caller already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		var be *BlockedAddressError
		if errors.As(ue.Err, &be) {
			return be
		}
		return ue.Err
	}
	return err
}
