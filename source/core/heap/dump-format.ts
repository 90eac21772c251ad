/**
 * The record layout of runtime/debug.WriteHeapDump ("go1.7 heap dump\n"), as
 * written by src/runtime/heapdump.go from Go 1.7 through at least Go 1.26.
 * Integers are uvarints; strings and memory ranges are a uvarint length and
 * that many bytes; field lists are (kind, offset) pairs ending with kind 0.
 */
export const dumpHeader = 'go1.7 heap dump\n';

export const RecordTag = {
  eof: 0,
  object: 1,
  otherRoot: 2,
  type: 3,
  goroutine: 4,
  stackFrame: 5,
  params: 6,
  finalizer: 7,
  itab: 8,
  osThread: 9,
  memStats: 10,
  queuedFinalizer: 11,
  data: 12,
  bss: 13,
  defer: 14,
  panic: 15,
  memProf: 16,
  allocSample: 17,
} as const;

export const recordNames: readonly string[] = [
  'eof',
  'object',
  'otherroot',
  'type',
  'goroutine',
  'stackframe',
  'params',
  'finalizer',
  'itab',
  'osthread',
  'memstats',
  'queuedfinalizer',
  'data',
  'bss',
  'defer',
  'panic',
  'memprof',
  'allocsample',
];

export const FieldKind = { eol: 0, ptr: 1, iface: 2, eface: 3 } as const;

/** Number of uvarints in a memstats record: 24 counters, 256 pauses, NumGC. */
export const memStatsCount = 24 + 256 + 1;

export interface DumpParams {
  bigEndian: boolean;
  pointerSize: number;
  arenaStart: number;
  arenaEnd: number;
  arch: string;
  goVersion: string;
  cpus: number;
}

export interface Goroutine {
  address: number;
  sp: number;
  id: number;
  goPc: number;
  status: number;
  system: boolean;
  background: boolean;
  waitSince: number;
  waitReason: string;
  ctxt: number;
  m: number;
  deferAddress: number;
  panicAddress: number;
}

export interface StackFrame {
  sp: number;
  depth: number;
  childSp: number;
  size: number;
  entry: number;
  pc: number;
  continuationPc: number;
  name: string;
}

export interface MemProfFrame {
  name: string;
  file: string;
  line: number;
}

export interface MemProfBucket {
  address: number;
  size: number;
  frames: MemProfFrame[];
  allocs: number;
  frees: number;
}

export interface FinalizerRecord {
  object: number;
  fn: number;
  code: number;
  argType: number;
  objectType: number;
}

/**
 * A reusable list of the non-nil pointers of one object, segment or frame:
 * `offsets[i]` is the field offset, `targets[i]` the pointer value. Valid only
 * during the callback that receives it.
 */
export interface PointerList {
  length: number;
  offsets: Float64Array;
  targets: Float64Array;
}
