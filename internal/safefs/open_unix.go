//go:build unix

package safefs

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading with O_NONBLOCK, so that a FIFO
// swapped in after the Stat cannot block the open (for a regular file the
// flag has no effect).
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
