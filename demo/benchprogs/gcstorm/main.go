// Command gcstorm makes garbage collections at a steady rate (about -rate per second,
// default 1000) on a tiny heap, for measuring what gcdiff costs while a program prints
// GODEBUG=gctrace=1 lines as fast as that. Each cycle is a runtime.GC(), paced against
// the clock; it runs until killed, or for -seconds when given.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

var sink [][]byte

func main() {
	rate := flag.Int("rate", 1000, "garbage collections per `second`")
	seconds := flag.Float64("seconds", 0, "stop after this many `seconds` (0: run until killed)")
	flag.Parse()
	if *rate <= 0 {
		fmt.Fprintln(os.Stderr, "gcstorm: -rate must be positive")
		os.Exit(2)
	}
	interval := time.Second / time.Duration(*rate)
	start := time.Now()
	var deadline time.Time
	if *seconds > 0 {
		deadline = start.Add(time.Duration(*seconds * float64(time.Second)))
	}
	for i := 1; ; i++ {
		// A little garbage so that each cycle has something to sweep.
		sink = sink[:0]
		for j := 0; j < 16; j++ {
			sink = append(sink, make([]byte, 256))
		}
		runtime.GC()
		if !deadline.IsZero() && time.Now().After(deadline) {
			break
		}
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
	}
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	fmt.Printf("gcstorm: %d GCs in %.2fs\n", stats.NumGC, time.Since(start).Seconds())
}
