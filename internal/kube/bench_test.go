package kube_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/yamlint/yamlint/internal/engine"
)

// genK8s runs the shared generator (shared/peers/gen-k8s.py) into dir, or
// skips when python3 or the script is missing.
func genK8s(b *testing.B, args ...string) {
	b.Helper()
	script := ""
	dir, _ := os.Getwd()
	for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if p := filepath.Join(d, "shared", "peers", "gen-k8s.py"); fileExists(p) {
			script = p
			break
		}
	}
	if script == "" {
		b.Skip("shared/peers/gen-k8s.py not found")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 not installed")
	}
	if out, err := exec.Command("python3", append([]string{script}, args...)...).CombinedOutput(); err != nil {
		b.Fatalf("gen-k8s.py: %v: %s", err, out)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// BenchmarkKubeFile lints one generated multi-document file (Deployments,
// Services, ConfigMaps) against the bundled Kubernetes 1.30 schemas,
// strict, as `yamlint --kubernetes-version 1.30 FILE` does.
func BenchmarkKubeFile(b *testing.B) {
	for _, lines := range []int{5000, 50000} {
		path := filepath.Join(b.TempDir(), fmt.Sprintf("k8s-%d.yaml", lines))
		genK8s(b, "--lines", fmt.Sprint(lines), "-o", path)
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		l := newLinter(b, engine.KubeOptions{Version: "1.30"})
		if res := l.Lint(path, src); len(res.Diagnostics) != 0 {
			b.Fatalf("generated file should be valid: %+v", res.Diagnostics[0])
		}
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				l.Lint(path, src)
			}
		})
	}
}

// BenchmarkKubeDir lints a directory of 1,000 generated manifests (~60
// lines each) on all cores, as the CLI does (CRD pre-scan included).
func BenchmarkKubeDir(b *testing.B) {
	dir := b.TempDir()
	genK8s(b, "--split-dir", dir, "--files", "1000", "--lines", "60")
	files := yamlUnder(b, dir)
	srcs := make([][]byte, len(files))
	for i, f := range files {
		srcs[i], _ = os.ReadFile(f)
	}
	l := newLinter(b, engine.KubeOptions{Version: "1.30"})
	b.Run("files=1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.RegisterCRDs(files)
			var g errgroup.Group
			g.SetLimit(runtime.GOMAXPROCS(0))
			for i := range files {
				g.Go(func() error {
					if res := l.Lint(files[i], srcs[i]); len(res.Diagnostics) != 0 {
						return fmt.Errorf("%s: %s", files[i], res.Diagnostics[0].Message)
					}
					return nil
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
