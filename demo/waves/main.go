// Command waves is gcdiff's main demo (`gcdiff demo` runs it): a batch job whose
// working set rises and falls in waves, that logs a line every second and that leaks
// slowly.
//
// Every 50 ms the job grows or shrinks its four stages (read, decode, index, render)
// towards the size the current wave asks for, churns through short-lived scratch
// buffers, and appends a copy of the batch summary to an audit log that nothing ever
// trims. That copy, allocated in main.(*auditLog).record, is the leak: about 1 MiB/s
// until -leak-cap is reached, after which the log stops growing.
package main

import (
	"flag"
	"log"
	"math"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	leakKiBFlag = flag.Int("leak-kib", 960, "leak rate in KiB per second")
	leakCapFlag = flag.Int("leak-cap", 64, "stop leaking once the audit log holds this many `MiB`")
	waveMiBFlag = flag.Int("wave-mib", 12, "working set at the crest of a wave, in MiB")
	periodFlag  = flag.Duration("period", 16*time.Second, "length of one wave")
)

const (
	tick      = 50 * time.Millisecond
	chunkSize = 128 << 10
)

// stage holds the chunks one step of the batch is working on.
type stage struct {
	chunks [][]byte
}

// resize allocates or drops chunks until the stage holds target of them.
func (s *stage) resize(target int, alloc func(seq int) []byte) {
	for len(s.chunks) < target {
		s.chunks = append(s.chunks, alloc(len(s.chunks)))
	}
	for len(s.chunks) > target {
		s.chunks[len(s.chunks)-1] = nil
		s.chunks = s.chunks[:len(s.chunks)-1]
	}
}

func (s *stage) bytes() int { return len(s.chunks) * chunkSize }

func readInput(seq int) []byte     { return stamp(make([]byte, chunkSize), seq) }
func decodeRecords(seq int) []byte { return stamp(make([]byte, chunkSize), seq*3) }
func buildIndex(seq int) []byte    { return stamp(make([]byte, chunkSize), seq*5) }
func renderOutput(seq int) []byte  { return stamp(make([]byte, chunkSize), seq*7) }

// stamp writes into every page so the memory is really used.
func stamp(b []byte, seed int) []byte {
	for i := 0; i < len(b); i += 4096 {
		b[i] = byte(seed + i)
	}
	return b
}

// auditLog keeps a copy of every batch summary "for later inspection". Nothing reads
// or trims it: this is the leak.
type auditLog struct {
	entries [][]byte
	bytes   int
	limit   int
	full    bool
}

func (a *auditLog) record(summary []byte, size int) {
	if a.bytes+size > a.limit {
		if !a.full {
			a.full = true
			log.Printf("audit log reached -leak-cap (%s): it no longer grows", demoserve.MiB(a.bytes))
		}
		return
	}
	entry := make([]byte, size)
	copy(entry, summary)
	stamp(entry, len(a.entries))
	a.entries = append(a.entries, entry)
	a.bytes += size
}

// scratch is the short-lived garbage of one tick: buffers used once and dropped.
func scratch(n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		buf := make([]byte, 256<<10)
		stamp(buf, i)
		sum += int(buf[len(buf)/2])
		parts := make([]string, 0, 64)
		for j := 0; j < 64; j++ {
			parts = append(parts, string(buf[j:j+48]))
		}
		sum += len(parts)
	}
	return sum
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	stages := []struct {
		s     *stage
		alloc func(int) []byte
	}{
		{&stage{}, readInput},
		{&stage{}, decodeRecords},
		{&stage{}, buildIndex},
		{&stage{}, renderOutput},
	}
	audit := &auditLog{limit: *leakCapFlag << 20}
	leakPerTick := (*leakKiBFlag << 10) / int(time.Second/tick)
	perStage := float64(*waveMiBFlag<<20) / float64(len(stages)) / chunkSize

	start := time.Now()
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	var records, ticks int
	lastLog := start
	for now := range ticker.C {
		ticks++
		elapsed := now.Sub(start).Seconds()
		phase := 2 * math.Pi * elapsed / periodFlag.Seconds()
		target := int(math.Round(perStage * (1 - math.Cos(phase)) / 2))
		working := 0
		for _, st := range stages {
			st.s.resize(target, st.alloc)
			working += st.s.bytes()
		}
		records += 100 + scratch(8)%7
		summary := []byte(now.Format(time.RFC3339Nano))
		audit.record(summary, leakPerTick)

		if now.Sub(lastLog) >= time.Second {
			lastLog = now
			wave := int(elapsed/periodFlag.Seconds()) + 1
			log.Printf("wave %d: working set %s, %d records processed, audit log %s (%d entries)",
				wave, demoserve.MiB(working), records, demoserve.MiB(audit.bytes), len(audit.entries))
		}
	}
}
