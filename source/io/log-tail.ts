import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Most bytes read from one file in one poll; the rest waits for the next turn. */
const MAX_PER_POLL = 8 << 20;

/**
 * Reads what is appended to a file: a child's own log files (LiveRun), or a trace file
 * followed like `tail -f` (attach). Polled on a timer, so a program that writes
 * thousands of times a second costs a few reads a second here, and never waits for us.
 */
export class LogTail {
  private readonly fd: number;
  /** Bytes of the file read so far. */
  position = 0;
  private readonly buffer = Buffer.alloc(256 * 1024);
  private closed = false;

  constructor(
    file: string,
    private readonly onData: (chunk: Buffer) => void,
  ) {
    this.fd = openSync(file, 'r');
  }

  /** Reads everything appended since the last poll (up to 8 MiB); returns the byte count. */
  poll(): number {
    if (this.closed) return 0;
    let total = 0;
    while (total < MAX_PER_POLL) {
      let n: number;
      try {
        n = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      } catch {
        return total;
      }
      if (n <= 0) break;
      this.position += n;
      total += n;
      this.onData(Buffer.from(this.buffer.subarray(0, n)));
      if (n < this.buffer.length) break;
    }
    return total;
  }

  /** The inode of the open file (a rename over the path gives another). */
  inode(): number {
    return fstatSync(this.fd).ino;
  }

  /** The file was truncated in place: read it again from its start. */
  rewind(): void {
    this.position = 0;
  }

  /** Reads until nothing is left (at exit); bounded so a runaway writer cannot hold us. */
  drain(maxPolls = 64): void {
    for (let i = 0; i < maxPolls && this.poll() > 0; i++);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
  }
}

/** Polls a set of tails every `intervalMs` until stopped. */
export class TailPoller {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tails: readonly LogTail[],
    private readonly intervalMs = 50,
    /** Polls skip while this says no (e.g. the parser is far behind); the bytes wait on disk. */
    private readonly mayRead: () => boolean = () => true,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.pollAll(), this.intervalMs);
    this.timer.unref();
  }

  pollAll(): void {
    if (!this.mayRead()) return;
    for (const tail of this.tails) tail.poll();
  }

  /** Reads everything there is now, in every file. */
  drainAll(): void {
    for (const tail of this.tails) tail.drain();
  }

  /** Reads what is left, then stops and closes the files. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const tail of this.tails) {
      tail.drain();
      tail.close();
    }
  }
}
