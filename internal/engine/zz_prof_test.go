package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yamlint/yamlint/internal/config"
)

func BenchmarkZZHouse(b *testing.B) {
	cfgPath := os.Getenv("ZZ_CFG")
	cfg, err := config.Load(cfgPath)
	if err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob("/tmp/hb/d1000/*.yaml")
	var srcs [][]byte
	for _, p := range paths {
		s, _ := os.ReadFile(p)
		srcs = append(srcs, s)
	}
	l, err := New(cfg, Options{})
	if err != nil {
		b.Fatal(err)
	}
	l.RegisterCRDs(paths)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range paths {
			l.Lint(p, srcs[j])
		}
		l.Finish()
	}
}
