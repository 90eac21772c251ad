import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../core/errors.js';
import { fsErrorText } from './fs-error.js';
import { LogTail } from './log-tail.js';

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
  let decoder = new StringDecoder('utf8');
  const onChunk = (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text) onText(text);
  };
  let tail: LogTail;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`--trace ${file}: not a regular file`);
    tail = new LogTail(file, onChunk);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--trace ${file}: ${fsErrorText(error)}`);
  }
  let inode = tail.inode();
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const drain = () => {
    if (closed) return;
    try {
      const onDisk = statSync(file);
      if (onDisk.ino !== inode) {
        // Rotated by rename: finish the old file, then follow the new one from its start.
        tail.drain();
        tail.close();
        tail = new LogTail(file, onChunk);
        inode = tail.inode();
        decoder = new StringDecoder('utf8');
      } else if (onDisk.size < tail.position) {
        tail.rewind();
        decoder = new StringDecoder('utf8');
      }
    } catch {
      // the file is briefly missing during a rotation: try again on the next tick
    }
    tail.drain();
    timer = setTimeout(drain, pollMs);
  };
  drain();
  return {
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      tail.close();
    },
    ended: new Promise<void>(() => {}),
  };
}
