// Command splicegen makes the Go runtime's gctrace lines and the program's own stderr output
// land in each other: it allocates hard (so GC runs often) while several goroutines write to
// stderr at a high rate with the log package (lines start with a date), with fmt partial
// writes (no newline), and with a log/slog JSON handler.
//
// Run it with GODEBUG=gctrace=1 and capture stderr. The truth is recorded from the program's
// side: every byte it wrote to stderr is also written, in the same order, to -truth, and the
// number of completed GC cycles (runtime/metrics /gc/cycles/total:gc-cycles) goes to -numgc.
//
// Every write goes through one mutex that writes the same bytes to stderr and to the truth
// file, so the truth file holds the program's stderr bytes in the order they were written.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"
)

// teeWriter writes each Write to stderr and to the truth file, under one lock, as one write(2)
// on stderr (like log and slog do).
type teeWriter struct {
	mu    sync.Mutex
	truth io.Writer
}

func (t *teeWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := t.truth.Write(p); err != nil {
		return 0, err
	}
	return os.Stderr.Write(p)
}

var sink [][]byte

func main() {
	truthPath := flag.String("truth", "", "file that receives a copy of everything written to stderr")
	numgcPath := flag.String("numgc", "", "file that receives the number of completed GC cycles")
	duration := flag.Duration("d", 500*time.Millisecond, "how long to run")
	mode := flag.String("mode", "all", "log | fmt | slog | all")
	pause := flag.Duration("sleep", 20*time.Microsecond, "pause between two writes of one writer")
	flag.Parse()

	var truth io.Writer = io.Discard
	if *truthPath != "" {
		f, err := os.Create(*truthPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		truth = f
	}
	out := &teeWriter{truth: truth}
	logger := log.New(out, "", log.LstdFlags|log.Lmicroseconds)
	jsonLog := slog.New(slog.NewJSONHandler(out, nil))

	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	writer := func(kind string, id int) {
		defer wg.Done()
		for i := 0; time.Now().Before(deadline); i++ {
			switch kind {
			case "log":
				logger.Printf("worker %d request %d served in %dus", id, i, i%977)
			case "fmt":
				// A progress counter written in pieces, without a newline until the end.
				fmt.Fprint(out, "progress "+strconv.Itoa(i)+" ")
				if i%10 == 9 {
					fmt.Fprint(out, "done\n")
				}
			case "slog":
				jsonLog.Info("served", "worker", id, "n", i, "bytes", i*37)
			}
			time.Sleep(*pause)
		}
	}
	kinds := []string{"log", "fmt", "slog"}
	if *mode != "all" {
		kinds = []string{*mode}
	}
	for id, k := range kinds {
		wg.Add(1)
		go writer(k, id)
	}
	// Allocate hard so that the GC runs many times, with a live set that moves.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; time.Now().Before(deadline); i++ {
			b := make([]byte, 64<<10)
			if i%4 == 0 {
				sink = append(sink, b)
			}
			if len(sink) > 400 {
				sink = sink[:0]
			}
			if i%2000 == 0 {
				runtime.GC()
			}
		}
	}()
	wg.Wait()
	fmt.Fprint(out, "end of program\n")

	if *numgcPath != "" {
		sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(sample)
		n := sample[0].Value.Uint64()
		if err := os.WriteFile(*numgcPath, []byte(strconv.FormatUint(n, 10)+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// The runtime counts a cycle before it prints its gctrace line (the print comes
		// after the world restarts): give it time to print the cycles counted above, or
		// a program that exits at once can take the last line with it.
		time.Sleep(100 * time.Millisecond)
	}
}
