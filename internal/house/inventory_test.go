package house

import (
	"fmt"
	"testing"
)

// anyPodMatches (indexed) agrees with matchesAny (a scan of every pod),
// namespaces included, and sees pods added after an earlier lookup.
func TestAnyPodMatchesIndex(t *testing.T) {
	inv := &Inventory{pods: []podLabels{
		{"shop", map[string]string{"app": "web", "tier": "front"}},
		{"", map[string]string{"app": "api"}},
		{"ops", map[string]string{"app": "db", "part-of": "shop"}},
	}}
	cases := []struct {
		sel  map[string]string
		ns   string
		want bool
	}{
		{map[string]string{"app": "web"}, "shop", true},
		{map[string]string{"app": "web"}, "other", false},
		{map[string]string{"app": "web", "tier": "front"}, "", true},
		{map[string]string{"app": "web", "tier": "back"}, "", false},
		{map[string]string{"app": "api"}, "any", true}, // a pod without namespace matches any
		{map[string]string{"part-of": "shop"}, "ops", true},
		{map[string]string{"app": "wbe"}, "", false},
	}
	for _, c := range cases {
		got := inv.anyPodMatches(c.sel, c.ns)
		if got != c.want || got != matchesAny(c.sel, c.ns, inv.pods) {
			t.Errorf("anyPodMatches(%v, %q) = %v, want %v", c.sel, c.ns, got, c.want)
		}
	}
	inv.pods = append(inv.pods, podLabels{"", map[string]string{"app": "wbe"}})
	if !inv.anyPodMatches(map[string]string{"app": "wbe"}, "") {
		t.Errorf("a pod added after the index was built is not found")
	}
}

// Judging every Service of a run grows linearly with the run (it was
// quadratic: each Service scanned every pod). Compare ns/op of the 1x, 4x
// and 16x sizes: the per-Service cost should stay flat.
func BenchmarkDanglingServices(b *testing.B) {
	for _, n := range []int{250, 1000, 4000} {
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			pods := make([]podLabels, n)
			for i := range pods {
				pods[i] = podLabels{fmt.Sprintf("team-%d", i%8), map[string]string{
					"app.kubernetes.io/name": fmt.Sprintf("app-%d", i), "app.kubernetes.io/part-of": "shop"}}
			}
			for b.Loop() {
				inv := &Inventory{pods: pods}
				for i := 0; i < n; i++ {
					inv.anyPodMatches(map[string]string{"app.kubernetes.io/name": fmt.Sprintf("app-%d", (i*7)%(2*n))}, fmt.Sprintf("team-%d", i%8))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/service")
		})
	}
}
