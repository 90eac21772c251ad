/**
 * target − base for one sample type, grouped by function, by line or by whole stack, with the
 * numbers `go tool pprof -top -base base target` prints (and `-diff_base` percentages: of the
 * base total).
 *
 * pprof semantics reproduced here:
 * - Every line of a location is its own frame (inlined calls count as frames).
 * - flat goes to the leaf frame; cum goes to every group on the stack, once per sample even
 *   when the stack recurses through it.
 * - Samples whose chosen value is 0 are ignored.
 * - func groups by function name only (pprof's default "functions" granularity), line by
 *   function + file + line.
 *
 * One deliberate difference, for goroutine profiles only (attribution "user", the default
 * there): flat goes to the first frame from the leaf that is not runtime machinery (see
 * names.ts), so a goroutine parked in a channel receive is charged to the function that
 * receives, not to runtime.gopark. With attribution "leaf" the numbers are pprof's exactly.
 */
import { UsageError } from '../errors.js';
import type { Frame, ProfileModel } from './model.js';
import { compileFilter, isRuntimeFrame } from './names.js';

export type Grouping = 'func' | 'line' | 'stack';
export const GROUPINGS: readonly Grouping[] = ['func', 'line', 'stack'];

/** Which frame of a stack gets its flat value. */
export type Attribution = 'leaf' | 'user';

export interface DiffOptions {
  /** Sample type, e.g. "inuse_space". Default: the profile's default_sample_type, else inuse_space for heap profiles, else the last type. */
  sample?: string;
  by?: Grouping;
  /** Glob(s) over function or package names, comma separated: rows that do not match are left out (totals are not). */
  filter?: string;
  /** Default: "user" for goroutine profiles, "leaf" otherwise. */
  attribution?: Attribution;
}

export interface Delta {
  base: number;
  target: number;
  delta: number;
}

export interface DiffRow {
  /** The row's group within its diff; what stacksForRow takes. */
  key: number;
  name: string;
  file: string;
  /** The line for `line` and `stack` grouping (of the frame charged with flat); null for `func`. */
  line: number | null;
  flat: Delta;
  cum: Delta;
  /** flat.delta as a percentage of the base total (null when the base total is 0). */
  deltaPercent: number | null;
  /** cum.delta as a percentage of the base total (null when the base total is 0). */
  cumDeltaPercent: number | null;
  /** For `stack` grouping: the whole stack, leaf first. */
  stack?: Frame[];
}

export interface ProfileDiff {
  kind: 'heap' | 'goroutine';
  sampleType: string;
  unit: string;
  by: Grouping;
  attribution: Attribution;
  filter: string | null;
  /** Totals over all samples (the filter does not change them). */
  total: Delta;
  /** total.delta as a percentage of the base total (null when the base total is 0). */
  totalDeltaPercent: number | null;
  /** Sorted by |flat delta|, then |cum delta|, largest first; then by name. */
  rows: DiffRow[];
  /** What stacksForRow needs; not part of the JSON. */
  readonly context: DiffContext;
}

/** One stack behind a row, with the sample values on it (cum of the row along that stack). */
export interface StackDelta {
  /** Leaf first. */
  frames: Frame[];
  base: number;
  target: number;
  delta: number;
}

interface Side {
  profile: ProfileModel;
  values: Float64Array;
  /** Frame → group (func and line grouping) . */
  frameGroup: Int32Array;
  /** Frame → global line-level frame id (shared by both sides); computed when first needed. */
  frameGlobal: Int32Array | null;
  /** Sample → stack group (stack grouping only). */
  sampleGroup: Int32Array | null;
  /** Frame → whether it is runtime machinery (attribution "user" only). */
  frameRuntime: Uint8Array | null;
}

export interface DiffContext {
  readonly by: Grouping;
  readonly sides: readonly [Side, Side];
  /** Global line-level frames of both sides, interned as they are first needed. */
  readonly frames: Groups;
}

function chooseSampleType(
  base: ProfileModel,
  target: ProfileModel,
  sample: string | undefined,
): number {
  const names = target.sampleTypes.map((t) => t.type);
  if (sample !== undefined) {
    const index = names.indexOf(sample);
    if (index === -1) {
      throw new UsageError(
        `sample type "${sample}" is not in this ${target.kind} profile; it has ${names.join(', ')}`,
      );
    }
    return index;
  }
  for (const choice of [target.defaultSampleType ?? base.defaultSampleType, 'inuse_space']) {
    if (choice) {
      const index = names.indexOf(choice);
      if (index !== -1) return index;
    }
  }
  return names.length - 1;
}

