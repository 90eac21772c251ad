/**
 * The pprof HTTP client: profiles (heap ?gc=1, goroutine) as raw .pb.gz bytes, the heap dump
 * of /debug/gcdiff/heapdump streamed to a file, and a probe for "is this a pprof endpoint".
 *
 * Every request has one deadline (default 15 s) that covers connecting, the headers and the
 * whole body, and honours an AbortSignal. Failures become typed errors with one-line
 * messages in which the URL's credentials are redacted. A base URL with user:pass@ sends
 * them as HTTP Basic auth. Plain node:http (no keep-alive, no content decoding), so the bytes
 * saved are exactly the bytes the program served.
 */
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { RuntimeFailure } from '../core/errors.js';
import { isProtobufMessage } from '../core/net/protobuf-framing.js';

export type ProfileKind = 'heap' | 'goroutine';

export interface RequestOptions {
  /** Deadline for the whole request, body included. Default 15 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HeapDumpOptions extends RequestOptions {
  /** Path of the heap-dump endpoint. Default `/debug/gcdiff/heapdump`. */
  path?: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const HEAPDUMP_PATH = '/debug/gcdiff/heapdump';
/** Profiles larger than this are refused. */
export const MAX_PROFILE_BYTES = 512 * 1024 * 1024;
/** The header of a runtime/debug.WriteHeapDump file. */
const HEAPDUMP_MAGIC = 'go1.7 heap dump\n';

export type PprofErrorKind = 'unreachable' | 'http' | 'timeout' | 'not-a-profile' | 'aborted';

/** A failed pprof request; `url` and `message` never contain credentials. */
export class PprofError extends RuntimeFailure {
  override name = 'PprofError';
  constructor(
    readonly kind: PprofErrorKind,
    readonly url: string,
    message: string,
  ) {
    super(redactUrl(message));
  }
}

/** Nothing answers: connection refused, reset, host unknown. */
export class PprofUnreachableError extends PprofError {
  override name = 'PprofUnreachableError';
  constructor(
    url: string,
    readonly code: string,
  ) {
    super('unreachable', url, `no pprof endpoint at ${url}: ${describeCode(code)}`);
  }
}

/** The server answered with a status other than 200. */
export class PprofHttpError extends PprofError {
  override name = 'PprofHttpError';
  constructor(
    url: string,
    readonly status: number,
    readonly snippet: string,
  ) {
    const hint = status === 404 ? ' (is net/http/pprof imported and served on this address?)' : '';
    super(
      'http',
      url,
      `GET ${url}: HTTP ${status} ${http.STATUS_CODES[status] ?? ''}${hint}${snippet ? `: ${snippet}` : ''}`.replace(
        /\s+:/,
        ':',
      ),
    );
  }
}

/** No complete answer before the deadline. */
export class PprofTimeoutError extends PprofError {
  override name = 'PprofTimeoutError';
  constructor(
    url: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', url, `GET ${url}: no complete answer within ${formatMs(timeoutMs)}`);
  }
}

/** The body is not what was asked for (HTML, a truncated gzip, not a heap dump...). */
export class PprofBodyError extends PprofError {
  override name = 'PprofBodyError';
  constructor(
    url: string,
    readonly reason: string,
  ) {
    super('not-a-profile', url, `GET ${url}: ${reason}`);
  }
}

/** The caller's AbortSignal fired. */
export class PprofAbortedError extends PprofError {
  override name = 'PprofAbortedError';
  constructor(url: string) {
    super('aborted', url, `GET ${url}: cancelled`);
  }
}

/**
 * Replaces the user:password@ part of every URL in `text` with `***@` (a user name alone is
 * redacted too: it is often a token). Works on a bare URL and on a message that contains URLs.
 */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#\s@]*@/g, '$1***@');
}

/** The URL of a profile under a pprof base URL (which may already end in /debug/pprof). */
export function profileUrl(baseUrl: string, kind: ProfileKind): string {
  return joinUrl(baseUrl, kind === 'heap' ? '/debug/pprof/heap?gc=1' : '/debug/pprof/goroutine');
}

/**
 * GETs the heap (`?gc=1`, so the numbers are as of a fresh GC) or goroutine profile and
 * returns its raw gzipped protobuf bytes, after checking that they are one (content type,
 * gzip magic, a complete gzip stream, protobuf framing inside).
 */
