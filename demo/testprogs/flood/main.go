// Command flood is a test program for gcdiff's "nothing is lost" test: for
// -seconds it writes about -rate lines per second to stderr while it churns
// through garbage so the runtime collects many times a second, then prints
// what it did and exits.
//
// The stderr text mixes lines of the log package (which start with a date, so
// with digits) and lines put together from several fmt writes, each its own
// write(2), so gctrace lines of the runtime land between them and inside them.
// Every byte written to stderr is also written, in the same order, to the file
// given by -copy, so a test can compare what a wrapper recorded with what was
// really written.
//
// At the end it prints to stdout, one per line:
//
//	progress=<iterations of the work loop>
//	lines=<lines written to stderr>
//	bytes=<bytes written to stderr>
//	numgc=<runtime.MemStats.NumGC>
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"
)

var (
	copyPath = flag.String("copy", "", "write a copy of everything written to stderr to this `file` (required)")
	seconds  = flag.Float64("seconds", 5, "run this long, then exit")
	rate     = flag.Int("rate", 10000, "stderr lines per second")
)

// tee writes to stderr first, then the same bytes to the copy.
type tee struct {
	copy  *bufio.Writer
	bytes int64
}

func (t *tee) Write(p []byte) (int, error) {
	n, err := os.Stderr.Write(p)
	t.copy.Write(p[:n])
	t.bytes += int64(n)
	return n, err
}

// ring keeps the latest buffers alive for a while; everything else is garbage at once.
var ring [2048][]byte

// work is one iteration of the loop whose count is the progress figure: a few
// short-lived allocations and a little arithmetic over them.
func work(iter int) uint64 {
	b := make([]byte, 1024+iter%1024)
	var sum uint64
	for i := 0; i < len(b); i += 16 {
		b[i] = byte(iter + i)
		sum += uint64(b[i])
	}
	ring[iter%len(ring)] = b
	small := make([]*int, 16)
	for i := range small {
		v := iter + i
		small[i] = &v
	}
	return sum + uint64(*small[iter%16])
}

func main() {
	flag.Parse()
	if *copyPath == "" {
		fmt.Fprintln(os.Stderr, "flood: -copy is required")
		os.Exit(2)
	}
	f, err := os.OpenFile(*copyPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
	out := &tee{copy: bufio.NewWriterSize(f, 1<<20)}
	std := log.New(out, "", log.LstdFlags)
	precise := log.New(out, "[flood] ", log.LstdFlags|log.Lmicroseconds|log.Lmsgprefix)

	line := func(i int) {
		switch i % 5 {
		case 0:
			std.Printf("request %d served in %dµs", i, 40+i%997)
		case 1:
			// One line in three writes.
			fmt.Fprintf(out, "worker %d: ", i%8)
			fmt.Fprintf(out, "step %d ", i)
			fmt.Fprint(out, "ok\n")
		case 2:
			precise.Printf("batch %d: %d items, %d MB", i/5, i%300, i%64)
		case 3:
			// Starts with digits, like a log date, in two writes.
			fmt.Fprintf(out, "%d/%d done, ", i, i+7)
			fmt.Fprintf(out, "queue %d → %d\n", i%50, (i+1)%50)
		default:
			fmt.Fprintf(out, "%d", i)
			fmt.Fprintf(out, " ms %d %%: ", i%100)
			fmt.Fprint(out, "tick\n")
		}
	}

	start := time.Now()
	limit := time.Duration(*seconds * float64(time.Second))
	var progress, lines int
	var check uint64
	for {
		check += work(progress)
		progress++
		elapsed := time.Since(start)
		for want := int(elapsed.Seconds() * float64(*rate)); lines < want; lines++ {
			line(lines)
		}
		if elapsed >= limit {
			break
		}
	}
	if err := out.copy.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("progress=%d\nlines=%d\nbytes=%d\nnumgc=%d\ncheck=%d\n", progress, lines, out.bytes, m.NumGC, check%10)
	// The runtime counts a cycle before it prints its gctrace line (the print comes after
	// the world restarts): give it time to print the cycles counted above before exiting.
	time.Sleep(100 * time.Millisecond)
}
