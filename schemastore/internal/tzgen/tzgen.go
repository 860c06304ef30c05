// Package tzgen generates schemas/iana-timezones.json, the enum of IANA
// time zone names that pipeline schemas (dependabot's schedule.timezone)
// reference, from the tz database the Go toolchain ships
// ($GOROOT/lib/time/zoneinfo.zip), so no list is copied by hand.
package tzgen

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// Names lists the zone names in the zoneinfo.zip at path, sorted.
func Names(path string) ([]string, error) {
	r, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var names []string
	for _, f := range r.File {
		if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names, nil
}

// ZipPath is the tz database of the Go toolchain at goroot.
func ZipPath(goroot string) string {
	return filepath.Join(goroot, "lib", "time", "zoneinfo.zip")
}

// Schema renders the JSON schema for the names.
func Schema(names []string) ([]byte, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no time zone names")
	}
	type schema struct {
		Schema      string   `json:"$schema"`
		ID          string   `json:"$id"`
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Type        string   `json:"type"`
		Enum        []string `json:"enum"`
	}
	out, err := json.MarshalIndent(schema{
		Schema:      "https://json-schema.org/draft/2020-12/schema",
		ID:          "https://yamlint.dev/schemas/iana-timezones.json",
		Title:       "IANA time zone",
		Description: "A time zone name from the IANA tz database, such as Europe/Paris or America/New_York.",
		Type:        "string",
		Enum:        names,
	}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