export async function fetchProfile(
  baseUrl: string,
  kind: ProfileKind,
  options: RequestOptions = {},
): Promise<Uint8Array> {
  const target = profileUrl(baseUrl, kind);
  const shown = redactUrl(target);
  return request(target, options, async (response) => {
    const type = contentType(response);
    const body = await readBody(response, shown, MAX_PROFILE_BYTES);
    const reason = profileBodyProblem(type, body);
    if (reason) throw new PprofBodyError(shown, reason);
    return body;
  });
}

/**
 * Is there a net/http/pprof index at this base URL? Never throws: any failure is `false`.
 */
export async function probePprof(baseUrl: string, options: RequestOptions = {}): Promise<boolean> {
  try {
    const target = joinUrl(baseUrl, '/debug/pprof/');
    return await request(target, options, async (response) => {
      const body = await readBody(response, redactUrl(target), 256 * 1024);
      const text = Buffer.from(body).toString('utf8');
      return /\/debug\/pprof\//.test(text) && /goroutine/.test(text) && /heap/.test(text);
    });
  } catch {
    return false;
  }
}

/**
 * Streams the heap dump served at `options.path` (default /debug/gcdiff/heapdump) to
 * `filePath`, created with mode 0600 (a heap dump holds process memory). Checks the dump's
 * header; on any failure the partial file is removed. Returns the number of bytes written.
 */
export async function fetchHeapDump(
  baseUrl: string,
  filePath: string,
  options: HeapDumpOptions = {},
): Promise<number> {
  const target = joinUrl(baseUrl, options.path ?? HEAPDUMP_PATH);
  const shown = redactUrl(target);
  return request(target, options, async (response) => {
    const type = contentType(response);
    if (type.startsWith('text/html')) {
      response.resume();
      throw new PprofBodyError(shown, `the answer is ${type}, not a heap dump`);
    }
    const out = createWriteStream(filePath, { mode: 0o600 });
    let written = 0;
    let head = Buffer.alloc(0);
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (error: unknown) => {
          response.destroy();
          reject(error);
        };
        out.on('error', fail);
        response.on('error', () => fail(cutShort(shown)));
        response.on('close', () => {
          if (!response.complete) fail(cutShort(shown));
        });
        response.on('data', (chunk: Buffer) => {
          if (head.length < HEAPDUMP_MAGIC.length) {
            head = Buffer.concat([head, chunk.subarray(0, HEAPDUMP_MAGIC.length - head.length)]);
            if (!HEAPDUMP_MAGIC.startsWith(head.toString('latin1'))) {
              fail(new PprofBodyError(shown, `not a heap dump (starts ${quoteSnippet(chunk)})`));
              return;
            }
          }
          written += chunk.length;
          if (!out.write(chunk)) {
            response.pause();
            out.once('drain', () => response.resume());
          }
        });
        response.on('end', () => {
          if (!response.complete) return fail(cutShort(shown));
          if (head.length < HEAPDUMP_MAGIC.length) {
            return fail(
              new PprofBodyError(
                shown,
                written === 0 ? 'empty answer' : 'not a heap dump (too short)',
              ),
            );
          }
          out.end((error?: Error | null) => (error ? reject(error) : resolve()));
        });
      });
      return written;
    } catch (error) {
      // The file is opened asynchronously: a failure can come before the open does, and
      // unlinking then would leave the file the open creates afterwards. Wait for the stream
      // to close (destroy waits for a pending open) before removing it.
      await new Promise<void>((resolve) => {
        if (out.closed) return resolve();
        out.once('close', () => resolve());
        out.destroy();
      });
      await unlink(filePath).catch(() => {});
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------

/** What is wrong with a profile body, or null when it looks like a .pb.gz profile. */
function profileBodyProblem(type: string, body: Uint8Array): string | null {
  if (type.startsWith('text/') || type.includes('html') || type.includes('json')) {
    return `the answer is ${type}, not a profile${body.length ? ` (${quoteSnippet(body)})` : ''}`;
  }
  if (body.length === 0) return 'empty answer, not a profile';
  if (body[0] !== 0x1f || body[1] !== 0x8b) {
    return `the answer is not a gzipped profile (starts ${quoteSnippet(body)})`;
  }
  let raw: Uint8Array;
  try {
    raw = gunzipSync(body, { maxOutputLength: 2 * MAX_PROFILE_BYTES });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `the answer is a damaged gzip stream, not a complete profile (${why})`;
  }
  if (!isProtobufMessage(raw)) return 'the answer is gzipped, but not a protobuf profile';
  return null;
}

type Handler<T> = (response: http.IncomingMessage) => Promise<T>;

/**
 * One GET with a single deadline and abort support. `handle` sees only 200 answers; other
 * statuses become PprofHttpError with a snippet of the body. When the deadline passes or the
 * signal fires while `handle` runs, the connection is destroyed and the promise settles only
 * after `handle` has (so a partial file is gone by then), with the timeout or abort error.
 */
function request<T>(target: string, options: RequestOptions, handle: Handler<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shown = redactUrl(target);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.reject(new PprofUnreachableError(shown, 'EBADURL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new PprofUnreachableError(shown, 'EPROTOCOL'));
  }
  const headers: Record<string, string> = { 'user-agent': 'gcdiff', accept: '*/*' };
  if (url.username || url.password) {
    const user = safeDecode(url.username);
    const password = safeDecode(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(new PprofAbortedError(shown));

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let interruption: PprofError | null = null;
    let handling = false;
    let activeResponse: http.IncomingMessage | null = null;
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, { method: 'GET', headers, agent: false });

    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (error) reject(error);
      else resolve(value as T);
    };
    const interrupt = (error: PprofError) => {
      if (settled || interruption) return;
      interruption = error;
      activeResponse?.destroy();
      req.destroy();
      if (!handling) finish(error);
    };
    const timer = setTimeout(() => interrupt(new PprofTimeoutError(shown, timeoutMs)), timeoutMs);
    const onAbort = () => interrupt(new PprofAbortedError(shown));
    signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error: NodeJS.ErrnoException) => {
      if (interruption || handling) return;
      finish(new PprofUnreachableError(shown, error.code ?? error.message));
    });
    req.on('response', (response) => {
      activeResponse = response;
      handling = true;
      const done = (error: unknown, value?: T) => finish(interruption ?? error, value);
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        readBody(response, shown, 4096).then(
          (body) => done(new PprofHttpError(shown, status, textSnippet(body))),
          () => done(new PprofHttpError(shown, status, '')),
        );
        return;
      }
      handle(response).then(
        (value) => done(null, value),
        (error) => done(error),
      );
    });
    req.end();
  });
}

