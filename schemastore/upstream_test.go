package schemastore

import "testing"

func TestUpstreamTargetsAreBundled(t *testing.T) {
	for from, to := range UpstreamURLs() {
		if _, err := Schema(to); err != nil {
			t.Errorf("%s maps to %s: %v", from, to, err)
		}
	}
	if got, ok := Upstream("https://www.schemastore.org/github-workflow.json"); !ok || got != BaseURL+"github-workflow.json" {
		t.Errorf("www. variant: %q %v", got, ok)
	}
	if _, ok := Upstream("https://example.com/x.json"); ok {
		t.Error("unknown URL mapped")
	}
}
