// Command steady is the control: it allocates plenty of garbage, but its live heap
// stays flat. There is no leak.
//
// Requests are rendered with large scratch buffers and many small strings, and each
// response is kept in a fixed-size ring of the 16 most recent ones (4 MiB), which
// overwrites its oldest slot: main.(*ring).put allocates steadily but retains a
// constant amount. A diff between two marks shows only noise (the responses are
// large, so nearly every one is sampled and that noise stays small).
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var rateFlag = flag.Int("rps", 100, "requests per second")

const responseSize = 256 << 10

type ring struct {
	slots [][]byte
	next  int
}

func (r *ring) put(body []byte) {
	v := make([]byte, len(body))
	copy(v, body)
	r.slots[r.next] = v
	r.next = (r.next + 1) % len(r.slots)
}

func render(id int) []byte {
	scratch := make([]byte, 256<<10)
	for i := 0; i < len(scratch); i += 4096 {
		scratch[i] = byte(id + i)
	}
	rows := make([]string, 0, 64)
	for i := 0; i < 64; i++ {
		rows = append(rows, fmt.Sprintf("request=%d row=%d", id, i))
	}
	body := make([]byte, 0, responseSize)
	for len(body) < responseSize {
		body = append(body, scratch[:4096]...)
		for _, r := range rows {
			body = append(body, r...)
		}
	}
	return body[:responseSize]
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	recent := &ring{slots: make([][]byte, 16)}
	const tick = 10 * time.Millisecond
	perTick := *rateFlag / int(time.Second/tick)
	if perTick < 1 {
		perTick = 1
	}
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	id := 0
	lastLog := time.Now()
	for now := range ticker.C {
		for i := 0; i < perTick; i++ {
			recent.put(render(id))
			id++
		}
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			log.Printf("served %d requests", id)
		}
	}
}