/** Reads a whole body; fails when it is cut short or larger than `limit`. */
function readBody(
  response: http.IncomingMessage,
  shown: string,
  limit: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        response.destroy();
        reject(new PprofBodyError(shown, `the answer is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('error', () => reject(cutShort(shown)));
    response.on('close', () => reject(cutShort(shown))); // no-op once resolved
    response.on('end', () => {
      if (!response.complete) reject(cutShort(shown));
      else resolve(new Uint8Array(Buffer.concat(chunks, size)));
    });
  });
}

function cutShort(shown: string): PprofBodyError {
  return new PprofBodyError(shown, 'the connection closed before the end of the answer');
}

function contentType(response: http.IncomingMessage): string {
  return (response.headers['content-type'] ?? '').toLowerCase().trim();
}

/** base + path, where base may end in "/" or "/debug/pprof" and path starts with "/". */
function joinUrl(baseUrl: string, path: string): string {
  let base = baseUrl.trim();
  const hash = base.indexOf('#');
  if (hash >= 0) base = base.slice(0, hash);
  const query = base.indexOf('?');
  if (query >= 0) base = base.slice(0, query);
  base = base.replace(/\/+$/, '');
  if (path.startsWith('/debug/pprof/')) base = base.replace(/\/debug\/pprof$/, '');
  return base + path;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A short, printable, single-line piece of a body. */
function textSnippet(body: Uint8Array, max = 120): string {
  const text = Buffer.from(body.subarray(0, 4 * max))
    .toString('utf8')
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function quoteSnippet(body: Uint8Array): string {
  const snippet = textSnippet(body, 40);
  if (snippet && /^[\x20-\x7e…]+$/.test(snippet)) return JSON.stringify(snippet);
  const bytes = Array.from(body.subarray(0, 8), (b) => b.toString(16).padStart(2, '0'));
  return `with bytes ${bytes.join(' ')}`;
}

function describeCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EPIPE':
      return 'connection closed';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'EADDRNOTAVAIL':
      return 'address not available';
    case 'EBADURL':
      return 'not a valid URL';
    case 'EPROTOCOL':
      return 'only http and https URLs are supported';
    default:
      return code;
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0
    ? `${ms / 1000} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${ms} ms`;
}
