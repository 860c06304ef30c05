//go:build !linux

package startheap

// PrepareHugePages does nothing here: transparent huge pages are Linux's.
func PrepareHugePages(n uint64) bool { return false }
