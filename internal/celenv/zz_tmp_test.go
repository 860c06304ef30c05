package celenv

import (
	"os"
	"regexp"
	"testing"
)

func packExprs() []string {
	data, _ := os.ReadFile("../house/packs/kubernetes-best-practices.yaml")
	re := regexp.MustCompile(`(?m)^    (?:assert|messageExpression): >-\n((?:      .*\n)+)`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

func BenchmarkZZCompile(b *testing.B) {
	env := NewEnv("zz", "self", "object", "file", "podSpec", "containerType", "workload", "job")
	exprs := packExprs()
	b.Logf("%d exprs", len(exprs))
	for b.Loop() {
		for _, e := range exprs {
			if _, err := compile(env, e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
