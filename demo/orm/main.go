// Command orm is a heap demo for gcdiff graph: ORM-like records with
// back-references (Customer ↔ Orders, Order → Lines → Order), all reachable
// from the global main.customers, which only grows. The leak site is
// main.newOrder. Now and then it tries json.Marshal on a customer and logs the
// standard library's cycle error to stderr.
//
//	GCDIFF_MEMPROFILERATE=1 go run ./orm -print-addr
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"gcdiff.dev/demo/internal/demoserve"
)

// Customer has orders that point back at it.
type Customer struct {
	ID     int
	Email  string
	Orders []*Order
}

// Order belongs to a customer and has lines that point back at it.
type Order struct {
	ID       int
	Customer *Customer
	Lines    []*Line
	Memo     [256]byte
}

// Line points back at its order.
type Line struct {
	Order    *Order
	SKU      string
	Quantity int
	Cents    int64
}

var (
	mu        sync.Mutex
	customers = map[int]*Customer{}
	orderID   int
)

//go:noinline
func newCustomer(id int) *Customer {
	return &Customer{ID: id, Email: fmt.Sprintf("c%d@example.test", id)}
}

// newOrder allocates an order with its lines: the leak site.
//
//go:noinline
func newOrder(c *Customer, id, lines int) *Order {
	o := &Order{ID: id, Customer: c}
	o.Lines = make([]*Line, lines)
	for i := range o.Lines {
		o.Lines[i] = &Line{Order: o, SKU: "sku", Quantity: i + 1, Cents: int64(100 * (i + 1))}
	}
	c.Orders = append(c.Orders, o)
	return o
}

func tick(perTick int) {
	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < perTick; i++ {
		orderID++
		cid := orderID % 50
		c := customers[cid]
		if c == nil {
			c = newCustomer(cid)
			customers[cid] = c
		}
		newOrder(c, orderID, 1+orderID%4)
	}
}

func tryMarshal() {
	mu.Lock()
	c := customers[1]
	mu.Unlock()
	if c == nil {
		return
	}
	if _, err := json.Marshal(c); err != nil {
		fmt.Fprintf(os.Stderr, "orm: marshal customer %d: %v\n", c.ID, err)
	}
}

func main() {
	perTick := flag.Int("per-tick", 25, "orders added per tick")
	interval := flag.Duration("tick", 100*time.Millisecond, "tick interval")
	// Flags, loopback-only pprof and the heap-dump agent, as in every demo.
	demoserve.Start()

	n := 0
	for t := time.NewTicker(*interval); ; <-t.C {
		tick(*perTick)
		n++
		if n%50 == 1 {
			tryMarshal()
		}
	}
}
