// Command profilegen is a small program whose heap and goroutines grow on
// request, used by gcdiff's tests to capture real pprof profiles.
//
// It serves net/http/pprof on 127.0.0.1:0 and prints "PORT <n>" on its first
// line. Each GET /grow?n=<k> adds k rounds of growth: a recursive tree, byte
// buffers from small inlinable helpers, records appended to a global slice,
// and goroutines parked on a channel, in a select, on a mutex and on a
// WaitGroup. GET /quit exits.
package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
)

type node struct {
	left, right *node
	payload     [48]byte
}

type record struct {
	id   int
	name string
	data []byte
}

var (
	mu      sync.Mutex
	trees   []*node
	buffers [][]byte
	records []*record
	parked  = make(chan struct{})
	blocker sync.Mutex
	group   sync.WaitGroup
)

// buildTree is recursive: its cum must be counted once per stack.
func buildTree(depth int) *node {
	n := &node{}
	if depth > 0 {
		n.left = buildTree(depth - 1)
		n.right = buildTree(depth - 1)
	}
	return n
}

// ping and pong recurse through each other.
func ping(depth int, out [][]byte) [][]byte {
	out = append(out, makeBuffer(512))
	if depth == 0 {
		return out
	}
	return pong(depth-1, out)
}

func pong(depth int, out [][]byte) [][]byte {
	out = append(out, makeBuffer(1024))
	return ping(depth, out)
}

// makeBuffer and newRecord are small enough to be inlined into their callers.
func makeBuffer(n int) []byte { return make([]byte, n) }

func newRecord(id int) *record {
	return &record{id: id, name: "record-" + strconv.Itoa(id), data: makeBuffer(256)}
}

func fillRecords(count int) {
	for i := 0; i < count; i++ {
		records = append(records, newRecord(len(records)))
	}
}

func waitOnChannel() { <-parked }

func waitInSelect(other chan int) {
	select {
	case <-parked:
	case <-other:
	}
}

func waitOnMutex() {
	blocker.Lock()
	blocker.Unlock() //nolint:staticcheck
}

func waitOnGroup() { group.Wait() }

func grow(rounds int) {
	mu.Lock()
	defer mu.Unlock()
	for r := 0; r < rounds; r++ {
		trees = append(trees, buildTree(9))
		buffers = ping(6, buffers)
		fillRecords(400)
		buffers = append(buffers, makeBuffer(64<<10))
		go waitOnChannel()
		go waitInSelect(make(chan int))
		go waitOnMutex()
		go waitOnGroup()
	}
}

func main() {
	if rate := os.Getenv("PROFILEGEN_MEMPROFILERATE"); rate != "" {
		if n, err := strconv.Atoi(rate); err == nil {
			runtime.MemProfileRate = n
		}
	}
	// The mutex and the WaitGroup stay held so their waiters stay parked.
	blocker.Lock()
	group.Add(1)

	http.HandleFunc("/grow", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 0 {
			http.Error(w, "bad n", http.StatusBadRequest)
			return
		}
		grow(n)
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "bye")
		go os.Exit(0)
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("PORT %d\n", listener.Addr().(*net.TCPAddr).Port)
	if err := http.Serve(listener, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
