// Command families is a heap demo for gcdiff graph: households of parents and
// children that point at each other (parent → children slice → child → parent),
// kept forever in the global registry main.households, so every family is a
// reference cycle that leaks. The leak site is main.newFamily.
//
//	GCDIFF_MEMPROFILERATE=1 go run ./families -print-addr
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"sync"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

// Family is a parent with children that point back at it.
type Family struct {
	ID       int
	Name     string
	Children []*Child
	Notes    [384]byte
}

// Child points back at its family.
type Child struct {
	Parent *Family
	Age    int
	Toys   [8]uint64
}

var (
	mu         sync.Mutex
	households = map[int]*Family{}
	nextID     int
)

// newFamily allocates a family with its children: the leak site.
//
//go:noinline
func newFamily(id, kids int) *Family {
	f := &Family{ID: id, Name: fmt.Sprintf("family-%d", id)}
	f.Children = make([]*Child, 0, kids)
	for i := 0; i < kids; i++ {
		f.Children = append(f.Children, &Child{Parent: f, Age: i})
	}
	return f
}

func grow(perTick int) {
	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < perTick; i++ {
		nextID++
		households[nextID] = newFamily(nextID, 2+nextID%3)
	}
}

// churn makes short-lived garbage so the GC has work to do.
func churn() {
	buf := make([]byte, 4096+rand.Intn(4096))
	_ = buf[len(buf)-1]
}

func main() {
	perTick := flag.Int("per-tick", 20, "families added per tick")
	tick := flag.Duration("tick", 100*time.Millisecond, "tick interval")
	// Flags, loopback-only pprof and the heap-dump agent, as in every demo.
	demoserve.Start()

	for t := time.NewTicker(*tick); ; <-t.C {
		grow(*perTick)
		for i := 0; i < 8; i++ {
			churn()
		}
		if nextID%2000 == 0 {
			fmt.Fprintf(os.Stderr, "families: %d households\n", len(households))
		}
	}
}
