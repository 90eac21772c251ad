// Command spin is an allocation-heavy work loop for a fixed time, for measuring how much
// a wrapper around it (gcdiff run) slows it down. Each iteration builds a small map of
// short strings and slices and keeps a bounded window of them live, so the collector
// runs often. At the end it prints one line:
//
//	spin: iterations=N numgc=G seconds=S
package main

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"time"
)

type item struct {
	name  string
	tags  []string
	attrs map[string]int
}

func work(i int) *item {
	it := &item{name: "item-" + strconv.Itoa(i), attrs: make(map[string]int, 4)}
	for j := 0; j < 4; j++ {
		key := "k" + strconv.Itoa(j)
		it.tags = append(it.tags, key)
		it.attrs[key] = i + j
	}
	return it
}

func main() {
	seconds := flag.Float64("seconds", 3, "run for this many `seconds`")
	live := flag.Int("live", 20000, "items kept live (a ring), which sets the live heap")
	flag.Parse()
	window := make([]*item, *live)
	deadline := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	start := time.Now()
	iterations := 0
	for time.Now().Before(deadline) {
		for k := 0; k < 1000; k++ {
			window[iterations%len(window)] = work(iterations)
			iterations++
		}
	}
	elapsed := time.Since(start).Seconds()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	fmt.Printf("spin: iterations=%d numgc=%d seconds=%.3f\n", iterations, stats.NumGC, elapsed)
}
