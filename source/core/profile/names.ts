/**
 * Go symbol names: packages, runtime frames, and the --filter glob.
 */

/**
 * Frames that are runtime machinery rather than the code that asked for it. A parked
 * goroutine's leaf is always one of these (runtime.gopark, runtime.chanrecv, runtime.selectgo,
 * ...), so for goroutine profiles gcdiff charges the goroutine to the first frame from the
 * leaf that does not match.
 *
 * - `runtime.`, `runtime/internal/`, `internal/runtime/`: the runtime itself. Not
 *   `runtime/pprof.` or `runtime/debug.`: those are ordinary packages.
 * - `sync.` and `internal/sync.` (its Go 1.24+ implementation): a goroutine parked in
 *   `sync.(*Mutex).Lock` or `sync.(*WaitGroup).Wait` is, like one parked in a channel receive,
 *   best charged to the code that asked to wait; otherwise every mutex wait of the program
 *   would pile up in one `sync.(*Mutex).Lock` row. (`sync/atomic.` is not matched.)
 * - `<pkg>.runtime_*`: the go:linkname shims the runtime provides to other packages,
 *   e.g. `sync.runtime_Semacquire`, `sync.runtime_SemacquireWaitGroup`,
 *   `internal/poll.runtime_pollWait`.
 *
 * Network waits stay with the poller (`internal/poll.(*pollDesc).wait`, reached through the
 * `internal/poll.runtime_pollWait` shim), which reads as "waiting for I/O".
 *
 * Written in the common subset of JavaScript and RE2 syntax, so the same pattern can be given
 * to `go tool pprof -hide`.
 */
export const RUNTIME_FRAME_PATTERN =
  '^(?:runtime\\.|runtime/internal/|internal/runtime/|internal/sync\\.|sync\\.)|^(?:[^.]*/)?[^./]+\\.runtime_';

const runtimeFrame = new RegExp(RUNTIME_FRAME_PATTERN);

export function isRuntimeFrame(functionName: string): boolean {
  return runtimeFrame.test(functionName);
}

/**
 * The package path of a Go symbol: "github.com/acme/store.(*DB).Get" → "github.com/acme/store",
 * "main.main.func1" → "main". A best effort: a path element with a dot (gopkg.in/yaml.v3) is
 * cut at its first dot.
 */
export function packageOf(functionName: string): string {
  const bracket = functionName.indexOf('[');
  const head = bracket === -1 ? functionName : functionName.slice(0, bracket);
  const slash = head.lastIndexOf('/');
  const dot = head.indexOf('.', slash + 1);
  return dot === -1 ? head : head.slice(0, dot);
}

/**
 * A --filter glob: `*` matches any run of characters (slashes and dots included), `?` one
 * character; several globs may be given separated by commas. A name matches when the glob
 * matches the whole function name or the whole package path.
 */
export function compileFilter(glob: string): (functionName: string) => boolean {
  const patterns = glob
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map((g) => {
      const source = g
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      return new RegExp(`^(?:${source})$`);
    });
  if (patterns.length === 0) return () => true;
  return (name) => {
    const pkg = packageOf(name);
    return patterns.some((re) => re.test(name) || re.test(pkg));
  };
}
