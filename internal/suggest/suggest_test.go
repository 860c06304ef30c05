package suggest

import "testing"

func TestClosest(t *testing.T) {
	cases := []struct {
		name  string
		cands []string
		want  string
	}{
		{"runs_on", []string{"runs-on", "steps", "needs"}, "runs-on"},
		{"stpes", []string{"runs-on", "steps", "needs"}, "steps"},
		{"replica", []string{"replicas", "selector"}, "replicas"},
		{"Image", []string{"image", "name"}, "image"},
		{"completelydifferent", []string{"image", "name"}, ""},
		{"x", nil, ""},
	}
	for _, c := range cases {
		if got := Closest(c.name, c.cands); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
