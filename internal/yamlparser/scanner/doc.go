// Package scanner is goccy/go-yaml's scanner package (v1.19.2, MIT licence:
// see ../LICENSE) with the allocation savings of intern.go; see
// ../doc.go.
package scanner
