// Command heapcheck writes a heap dump of a process with known structures, to
// verify runtime/debug.WriteHeapDump: a global pointing at a linked list of N
// nodes, a goroutine holding a pointer on its stack, and an object with a
// finalizer. It prints the addresses of those structures as JSON on stdout.
//
//	heapcheck -n 1000 -o dump.bin
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

func init() { runtime.MemProfileRate = 1 }

type node struct {
	next    *node
	payload [3]uint64
}

type stackHeld struct {
	marker [4]uint64
	self   *stackHeld
}

type finalized struct{ data [2]uint64 }

var listHead *node
var keepFinalized *finalized

func buildList(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head, payload: [3]uint64{uint64(i), 0xfeed, 0xbeef}}
	}
	return head
}

//go:noinline
func newStackHeld() *stackHeld {
	s := &stackHeld{marker: [4]uint64{0x5a5a5a5a, 1, 2, 3}}
	s.self = s
	return s
}

func holder(ready chan<- uintptr, release <-chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	p := newStackHeld()
	ready <- uintptrOf(p)
	<-release
	runtime.KeepAlive(p)
}

func uintptrOf[T any](p *T) uintptr {
	var out uintptr
	fmt.Sscanf(fmt.Sprintf("%p", p), "0x%x", &out)
	return out
}

func main() {
	n := flag.Int("n", 1000, "list length")
	out := flag.String("o", "heapcheck.dump", "dump file")
	flag.Parse()

	listHead = buildList(*n)
	keepFinalized = &finalized{data: [2]uint64{7, 7}}
	runtime.SetFinalizer(keepFinalized, func(*finalized) {})

	ready := make(chan uintptr)
	release := make(chan struct{})
	var done sync.WaitGroup
	done.Add(1)
	go holder(ready, release, &done)
	stackAddr := <-ready

	f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.GC()
	debug.WriteHeapDump(f.Fd())
	f.Close()
	close(release)
	done.Wait()

	nodes := make([]string, 0, 3)
	for p := listHead; p != nil && len(nodes) < 3; p = p.next {
		nodes = append(nodes, fmt.Sprintf("%#x", uintptrOf(p)))
	}
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"n":          *n,
		"listHead":   fmt.Sprintf("%#x", uintptrOf(listHead)),
		"firstNodes": nodes,
		"stackHeld":  fmt.Sprintf("%#x", stackAddr),
		"finalized":  fmt.Sprintf("%#x", uintptrOf(keepFinalized)),
		"nodeSize":   32,
	})
	runtime.KeepAlive(listHead)
}
