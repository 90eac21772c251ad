// Command goroutines leaks goroutines blocked on a channel send, a few per second.
//
// main.(*client).fetch asks a slow backend for a result with a deadline. It starts a
// goroutine that computes the result and sends it on an unbuffered channel; when the
// deadline passes first, fetch returns and nobody ever receives, so that goroutine,
// main.(*client).fetch.func1, blocks in chan send forever, holding its 64 KiB result.
// One request in four is slow: about 5 goroutines leak per second, until
// -max-leaked. The fix is a buffered channel (make(chan []byte, 1)).
package main

import (
	"errors"
	"flag"
	"log"
	"runtime"
	"sync/atomic"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	maxLeakedFlag = flag.Int("max-leaked", 1000, "stop leaking after this many goroutines")
	rateFlag      = flag.Int("rps", 20, "requests per second (one in four times out)")
)

var errTimeout = errors.New("timeout")

type client struct {
	slowEvery int
	leaked    atomic.Int64
	limit     int64
}

// fetch returns the result for id, or errTimeout after timeout.
func (c *client) fetch(id int, timeout time.Duration) ([]byte, error) {
	slow := id%c.slowEvery == 0
	if slow && c.leaked.Load() >= c.limit {
		slow = false // the cap: behave from now on
	}
	ch := make(chan []byte) // unbuffered: the bug
	go func() {
		res := make([]byte, 64<<10)
		for i := 0; i < len(res); i += 4096 {
			res[i] = byte(id + i)
		}
		if slow {
			time.Sleep(3 * timeout)
		}
		ch <- res // blocks forever once fetch has given up
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-ch:
		return res, nil
	case <-timer.C:
		c.leaked.Add(1)
		return nil, errTimeout
	}
}

// renderPage is ordinary short-lived garbage, to keep the GC busy.
func renderPage(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		buf := make([]byte, 128<<10)
		for j := 0; j < len(buf); j += 4096 {
			buf[j] = byte(i + j)
		}
		total += int(buf[i%len(buf)])
	}
	return total
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	c := &client{slowEvery: 4, limit: int64(*maxLeakedFlag)}
	interval := time.Second / time.Duration(*rateFlag)
	go func() {
		for i := 0; ; i++ {
			go func(id int) { _, _ = c.fetch(id, 20*time.Millisecond) }(i)
			time.Sleep(interval)
		}
	}()

	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	lastLog := time.Now()
	for now := range ticker.C {
		renderPage(4)
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			log.Printf("%d goroutines, %d leaked", runtime.NumGoroutine(), c.leaked.Load())
		}
	}
}
