package crdvalidation

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"
	upstream "k8s.io/apiserver/pkg/util/webhook"
)

// TestWebhookChecksSameAsUpstream: the copied webhook checks give
// k8s.io/apiserver's findings. The CA bundle check is reached only on
// update (a CRD being created may hold any bundle), so TestSameAsUpstream
// in package kube cannot see it; it is compared here.
func TestWebhookChecksSameAsUpstream(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ca"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	good := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	fp := field.NewPath("caBundle")
	for _, bundle := range [][]byte{nil, good, []byte("junk"),
		[]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}),
		append(append([]byte{}, good...), "junk"...)} {
		if a, b := fmt.Sprint(webhook.ValidateCABundle(fp, bundle)), fmt.Sprint(upstream.ValidateCABundle(fp, bundle)); a != b {
			t.Errorf("bundle %q:\ncopy     %s\nupstream %s", bundle, a, b)
		}
	}
	for _, u := range []string{"https://x/convert", "http://u@:1/?q#f", "::", ""} {
		if a, b := fmt.Sprint(webhook.ValidateWebhookURL(fp, u, true)), fmt.Sprint(upstream.ValidateWebhookURL(fp, u, true)); a != b {
			t.Errorf("url %q:\ncopy     %s\nupstream %s", u, a, b)
		}
	}
	for _, p := range []string{"/", "//", "a/b", "/Bad_Seg/ok/", "/ok"} {
		if a, b := fmt.Sprint(webhook.ValidateWebhookService(fp, "ns", "", &p, 0)), fmt.Sprint(upstream.ValidateWebhookService(fp, "ns", "", &p, 0)); a != b {
			t.Errorf("service path %q:\ncopy     %s\nupstream %s", p, a, b)
		}
	}
}
