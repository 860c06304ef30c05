package celenv

import (
	"fmt"
	"strings"
	"testing"
)

// A deferred program compiles on its first evaluation, gives what the
// same expression compiled up front gives, and turns a compile error into
// the evaluation's error.
func TestDeferred(t *testing.T) {
	env := NewEnv("deferred-test", "self")
	p := Deferred(env, "self.size() > 2")
	if p.Output != nil {
		t.Fatalf("deferred program compiled before its first evaluation")
	}
	out, err := p.EvalSized(map[string]any{"self": "abc"}, 3)
	if err != nil || out != true {
		t.Fatalf("Eval = %v, %v; want true", out, err)
	}
	if p.Output == nil {
		t.Errorf("Output not set after the first evaluation")
	}
	bad := Deferred(env, "self.size( > 2")
	if _, err := bad.Eval(map[string]any{"self": "abc"}); err == nil {
		t.Errorf("a broken deferred expression evaluated without error")
	}
	if err := bad.Ready(); err == nil {
		t.Errorf("Ready of a broken expression: no error")
	}
}

// TestUntrackedOnlyWhenBounded: an expression is evaluated without cost
// tracking only when its cost provably stays under the limit; where that
// is claimed, the tracked evaluation's actual cost agrees, and an input
// that could exceed the limit is tracked (and stopped).
func TestUntrackedOnlyWhenBounded(t *testing.T) {
	env := NewEnv("bounded-test", "self")
	exprs := []string{
		"self.items.all(a, self.items.all(b, a + b >= 0))",
		"self.items.all(a, self.items.all(b, self.items.all(c, a + b + c >= 0 && self.name.contains(self.name))))",
		"self.items.exists(x, string(x).contains('9'))",
		"self.items.map(x, x * 2).filter(y, y > 3).size() > 0 && self.name.matches('^a+$')",
		"self.name.split('a').all(s, s.size() < 3)",
		"self.name + self.name == self.name",
	}
	claimed := 0
	for _, n := range []int{0, 3, 40, 120} {
		items := make([]any, n)
		src := len("items: []\nname: \n")
		for i := range items {
			items[i] = int64(i)
			src += len(fmt.Sprintf("  - %d\n", i))
		}
		name := strings.Repeat("a", n)
		src += n
		vars := map[string]any{"self": map[string]any{"items": items, "name": name}}
		for _, e := range exprs {
			p, err := Compile(env, e)
			if err != nil {
				t.Fatal(err)
			}
			tracked, err := p.c.trackedProgram()
			if err != nil {
				t.Fatal(err)
			}
			_, det, err := tracked.Eval(vars)
			exceeded := CostExceeded(err)
			if err != nil && !exceeded {
				t.Fatalf("%s: %v", e, err)
			}
			if p.c.boundedFor(src) {
				if p.c.loops {
					claimed++
				}
				if exceeded || det == nil || det.ActualCost() == nil || *det.ActualCost() >= PerCallLimit {
					t.Errorf("n=%d %s: claimed bounded, tracked evaluation cost %v (%v)", n, e, det, err)
				}
			}
			_, err = p.EvalSized(vars, src)
			if CostExceeded(err) != exceeded {
				t.Errorf("n=%d %s: EvalSized error %v, tracked exceeded %v", n, e, err, exceeded)
			}
		}
	}
	if claimed < 8 {
		t.Errorf("only %d evaluations with comprehensions were found bounded", claimed)
	}
	p, _ := Compile(env, exprs[1])
	if p.c.boundedFor(1000) {
		t.Errorf("a triple loop over a 1000-byte input claimed bounded")
	}
	if !p.c.boundedFor(12) {
		t.Errorf("a triple loop over a 12-byte input not bounded")
	}
}
