package gitdiff

import (
	"fmt"
	"strings"
	"testing"
)

const sampleDiff = `diff --git a/app.yaml b/app.yaml
index 1..2 100644
--- a/app.yaml
+++ b/app.yaml
@@ -3,0 +4,2 @@ settings:
+  debug: no
+  more: 1
@@ -10 +12 @@ env:
-  LOG: info
+  LOG: warn
@@ -20,3 +22,0 @@
-gone
diff --git "a/dir/sp\303\251cial file.yaml" "b/dir/sp\303\251cial file.yaml"
--- "a/dir/sp\303\251cial file.yaml"
+++ "b/dir/sp\303\251cial file.yaml"
@@ -1 +1 @@
-a: 1
+a: 2
diff --git a/removed.yaml b/removed.yaml
--- a/removed.yaml
+++ /dev/null
@@ -1 +0,0 @@
-x: 1
`

func TestParseDiff(t *testing.T) {
	c := &Changes{lines: map[string][]lineRange{}, root: "/r", untracked: map[string]bool{}}
	if err := c.parseDiff(strings.NewReader(sampleDiff)); err != nil {
		t.Fatal(err)
	}
	var changed []int
	for l := 1; l < 30; l++ {
		if c.Changed("/r/app.yaml", l) {
			changed = append(changed, l)
		}
	}
	if fmt.Sprint(changed) != "[4 5 12]" {
		t.Errorf("app.yaml changed lines %v, want [4 5 12]", changed)
	}
	if !c.Changed("/r/dir/spécial file.yaml", 1) {
		t.Errorf("quoted path not decoded: %v", c.lines)
	}
	if _, ok := c.lines["removed.yaml"]; ok {
		t.Error("a deleted file has changed lines")
	}
}

func FuzzParseDiff(f *testing.F) {
	f.Add(sampleDiff)
	f.Add("+++ b/x\n@@ -1 +1,99999999999999999999 @@\n")
	f.Fuzz(func(t *testing.T, diff string) {
		c := &Changes{lines: map[string][]lineRange{}, root: "/r", untracked: map[string]bool{}}
		_ = c.parseDiff(strings.NewReader(diff))
	})
}
