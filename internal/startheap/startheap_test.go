package startheap

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// inChild reports whether the test runs in the child process it starts
// (with GOGC unset) when it does not: the test changes the process's
// collector settings. In the parent it fails the test with the child's.
func inChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv("STARTHEAP_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run", "^"+t.Name()+"$", "-test.v")
		cmd.Env = append(os.Environ(), "STARTHEAP_CHILD=1", "GOGC=")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return false
	}
	os.Unsetenv("GOGC")
	return true
}

// The target is raised while the live heap is small and back to the
// default once the live heap reaches half the goal. Run in a child
// process: it changes the process's collector settings.
func TestAdjust(t *testing.T) {
	if !inChild(t) {
		return
	}
	const goal = 64 << 20
	Adjust(goal)
	if pct := debug.SetGCPercent(-1); pct < 1000 {
		t.Fatalf("with a 4 MB heap the target is %d%%, want about %d%%", pct, goal*100/(4<<20)-100)
	} else {
		debug.SetGCPercent(pct)
	}
	// A live heap of half the goal brings the default back.
	live := make([][]byte, 40)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
		pct := debug.SetGCPercent(100)
		debug.SetGCPercent(pct)
		if pct == 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("target still %d%% with a live heap of 40 MB", pct)
		}
	}
	runtime.KeepAlive(live)
}

// A GOGC the user set is left alone.
func TestAdjustKeepsUsersGOGC(t *testing.T) {
	t.Setenv("GOGC", "100")
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	Adjust(64 << 20)
	if pct := debug.SetGCPercent(77); pct != 77 {
		t.Errorf("GOGC set by the user, yet the target became %d%%", pct)
	}
}

// Raise lifts the goal Adjust set, never lowers it, and does nothing in a
// process Adjust did not adjust. Run in a child process, as TestAdjust.
func TestRaise(t *testing.T) {
	if !inChild(t) {
		return
	}
	current := func() int {
		pct := debug.SetGCPercent(100)
		debug.SetGCPercent(pct)
		return pct
	}
	debug.SetGCPercent(77)
	Raise(64 << 20)
	if pct := current(); pct != 77 {
		t.Fatalf("Raise before Adjust changed the target to %d%%", pct)
	}
	Adjust(16 << 20)
	at16 := current()
	if at16 <= 100 || at16 > 300 {
		t.Fatalf("a 16 MB goal gave %d%%, want 101-300%%", at16)
	}
	Raise(8 << 20)
	if pct := current(); pct != at16 {
		t.Errorf("Raise to a lower goal changed the target %d%% -> %d%%", at16, pct)
	}
	Raise(64 << 20)
	if pct := current(); pct < 4*at16 {
		t.Errorf("Raise to 64 MB gave %d%%, want about four times the 16 MB goal's %d%%", pct, at16)
	}
	// The raised goal survives collections (the update after each one
	// uses it, not Adjust's).
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if pct := current(); pct < 4*at16 {
		t.Errorf("after a collection the target is %d%%, want the 64 MB goal's", pct)
	}
}
