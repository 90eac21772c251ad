import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import {
  type AnalysisPhase,
  type AnalyzeOptions,
  analyzeDumps,
  type GraphReport,
} from '../core/heap/analysis.js';
import type { ByteSource } from '../core/heap/byte-source.js';
import { ElfSymbols } from '../core/heap/elf.js';

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** A file read in 4 MiB chunks as a ByteSource; close it when done. */
export function openHeapDumpFile(path: string): ByteSource & { size: number; close(): void } {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw new UsageError(`cannot read heap dump ${path}: ${describe(error)}`);
  }
  let position = 0;
  return {
    size,
    read(target, offset, length) {
      const n = readSync(fd, target, offset, Math.min(length, 4 << 20), position);
      position += n;
      return n;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** The ELF symbol table of a Go binary, to name globals. */
export function readBinarySymbols(path: string): ElfSymbols {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read binary ${path}: ${describe(error)}`);
  }
  return ElfSymbols.parse(bytes, `binary ${path}`);
}

/** Where an analysis of two dump files is: its step, and the bytes of both dumps read so far. */
export interface GraphProgress {
  phase: AnalysisPhase;
  bytesRead: number;
  /** Size of both dumps together. */
  totalBytes: number;
}

/** Calls `report` at most once per this many bytes read (and at every phase change). */
const progressStepBytes = 32 << 20;

/**
 * Compares two heap dump files (see analyzeDumps). The files are streamed;
 * the binary, when given, names the globals on retention paths.
 */
export function analyzeDumpFiles(
  a: string,
  b: string,
  binary?: string,
  onProgress?: (progress: GraphProgress) => void,
): GraphReport {
  const options: AnalyzeOptions = { labelA: `heap dump ${a}`, labelB: `heap dump ${b}` };
  if (binary) options.symbols = readBinarySymbols(binary);
  const sourceA = openHeapDumpFile(a);
  try {
    const sourceB = openHeapDumpFile(b);
    try {
      if (!onProgress) return analyzeDumps(sourceA, sourceB, options);
      const progress: GraphProgress = {
        phase: 'read-a',
        bytesRead: 0,
        totalBytes: sourceA.size + sourceB.size,
      };
      let reported = 0;
      const counted = (source: ByteSource): ByteSource => ({
        size: source.size,
        read(target, offset, length) {
          const n = source.read(target, offset, length);
          progress.bytesRead += n;
          if (progress.bytesRead - reported >= progressStepBytes) {
            reported = progress.bytesRead;
            onProgress({ ...progress });
          }
          return n;
        },
      });
      options.onPhase = (phase) => {
        progress.phase = phase;
        reported = progress.bytesRead;
        onProgress({ ...progress });
      };
      return analyzeDumps(counted(sourceA), counted(sourceB), options);
    } finally {
      sourceB.close();
    }
  } finally {
    sourceA.close();
  }
}
