/**
 * V8 settings for gcdiff's own process (never the child's), for the commands that parse a
 * gctrace stream (run, attach, trace, demo).
 *
 * Less inlining per optimized function. The splice search (core/gctrace) is a few large
 * functions that V8's optimizing compiler builds several times while a heavily spliced trace
 * warms it up, on helper threads, and with the default budget most of a trace's first-parse
 * CPU is those compiles: parsing a real 5 s flood capture cold took 1.2–1.4 s of CPU, warm
 * ~0.28 s. With 300 bytes of bytecode inlined per function instead of 920 the cold parse took
 * ~0.19 s less (medians of 4 alternating runs: 1304 → 1116 ms) and the warm one the same
 * (281 and 270 ms); gcdiff's CPU during a live 5 s flood fell from 1.84 to 1.57 s (medians of
 * 5 pairs), and the dashboard's CPU beside ~1000 GC/s stayed at 4–5 % of a core. CPU gcdiff
 * does not use is CPU the program being watched gets. The heap-dump analysis (`gcdiff graph`)
 * is ~4 % slower with it (3.17 against 3.04 s on two 256 MB dumps), so `graph` and `diff` keep
 * V8's default. GCDIFF_V8_DEFAULTS=1 leaves V8 alone everywhere.
 *
 * A later tier-up. V8 optimizes a function once it has run through its interrupt budget (66 KB
 * of bytecode by default) three times; the splice search's large functions reached that before
 * their type feedback had settled, and were optimized, thrown away ('wrong map', 'not a Smi')
 * and optimized again. With 8 times the budget they run longer in the interpreter and baseline
 * code and are built about once: a cold `gcdiff trace` of a 5 s flood capture took 1.26 s of
 * CPU and 0.77 s of wall time by default, 1.02 s and 0.71 s with it (medians of 6 alternating
 * runs; 2× the budget 1.10 s, 16× 1.03 s, 32× 1.12 s and 0.92 s of wall time). Measured on
 * Node 20's V8 (11.3); later V8s tier up differently (Maglev, a larger default budget), so
 * they keep their default here.
 */
import v8 from 'node:v8';

/** 8 × V8's default (67584 bytes of bytecode). */
const INTERRUPT_BUDGET = 8 * 67584;

const TRACE_PARSING_COMMANDS = new Set(['run', 'attach', 'trace', 'demo']);

/** Call before the command's modules run any hot code (flags apply to later compiles). */
export function tuneV8For(command: string): void {
  if (process.env.GCDIFF_V8_DEFAULTS === '1' || !TRACE_PARSING_COMMANDS.has(command)) return;
  v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  if (Number.parseInt(process.versions.v8, 10) === 11) {
    v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  }
}