function describe(p: ProfileModel): string {
  return p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ');
}

/** Throws a UsageError unless the two profiles can be diffed. */
export function checkComparable(base: ProfileModel, target: ProfileModel): void {
  for (const p of [base, target]) {
    if (p.kind === 'other') {
      throw new UsageError(
        `gcdiff diff compares heap and goroutine profiles; this one has sample types ${describe(p)}`,
      );
    }
  }
  if (base.kind !== target.kind) {
    throw new UsageError(`cannot diff a ${base.kind} profile against a ${target.kind} profile`);
  }
  if (describe(base) !== describe(target)) {
    throw new UsageError(
      `the profiles have different sample types: ${describe(base)} vs ${describe(target)}`,
    );
  }
}

/** Interns keys to dense group ids and remembers each group's first frame. */
export class Groups {
  readonly ids = new Map<string, number>();
  readonly name: string[] = [];
  readonly file: string[] = [];
  readonly line: number[] = [];
  intern(key: string, name: string, file: string, line: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.name.length;
      this.ids.set(key, id);
      this.name.push(name);
      this.file.push(file);
      this.line.push(line);
    }
    return id;
  }
  get size(): number {
    return this.name.length;
  }
}

function frameKey(name: string, file: string, line: number): string {
  return `${name}\u0000${file}\u0000${line}`;
}

/** Global line-level frame ids for one side, shared through `frames` (computed once). */
function globalFrames(side: Side, frames: Groups): Int32Array {
  if (side.frameGlobal) return side.frameGlobal;
  const p = side.profile;
  const out = new Int32Array(p.frameFunction.length);
  for (let f = 0; f < out.length; f++) {
    const fn = p.frameFunction[f]!;
    const name = p.functionName[fn]!;
    const file = p.functionFile[fn]!;
    const line = p.frameLine[f]!;
    out[f] = frames.intern(frameKey(name, file, line), name, file, line);
  }
  side.frameGlobal = out;
  return out;
}

/** The frame charged with a sample's flat value. */
function flatFrame(side: Side, sample: number): number {
  const p = side.profile;
  const start = p.sampleLocationStart[sample]!;
  const end = p.sampleLocationStart[sample + 1]!;
  if (start === end) return -1;
  const leaf = p.locationFrames[p.locationFrameStart[p.sampleLocations[start]!]!]!;
  const runtime = side.frameRuntime;
  if (!runtime) return leaf;
  for (let s = start; s < end; s++) {
    const loc = p.sampleLocations[s]!;
    const fEnd = p.locationFrameStart[loc + 1]!;
    for (let f = p.locationFrameStart[loc]!; f < fEnd; f++) {
      const frame = p.locationFrames[f]!;
      if (runtime[frame] === 0) return frame;
    }
  }
  return leaf; // nothing but runtime frames: keep the leaf
}

