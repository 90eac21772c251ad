// Command cache serves made-up report requests through a response cache that only
// grows, next to heavy short-lived garbage.
//
// The cache key includes the request's timestamp, so no key is ever asked for twice:
// every response is copied into the map by main.(*cache).put, never hit and never
// evicted. That copy is the leak (about 1 MiB/s until -leak-cap). Rendering each
// response, in main.render, allocates far more, but all of it is garbage at once.
package main

import (
	"flag"
	"fmt"
	"log"
	"sync"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	leakCapFlag = flag.Int("leak-cap", 64, "stop caching once the cache holds this many `MiB`")
	rateFlag    = flag.Int("rps", 200, "requests per second")
)

type cache struct {
	mu    sync.Mutex
	m     map[string][]byte
	bytes int
	limit int
	full  bool
	hits  int
}

func (c *cache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	if ok {
		c.hits++
	}
	return v, ok
}

// put keeps a private copy of body under key. With no eviction and keys that never
// repeat, every copy stays reachable from c.m forever.
func (c *cache) put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+len(body) > c.limit {
		if !c.full {
			c.full = true
			log.Printf("cache reached -leak-cap (%s): it no longer grows", demoserve.MiB(c.bytes))
		}
		return
	}
	v := make([]byte, len(body))
	copy(v, body)
	c.m[key] = v
	c.bytes += len(v)
}

// render builds a response the wasteful way: a large scratch buffer and many small
// strings, all garbage once the response body is cut out of it.
func render(user int, now time.Time) []byte {
	scratch := make([]byte, 256<<10)
	for i := 0; i < len(scratch); i += 4096 {
		scratch[i] = byte(user + i)
	}
	rows := make([]string, 0, 128)
	for i := 0; i < 128; i++ {
		rows = append(rows, fmt.Sprintf("user=%d row=%d at=%d", user, i, now.UnixNano()))
	}
	body := make([]byte, 0, 5<<10)
	for len(body) < 5<<10 {
		for _, r := range rows {
			body = append(body, r...)
		}
	}
	return body[:5<<10]
}

func handle(c *cache, user int, now time.Time) int {
	// The bug: a timestamp in the key makes every key unique.
	key := fmt.Sprintf("/report?user=%d&t=%d", user, now.UnixNano())
	if body, ok := c.get(key); ok {
		return len(body)
	}
	body := render(user, now)
	c.put(key, body)
	return len(body)
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	c := &cache{m: make(map[string][]byte), limit: *leakCapFlag << 20}
	const tick = 10 * time.Millisecond
	perTick := *rateFlag / int(time.Second/tick)
	if perTick < 1 {
		perTick = 1
	}
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	served, user := 0, 0
	lastLog := time.Now()
	for now := range ticker.C {
		for i := 0; i < perTick; i++ {
			user = (user + 1) % 1000
			handle(c, user, now.Add(time.Duration(i)))
			served++
		}
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			c.mu.Lock()
			log.Printf("served %d requests, cache %d entries (%s), %d hits", served, len(c.m), demoserve.MiB(c.bytes), c.hits)
			c.mu.Unlock()
		}
	}
}
