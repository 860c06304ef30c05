package celenv

import "testing"

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
