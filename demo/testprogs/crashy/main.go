// Command crashy is a test program for gcdiff's abnormal-exit tests: it churns
// through garbage (so the runtime collects several times a second and gctrace
// has something to say), logs a line now and then, and after -after ends the
// way -mode asks:
//
//	crash  a nil pointer dereference (the runtime's SIGSEGV panic, exit status 2)
//	panic  panic("crashy: deliberate panic") (exit status 2)
//	exit3  os.Exit(3)
//	sleep  never ends by itself: keeps churning until a signal ends it
//
// It serves nothing and listens on no port.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"
)

type node struct {
	next  *node
	value int
}

var (
	mode  = flag.String("mode", "sleep", "how to end: crash, panic, exit3 or sleep")
	after = flag.Duration("after", 1500*time.Millisecond, "run this long before ending")
	_     = flag.String("tag", "", "ignored: lets a test find its own processes by command line")
	sink  [][]byte
)

// churn allocates about 1 MiB of short-lived buffers, keeping a few alive.
func churn(round int) {
	for i := 0; i < 16; i++ {
		b := make([]byte, 64<<10)
		b[0] = byte(round + i)
		sink = append(sink, b)
		if len(sink) > 48 {
			sink = sink[len(sink)-16:]
		}
	}
}

func end() {
	switch *mode {
	case "crash":
		fmt.Fprintln(os.Stderr, "crashy: dereferencing a nil pointer")
		var n *node
		fmt.Println(n.value)
	case "panic":
		panic("crashy: deliberate panic")
	case "exit3":
		fmt.Fprintln(os.Stderr, "crashy: exiting with status 3")
		os.Exit(3)
	}
}

func main() {
	flag.Parse()
	switch *mode {
	case "crash", "panic", "exit3", "sleep":
	default:
		fmt.Fprintf(os.Stderr, "crashy: unknown -mode %q\n", *mode)
		os.Exit(2)
	}
	log.Printf("crashy: pid %d, mode %s", os.Getpid(), *mode)
	start := time.Now()
	lastLog := start
	for round := 0; ; round++ {
		churn(round)
		time.Sleep(10 * time.Millisecond)
		if time.Since(lastLog) >= time.Second {
			lastLog = time.Now()
			log.Printf("crashy: round %d", round)
		}
		if *mode != "sleep" && time.Since(start) >= *after {
			end()
		}
	}
}
