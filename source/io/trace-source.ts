import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../core/errors.js';

export interface TraceSource {
  /** Stops reading; safe to call twice. */
  close(): void;
  /** Resolves when the input ended (a pipe closed); a followed file never ends by itself. */
  ended: Promise<void>;
}

/** Reads a pipe (standard input, or any readable) as it arrives. */
export function readPipe(
  input: NodeJS.ReadableStream,
  onText: (text: string) => void,
): TraceSource {
  const decoder = new StringDecoder('utf8');
  const onData = (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) onText(text);
  };
  const ended = new Promise<void>((resolve) => {
    input.once('end', () => {
      const rest = decoder.end();
      if (rest) onText(rest);
      resolve();
    });
    input.once('error', () => resolve());
    input.once('close', () => resolve());
  });
  input.on('data', onData);
  input.resume?.();
  return {
    close() {
      input.off('data', onData);
      input.pause?.();
    },
    ended,
  };
}

/**
 * Follows a growing file like `tail -f`: reads what is there, then polls for more.
 * A file that shrinks (truncated or rotated in place) is read again from its start;
 * a file replaced by rename is reopened.
 */
export function followFile(
  file: string,
  onText: (text: string) => void,
  pollMs = 100,
): TraceSource {
  let fd: number;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`--trace ${file}: not a regular file`);
    fd = openSync(file, 'r');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--trace ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  let position = 0;
  let inode = fstatSync(fd).ino;
  let decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(1 << 20);
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const drain = () => {
    if (closed) return;
    try {
      const onDisk = statSync(file);
      if (onDisk.ino !== inode) {
        // Rotated by rename: finish the old file, then follow the new one from its start.
        readAvailable();
        closeSync(fd);
        fd = openSync(file, 'r');
        inode = fstatSync(fd).ino;
        position = 0;
        decoder = new StringDecoder('utf8');
      } else if (onDisk.size < position) {
        position = 0;
        decoder = new StringDecoder('utf8');
      }
    } catch {
      // the file is briefly missing during a rotation: try again on the next tick
    }
    readAvailable();
    timer = setTimeout(drain, pollMs);
  };
  const readAvailable = () => {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n <= 0) return;
      position += n;
      const text = decoder.write(buffer.subarray(0, n));
      if (text) onText(text);
    }
  };
  drain();
  return {
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      closeSync(fd);
    },
    ended: new Promise<void>(() => {}),
  };
}
