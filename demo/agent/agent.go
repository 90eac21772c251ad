// Package agent serves a Go heap dump for gcdiff at GET /debug/gcdiff/heapdump
// on http.DefaultServeMux. Opt in with one blank import:
//
//	import _ "gcdiff.dev/demo/agent"
//
// Each request runs runtime.GC() and then runtime/debug.WriteHeapDump, which
// STOPS THE WORLD for the whole dump: every goroutine is paused for a time
// proportional to the heap (about a second per GiB). The dump is written to a
// private temporary file (mode 0600), never to a pipe: a goroutine of this
// process that drains a pipe could not run while the world is stopped, and the
// program would hang. The file is streamed as application/octet-stream with a
// Content-Length and removed.
//
// A dump holds the process's memory (every live object's bytes, secrets
// included): serve it on loopback only, and store it as private files.
//
// One dump runs at a time: a request that arrives while a dump is in progress
// gets 429 Too Many Requests with Retry-After: 1 and a one-line message.
//
// When the environment has GCDIFF_MEMPROFILERATE=<n>, init sets
// runtime.MemProfileRate = n, so that n=1 records the allocation stack of every
// object in the dump (allocsample records).
package agent

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
)

// Path is where the dump is served.
const Path = "/debug/gcdiff/heapdump"

var busy atomic.Bool

func init() {
	if v := os.Getenv("GCDIFF_MEMPROFILERATE"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			runtime.MemProfileRate = n
		} else {
			fmt.Fprintf(os.Stderr, "gcdiff agent: ignoring GCDIFF_MEMPROFILERATE=%q: not a non-negative integer\n", v)
		}
	}
	http.HandleFunc(Path, serveHeapDump)
}

func serveHeapDump(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "heapdump: method not allowed, use GET", http.StatusMethodNotAllowed)
		return
	}
	if !busy.CompareAndSwap(false, true) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "heapdump: another dump is in progress, retry later", http.StatusTooManyRequests)
		return
	}
	defer busy.Store(false)

	f, err := os.CreateTemp("", "gcdiff-heapdump-*") // created 0600
	if err != nil {
		http.Error(w, "heapdump: cannot create temporary file: "+err.Error(), http.StatusInternalServerError)
		return
	}
	name := f.Name()
	defer os.Remove(name)
	defer f.Close()

	runtime.GC()
	debug.WriteHeapDump(f.Fd())

	info, err := f.Stat()
	if err != nil {
		http.Error(w, "heapdump: cannot stat dump: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if info.Size() == 0 {
		http.Error(w, "heapdump: the runtime wrote an empty dump", http.StatusInternalServerError)
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		http.Error(w, "heapdump: cannot rewind dump: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.FormatInt(info.Size(), 10))
	h.Set("Content-Disposition", `attachment; filename="heapdump"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	// The status line is sent: a copy error can only cut the body short,
	// which the client sees as a body shorter than Content-Length.
	_, _ = io.Copy(w, f)
}
