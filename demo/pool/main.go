// Command pool misuses sync.Pool: every buffer the pool creates is also kept in a
// global registry.
//
// A sync.Pool may drop any pooled object at any time (idle objects go at every GC),
// and an object that is taken with Get and never Put back is simply garbage: Get
// calls New when the pool is empty. Both are fine, by design, as long as the pool
// holds the only reference. This program, like much real code, also records every
// buffer New creates in a global slice (for "stats", or to release them all at
// shutdown). That second reference defeats the pool: every buffer ever created stays
// live, and New keeps being called, for buffers the pool dropped and for those the
// streaming path hands off and never returns. The leak site is the pool's New
// function, main.newBuffer (64 KiB per buffer, about 1 MiB/s here, until -leak-cap).
package main

import (
	"bytes"
	"flag"
	"log"
	"sync"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	leakCapFlag = flag.Int("leak-cap", 64, "stop registering buffers once the registry holds this many `MiB`")
	rateFlag    = flag.Int("rps", 48, "requests per second")
)

const bufferSize = 64 << 10

var (
	registryMu  sync.Mutex
	allBuffers  []*bytes.Buffer // the bug: a second reference to every pooled buffer
	registered  int
	registryCap int
	registryOff bool
)

// newBuffer is the pool's New function.
func newBuffer() any {
	b := bytes.NewBuffer(make([]byte, 0, bufferSize))
	registryMu.Lock()
	defer registryMu.Unlock()
	if registered+bufferSize <= registryCap {
		allBuffers = append(allBuffers, b)
		registered += bufferSize
	} else if !registryOff {
		registryOff = true
		log.Printf("buffer registry reached -leak-cap (%s): it no longer grows", demoserve.MiB(registered))
	}
	return b
}

var bufPool = sync.Pool{New: newBuffer}

// handle writes a response into a pooled buffer. Every third request streams: the
// buffer is handed to flush, which does not put it back (harmless with sync.Pool
// alone, where it would just be collected).
func handle(id int) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	line := []byte("event=upload status=ok bytes=32768 user=42 took=12ms\n")
	for buf.Len()+len(line) <= 32<<10 {
		buf.Write(line)
	}
	n := buf.Len()
	if id%3 == 0 {
		flush(buf)
		return n
	}
	bufPool.Put(buf)
	return n
}

func flush(buf *bytes.Buffer) {
	_ = buf.Bytes()
}

// compress is unrelated short-lived garbage, to keep the GC busy.
func compress(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		tmp := make([]byte, 192<<10)
		for j := 0; j < len(tmp); j += 4096 {
			tmp[j] = byte(i + j)
		}
		total += int(tmp[len(tmp)-1])
	}
	return total
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)
	registryCap = *leakCapFlag << 20

	ticker := time.NewTicker(time.Second / time.Duration(*rateFlag))
	defer ticker.Stop()
	lastLog := time.Now()
	for id := 0; ; id++ {
		now := <-ticker.C
		handle(id)
		compress(4)
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			registryMu.Lock()
			log.Printf("%d requests, %d buffers registered (%s)", id+1, len(allBuffers), demoserve.MiB(registered))
			registryMu.Unlock()
		}
	}
}
