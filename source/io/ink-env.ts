/**
 * Imported first by cli.tsx, before anything imports Ink.
 *
 * Ink decides at import time (through is-in-ci) whether it runs in CI, and in CI it
 * draws nothing until it unmounts. A full-screen dashboard on a real terminal must
 * draw live whatever CI says, so when stdout is a TTY we record the user's CI value
 * (children get it back unchanged) and hide it from Ink.
 */
export const originalEnv: Readonly<NodeJS.ProcessEnv> = { ...process.env };

export function hideCiFromInk(): void {
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (key in process.env) process.env[key] = '0';
  }
}

if (process.stdout.isTTY) hideCiFromInk();
