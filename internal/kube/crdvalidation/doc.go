// Package crdvalidation is the API server's validation of a
// CustomResourceDefinition on create: k8s.io/apiextensions-apiserver's
// pkg/apis/apiextensions/validation (v0.37.2, Apache 2.0 licence: see
// LICENSE), copied so that yamlint does not link
// k8s.io/apiserver/pkg/util/webhook for its three webhook checks. That
// package imports the API server's egress selector and client-go's REST
// client, and with them gRPC, OpenTelemetry and 190 more packages whose
// initialisation every run paid for: 5 to 6 ms of a 65 to 75 ms start,
// 5 MB of memory and 7 MB of binary.
//
// validation.go and cel_validation.go are upstream's, with the package
// name and the webhook import changed; webhook.go holds the webhook
// checks. TestSameAsUpstream compares the findings with upstream's on
// every CRD of the test data and the corpus, and TestNoWebhookImports
// keeps the import out. Drop the copy when upstream's validation no
// longer imports the webhook client.
package crdvalidation
