package rules

import (
	"testing"

	"github.com/yamlint/yamlint/internal/yamlfile"
)

func TestForget(t *testing.T) {
	a := yamlfile.Parse("a.yaml", []byte("a: 1\n"), yamlfile.Options{})
	b := yamlfile.Parse("b.yaml", []byte("b: 2\n"), yamlfile.Options{})
	da, db := styleOf(a), styleOf(b)
	Forget(a)
	if styleOf(b) != db {
		t.Errorf("Forget(a) dropped b's cached data")
	}
	if styleOf(a) == da {
		t.Errorf("Forget(a) kept a's cached data")
	}
	Forget(a)
	Forget(b)
}
