// Command ctxchain leaks request state chained with context.WithValue onto a
// long-lived context.
//
// A worker keeps one context for its whole life. For each request,
// main.(*worker).handle allocates the request's state and attaches it with
// w.ctx = context.WithValue(w.ctx, ...), deriving from and storing back into the
// worker's context instead of a per-request one. Each new context wraps the previous
// one, so the chain keeps every request's state alive (and a lookup of a key set at
// the root walks the whole chain). The state, allocated in main.(*worker).handle, is
// the leak: about 1 MiB/s until -leak-cap.
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

var (
	leakCapFlag = flag.Int("leak-cap", 64, "stop chaining once the chain holds this many `MiB`")
	rateFlag    = flag.Int("rps", 64, "requests per second")
)

type (
	stateKey struct{}
	traceKey struct{}
)

type requestState struct {
	id      int
	started time.Time
	body    []byte
}

type worker struct {
	base    context.Context
	ctx     context.Context
	depth   int
	chained int
	limit   int
	full    bool
}

// handle serves one request. The bug is the assignment to w.ctx.
func (w *worker) handle(id int) int {
	st := &requestState{id: id, started: time.Now(), body: make([]byte, 16<<10)}
	for i := 0; i < len(st.body); i += 1024 {
		st.body[i] = byte(id + i)
	}
	if w.chained+len(st.body) <= w.limit {
		w.ctx = context.WithValue(w.ctx, stateKey{}, st)
		w.depth++
		w.chained += len(st.body)
		return w.serve(w.ctx)
	}
	if !w.full {
		w.full = true
		log.Printf("context chain reached -leak-cap (%s, %d deep): it no longer grows", demoserve.MiB(w.chained), w.depth)
	}
	return w.serve(context.WithValue(w.base, stateKey{}, st))
}

// serve reads the request state and the trace ID from ctx, and makes some garbage.
func (w *worker) serve(ctx context.Context) int {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	trace, _ := ctx.Value(traceKey{}).(string) // walks the whole chain
	out := make([]byte, 0, 128<<10)
	for len(out) < cap(out)-len(trace)-16 {
		out = append(out, trace...)
		out = append(out, st.body[:16]...)
	}
	encoded := make([]byte, 512<<10)
	copy(encoded, out)
	return len(encoded) + st.id
}

func main() {
	demoserve.Start()
	log.SetFlags(log.Ltime)

	base := context.WithValue(context.Background(), traceKey{}, "trace-7f3a")
	w := &worker{base: base, ctx: base, limit: *leakCapFlag << 20}
	ticker := time.NewTicker(time.Second / time.Duration(*rateFlag))
	defer ticker.Stop()
	lastLog := time.Now()
	for id := 0; ; id++ {
		now := <-ticker.C
		w.handle(id)
		if now.Sub(lastLog) >= 5*time.Second {
			lastLog = now
			log.Printf("%d requests, context chain %d deep holding %s", id+1, w.depth, demoserve.MiB(w.chained))
		}
	}
}
