import { stripVTControlCharacters } from 'node:util';
// The real string-width: Ink itself measures with fast-string-width (package.json overrides
// string-width for speed), so frame widths are checked here with the library it replaced.
import stringWidth from 'string-width-reference';

/** Frame lines as the terminal shows them: ANSI stripped. */
export function plainLines(frame: string): string[] {
  return stripVTControlCharacters(frame).split('\n');
}

/** Widest line of a frame, in terminal columns. */
export function maxWidth(frame: string): number {
  return Math.max(0, ...plainLines(frame).map((l) => stringWidth(l)));
}

/** Polls `frame()` until `ok` holds (the dashboard reads the store on a tick); returns the last frame. */
export async function waitForFrame(
  frame: () => string | undefined,
  ok: (text: string) => boolean,
  timeoutMs = 3000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = frame() ?? '';
  while (!ok(text) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    text = frame() ?? '';
  }
  return text;
}

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));
