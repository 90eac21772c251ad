// Command bigheap builds a large heap of linked structures for the gcdiff
// heap-dump benchmark, then writes two heap dumps: A after building 95% of
// -mb MiB of nodes, and B after building the last 5%.
//
//	bigheap -mb 1024 -a a.heapdump -b b.heapdump
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
)

type node struct {
	next, prev *node
	peer       *node
	value      [5]uint64
}

type bucket struct {
	nodes []*node
	label string
}

var roots []*bucket

// build allocates about mb MiB of nodes (64 bytes each) in doubly linked
// chains of 1024, with a cross pointer into the previous chain.
//
//go:noinline
func build(mb int) {
	count := mb << 20 / 64
	var prevChain []*node
	for count > 0 {
		b := &bucket{label: fmt.Sprintf("bucket-%d", len(roots))}
		chain := make([]*node, 0, 1024)
		var prev *node
		for i := 0; i < 1024 && count > 0; i, count = i+1, count-1 {
			n := &node{prev: prev}
			n.value[0] = uint64(i)
			if prev != nil {
				prev.next = n
			}
			if len(prevChain) > i {
				n.peer = prevChain[i]
			}
			chain = append(chain, n)
			prev = n
		}
		b.nodes = chain
		prevChain = chain
		roots = append(roots, b)
	}
}

func dump(path string) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.GC()
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	mb := flag.Int("mb", 1024, "MiB of linked nodes before dump A")
	a := flag.String("a", "a.heapdump", "path of dump A")
	b := flag.String("b", "b.heapdump", "path of dump B")
	rate := flag.Int("memprofilerate", 0, "runtime.MemProfileRate (0: the default)")
	flag.Parse()
	if *rate > 0 {
		runtime.MemProfileRate = *rate
	}
	debug.SetGCPercent(400)
	build(*mb * 95 / 100)
	dump(*a)
	build(*mb * 5 / 100)
	dump(*b)
	runtime.KeepAlive(roots)
}
