// Command closures leaks large buffers captured by closures that are never released.
//
// For every upload, main.(*server).handleUpload allocates the body and registers an
// "on close" callback that logs a line about it. The callback captures the whole body
// (it only needed its length and checksum) and lands in server.hooks, a long-lived
// slice of callbacks that runs only at shutdown and is never trimmed. So every body,
// allocated in main.(*server).handleUpload, stays reachable: about 1 MiB/s until
// -leak-cap.
package main

import (
	"flag"
	"hash/crc32"
	"log"
	"sync"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	leakCapFlag = flag.Int("leak-cap", 64, "stop registering hooks once they retain this many `MiB`")
	rateFlag    = flag.Int("rps", 30, "uploads per second")
)

type hooks struct {
	mu       sync.Mutex
	onClose  []func()
	retained int
}

func (h *hooks) add(f func(), size int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.onClose = append(h.onClose, f)
	h.retained += size
}

type server struct {
	hooks hooks
	limit int
	full  bool
}

// handleUpload processes one upload and, the bug, keeps its body alive through the
// closure it registers.
func (s *server) handleUpload(id int) uint32 {
	body := make([]byte, 32<<10)
	for i := 0; i < len(body); i += 512 {
		body[i] = byte(id + i)
	}
	sum := crc32.ChecksumIEEE(body)
	transform(body)
	if s.hooks.retained+len(body) > s.limit {
		if !s.full {
			s.full = true
			log.Printf("hooks reached -leak-cap (%s): no more are registered", demoserve.MiB(s.hooks.retained))
		}
		return sum
	}
	s.hooks.add(func() {
		log.Printf("upload %d closed: %d bytes, crc %08x", id, len(body), sum)
	}, len(body))
	return sum
}

// transform is the short-lived garbage of an upload: copies that are dropped at once.
func transform(body []byte) int {
	n := 0
	for i := 0; i < 4; i++ {
		tmp := make([]byte, 96<<10)
		copy(tmp, body)
		n += int(tmp[i])
	}
	return n
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	s := &server{limit: *leakCapFlag << 20}
	ticker := time.NewTicker(time.Second / time.Duration(*rateFlag))
	defer ticker.Stop()
	lastLog := time.Now()
	for id := 0; ; id++ {
		now := <-ticker.C
		s.handleUpload(id)
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			s.hooks.mu.Lock()
			log.Printf("%d uploads, %d close hooks retaining %s", id+1, len(s.hooks.onClose), demoserve.MiB(s.hooks.retained))
			s.hooks.mu.Unlock()
		}
	}
}