export function diffProfiles(
  base: ProfileModel,
  target: ProfileModel,
  options: DiffOptions = {},
): ProfileDiff {
  checkComparable(base, target);
  const by = options.by ?? 'func';
  if (!GROUPINGS.includes(by)) {
    throw new UsageError(`--by must be one of ${GROUPINGS.join(', ')}, not "${by}"`);
  }
  const typeIndex = chooseSampleType(base, target, options.sample);
  const sampleType = target.sampleTypes[typeIndex]!;
  const kind = target.kind as 'heap' | 'goroutine';
  const attribution = options.attribution ?? (kind === 'goroutine' ? 'user' : 'leaf');

  const frames = new Groups();
  // By line, the groups are the global frames themselves.
  const groups = by === 'func' ? new Groups() : by === 'line' ? frames : null;
  const stackGroups = by === 'stack' ? new Groups() : null;
  const stackOfGroup: number[][] = [];

  const makeSide = (p: ProfileModel): Side => {
    const side: Side = {
      profile: p,
      values: p.values[typeIndex]!,
      frameGroup: new Int32Array(0),
      frameGlobal: null,
      sampleGroup: null,
      frameRuntime: null,
    };
    if (groups && by === 'func') {
      const frameGroup = new Int32Array(p.frameFunction.length);
      const fnGroup = p.functionName.map((name, fn) =>
        groups.intern(name, name, p.functionFile[fn]!, 0),
      );
      for (let f = 0; f < frameGroup.length; f++) frameGroup[f] = fnGroup[p.frameFunction[f]!]!;
      side.frameGroup = frameGroup;
    } else {
      const global = globalFrames(side, frames);
      if (by === 'line') side.frameGroup = global;
    }
    if (attribution === 'user') {
      const fnRuntime = p.functionName.map((name) => (isRuntimeFrame(name) ? 1 : 0));
      const frameRuntime = new Uint8Array(p.frameFunction.length);
      for (let f = 0; f < frameRuntime.length; f++) {
        frameRuntime[f] = fnRuntime[p.frameFunction[f]!]!;
      }
      side.frameRuntime = frameRuntime;
    }
    return side;
  };
  const sides: [Side, Side] = [makeSide(base), makeSide(target)];

  if (stackGroups) {
    for (const side of sides) {
      const p = side.profile;
      const sampleGroup = new Int32Array(p.sampleCount).fill(-1);
      for (let i = 0; i < p.sampleCount; i++) {
        if (side.values[i] === 0) continue;
        const stack = stackFrameIds(side, i, side.frameGlobal!);
        // A sample with no stack (goroutine profiles have them) counts in the totals only,
        // as in pprof.
        if (stack.length === 0) continue;
        const flat = flatFrame(side, i);
        const g = flat < 0 ? -1 : side.frameGlobal![flat]!;
        const key = stack.join(',');
        const before = stackGroups.size;
        sampleGroup[i] = stackGroups.intern(
          key,
          g < 0 ? '' : frames.name[g]!,
          g < 0 ? '' : frames.file[g]!,
          g < 0 ? 0 : frames.line[g]!,
        );
        if (stackGroups.size > before) stackOfGroup.push(stack);
      }
      side.sampleGroup = sampleGroup;
    }
  }

  const grouping = (groups ?? stackGroups)!;
  const n = grouping.size;
  const flat = [new Float64Array(n), new Float64Array(n)];
  const cum = [new Float64Array(n), new Float64Array(n)];
  const totals = [0, 0];
  const seen = new Int32Array(n).fill(-1);
  let stamp = 0;

  sides.forEach((side, s) => {
    const p = side.profile;
    const values = side.values;
    const flatOut = flat[s]!;
    const cumOut = cum[s]!;
    let total = 0;
    for (let i = 0; i < p.sampleCount; i++) {
      const v = values[i]!;
      if (v === 0) continue;
      total += v;
      if (side.sampleGroup) {
        const g = side.sampleGroup[i]!;
        if (g < 0) continue;
        flatOut[g]! += v;
        cumOut[g]! += v;
        continue;
      }
      const f = flatFrame(side, i);
      if (f < 0) continue;
      flatOut[side.frameGroup[f]!]! += v;
      stamp++;
      const end = p.sampleLocationStart[i + 1]!;
      for (let k = p.sampleLocationStart[i]!; k < end; k++) {
        const loc = p.sampleLocations[k]!;
        const fEnd = p.locationFrameStart[loc + 1]!;
        for (let j = p.locationFrameStart[loc]!; j < fEnd; j++) {
          const g = side.frameGroup[p.locationFrames[j]!]!;
          if (seen[g] !== stamp) {
            seen[g] = stamp;
            cumOut[g]! += v;
          }
        }
      }
    }
    totals[s] = total;
  });

  const baseTotal = totals[0]!;
  const percent = (v: number): number | null => (baseTotal === 0 ? null : (v / baseTotal) * 100);
  const keep = options.filter ? compileFilter(options.filter) : null;
  const rows: DiffRow[] = [];
  for (let g = 0; g < n; g++) {
    const fb = flat[0]![g]!;
    const ft = flat[1]![g]!;
    const cb = cum[0]![g]!;
    const ct = cum[1]![g]!;
    if (fb === 0 && ft === 0 && cb === 0 && ct === 0) continue;
    const stack = by === 'stack' ? stackOfGroup[g]!.map((id) => frameOf(frames, id)) : undefined;
    if (keep) {
      const match = stack ? stack.some((fr) => keep(fr.name)) : keep(grouping.name[g]!);
      if (!match) continue;
    }
    const row: DiffRow = {
      key: g,
      name: grouping.name[g]!,
      file: grouping.file[g]!,
      line: by === 'func' ? null : grouping.line[g]!,
      flat: { base: fb, target: ft, delta: ft - fb },
      cum: { base: cb, target: ct, delta: ct - cb },
      deltaPercent: percent(ft - fb),
      cumDeltaPercent: percent(ct - cb),
    };
    if (stack) row.stack = stack;
    rows.push(row);
  }
  rows.sort(compareRows);

  return {
    kind,
    sampleType: sampleType.type,
    unit: sampleType.unit,
    by,
    attribution,
    filter: options.filter ?? null,
    total: { base: baseTotal, target: totals[1]!, delta: totals[1]! - baseTotal },
    totalDeltaPercent: percent(totals[1]! - baseTotal),
    rows,
    context: { by, sides, frames },
  };
}

