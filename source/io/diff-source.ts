import { type DiffOptions, diffProfiles, type ProfileModel } from '../core/profile/index.js';
import type { Mark, TimelineStore } from '../core/timeline/store.js';
import type { DiffRequest, DiffSource, DiffState } from '../ui/diff-view.js';
import { readProfileFile } from './profile-file.js';

/**
 * Diffs between marks for the dashboard: each profile file is read and decoded once,
 * each (pair, sample type, grouping, filter) is diffed once, and `get` is cheap
 * enough to call on every render.
 */
export class ProfileDiffSource implements DiffSource {
  private readonly models = new Map<string, ProfileModel | Error>();
  private readonly loading = new Set<string>();
  private readonly states = new Map<string, DiffState>();
  private changes = 0;

  constructor(private readonly store: TimelineStore) {}

  version(): number {
    return this.changes;
  }

  get(request: DiffRequest): DiffState {
    const key = JSON.stringify([
      request.a,
      request.b,
      request.sampleType,
      request.by,
      request.filter,
    ]);
    const cached = this.states.get(key);
    if (cached) return cached;
    const marks = this.store.getMarks();
    const a = marks.find((m) => m.id === request.a);
    const b = marks.find((m) => m.id === request.b);
    if (!a || !b) return { status: 'error', text: 'this pair of marks does not exist' };
    for (const m of [a, b]) {
      if (m.status === 'capturing') return { status: 'loading', text: `capturing ${name(m)}…` };
      if (m.status === 'error')
        return {
          status: 'error',
          text: `mark ${name(m)} has no snapshots: ${m.error ?? 'capture failed'}`,
        };
    }
    const kind = request.sampleType === 'goroutine' ? 'goroutine' : 'heap';
    const fileA = a.files[kind];
    const fileB = b.files[kind];
    if (!fileA || !fileB) {
      return { status: 'error', text: `no ${kind} profile at ${fileA ? name(b) : name(a)}` };
    }
    const modelA = this.model(fileA);
    const modelB = this.model(fileB);
    if (modelA instanceof Error || modelB instanceof Error) {
      const error = (modelA instanceof Error ? modelA : modelB) as Error;
      return this.settle(key, { status: 'error', text: error.message });
    }
    if (!modelA || !modelB) return { status: 'loading', text: 'reading profiles…' };
    const options: DiffOptions = { by: request.by };
    if (request.sampleType !== 'goroutine') options.sample = request.sampleType;
    if (request.filter) options.filter = request.filter;
    try {
      return this.settle(key, { status: 'ready', diff: diffProfiles(modelA, modelB, options) });
    } catch (error) {
      return this.settle(key, {
        status: 'error',
        text: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private settle(key: string, state: DiffState): DiffState {
    this.states.set(key, state);
    this.changes++;
    return state;
  }

  /** The decoded profile, an Error, or undefined while it loads (the load is started here). */
  private model(file: string): ProfileModel | Error | undefined {
    const known = this.models.get(file);
    if (known) return known;
    if (!this.loading.has(file)) {
      this.loading.add(file);
      readProfileFile(file).then(
        (model) => this.loaded(file, model),
        (error: unknown) =>
          this.loaded(file, error instanceof Error ? error : new Error(String(error))),
      );
    }
    return undefined;
  }

  private loaded(file: string, result: ProfileModel | Error): void {
    this.loading.delete(file);
    this.models.set(file, result);
    this.changes++;
  }
}

function name(mark: Mark): string {
  return `${mark.label}-${mark.id}`;
}
