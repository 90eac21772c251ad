// Package demoserve is what every demo program shares: flags, the heap profiling rate,
// and the loopback-only server of net/http/pprof and of the heap-dump agent.
package demoserve

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"os"
	"runtime"
	"strconv"
	"time"

	_ "gcdiff.dev/demo/agent" // serves /debug/gcdiff/heapdump for gcdiff --heapdump
)

var (
	addrFlag      = flag.String("addr", "127.0.0.1:0", "loopback `host:port` for the pprof endpoint; when given, the URL is printed")
	printAddrFlag = flag.Bool("print-addr", false, "print the pprof base URL on stdout")
	memRateFlag   = flag.Int("memprofilerate", 64<<10, "runtime.MemProfileRate in `bytes` (0 keeps Go's default); GCDIFF_MEMPROFILERATE takes precedence")
)

// Start parses the flags, sets the heap profiling rate and serves net/http/pprof
// (and anything else on http.DefaultServeMux) on a loopback address. The address is
// printed only when -addr or -print-addr is given: by default a tool finds the port
// from the process's listening sockets.
func Start() {
	flag.Parse()
	setMemProfileRate()
	ln, err := listenLoopback(*addrFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *printAddrFlag || flagGiven("addr") {
		fmt.Printf("pprof: http://%s/debug/pprof/\n", ln.Addr())
	}
	srv := &http.Server{Handler: http.DefaultServeMux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil {
			fmt.Fprintln(os.Stderr, "pprof server:", err)
			os.Exit(1)
		}
	}()
}

// setMemProfileRate samples the heap more finely than Go's default (512 KiB), so that
// a diff over a few seconds is not dominated by sampling noise.
func setMemProfileRate() {
	if env := os.Getenv("GCDIFF_MEMPROFILERATE"); env != "" {
		if n, err := strconv.Atoi(env); err == nil && n > 0 {
			runtime.MemProfileRate = n
		}
		return
	}
	if *memRateFlag > 0 {
		runtime.MemProfileRate = *memRateFlag
	}
}

// listenLoopback refuses any address that is not loopback: these programs expose
// pprof, which must never be reachable from the network.
func listenLoopback(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-addr %q: %v", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("-addr %q: only loopback addresses (127.0.0.0/8, ::1) are allowed", addr)
	}
	return net.Listen("tcp", net.JoinHostPort(ip.String(), port))
}

func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == name {
			given = true
		}
	})
	return given
}

// MiB formats a byte count for log lines.
func MiB(n int) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