function frameOf(frames: Groups, id: number): Frame {
  return { name: frames.name[id]!, file: frames.file[id]!, line: frames.line[id]! };
}

function compareRows(a: DiffRow, b: DiffRow): number {
  return (
    Math.abs(b.flat.delta) - Math.abs(a.flat.delta) ||
    Math.abs(b.cum.delta) - Math.abs(a.cum.delta) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.key - b.key
  );
}

/** Global line-level frame ids of sample i's stack, leaf first. */
function stackFrameIds(side: Side, sample: number, global: Int32Array): number[] {
  const p = side.profile;
  const out: number[] = [];
  const end = p.sampleLocationStart[sample + 1]!;
  for (let k = p.sampleLocationStart[sample]!; k < end; k++) {
    const loc = p.sampleLocations[k]!;
    const fEnd = p.locationFrameStart[loc + 1]!;
    for (let j = p.locationFrameStart[loc]!; j < fEnd; j++) {
      out.push(global[p.locationFrames[j]!]!);
    }
  }
  return out;
}

/**
 * The stacks behind a row (what `enter` shows): every distinct stack, at line level, whose
 * samples count toward the row, with the chosen sample type's values in base and target.
 * Sorted by |delta|, then target, largest first.
 */
export function stacksForRow(diff: ProfileDiff, row: DiffRow, limit = Infinity): StackDelta[] {
  const { by, sides, frames } = diff.context;
  const byStack = new Map<string, { ids: number[]; values: [number, number] }>();
  sides.forEach((side, s) => {
    const p = side.profile;
    const global = globalFrames(side, frames);
    for (let i = 0; i < p.sampleCount; i++) {
      const v = side.values[i]!;
      if (v === 0) continue;
      let hit = false;
      if (by === 'stack') hit = side.sampleGroup?.[i] === row.key;
      else {
        const end = p.sampleLocationStart[i + 1]!;
        for (let k = p.sampleLocationStart[i]!; k < end && !hit; k++) {
          const loc = p.sampleLocations[k]!;
          const fEnd = p.locationFrameStart[loc + 1]!;
          for (let j = p.locationFrameStart[loc]!; j < fEnd; j++) {
            if (side.frameGroup[p.locationFrames[j]!] === row.key) {
              hit = true;
              break;
            }
          }
        }
      }
      if (!hit) continue;
      const ids = stackFrameIds(side, i, global);
      const key = ids.join(',');
      let entry = byStack.get(key);
      if (!entry) {
        entry = { ids, values: [0, 0] };
        byStack.set(key, entry);
      }
      entry.values[s]! += v;
    }
  });
  const out: StackDelta[] = [...byStack.values()].map(({ ids, values: [b, t] }) => ({
    frames: ids.map((id) => frameOf(frames, id)),
    base: b,
    target: t,
    delta: t - b,
  }));
  out.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.target - a.target);
  return out.slice(0, limit);
}

/** The `diff --json` shape of DESIGN.md (plus deltaPercent and, by stack, the stack). */
export interface DiffJson {
  kind: 'heap' | 'goroutine';
  sampleType: string;
  unit: string;
  by: Grouping;
  total: Delta;
  rows: Array<{
    name: string;
    file: string;
    line: number | null;
    flat: Delta;
    cum: Delta;
    deltaPercent: number | null;
    stack?: string[];
  }>;
}

export function diffToJson(diff: ProfileDiff, top?: number): DiffJson {
  const rows = top === undefined ? diff.rows : diff.rows.slice(0, top);
  return {
    kind: diff.kind,
    sampleType: diff.sampleType,
    unit: diff.unit,
    by: diff.by,
    total: diff.total,
    rows: rows.map((r) => {
      const out: DiffJson['rows'][number] = {
        name: r.name,
        file: r.file,
        line: r.line,
        flat: r.flat,
        cum: r.cum,
        deltaPercent: r.deltaPercent,
      };
      if (r.stack) out.stack = r.stack.map(formatFrame);
      return out;
    }),
  };
}

/** "main.buildTree main.go:45" style, with the full file path. */
export function formatFrame(frame: Frame): string {
  return frame.file ? `${frame.name} ${frame.file}:${frame.line}` : frame.name;
}
