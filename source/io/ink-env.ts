/**
 * Imported first by cli.tsx, before anything imports Ink.
 *
 * Ink decides at import time (through is-in-ci) whether it runs in CI, and in CI it
 * draws nothing until it unmounts. A full-screen dashboard on a real terminal must
 * draw live whatever CI says, so when stdout is a TTY we record the user's CI value
 * (children get it back unchanged) and hide it from Ink.
 */
export const originalEnv: Readonly<NodeJS.ProcessEnv> = { ...process.env };

/**
 * React picks its build from NODE_ENV when it is first imported. Unset, that is the
 * development build, which records a `performance.measure` (with a structured clone of
 * its details) for every commit and never clears them: at 15 frames a second the
 * dashboard grew by ~20 MiB/s and, once large, stalled for seconds on the way out.
 * gcdiff ships React as a library, so it asks for the production build unless the user
 * set NODE_ENV. Children still get originalEnv, taken above.
 */
export function preferProductionReact(): void {
  if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
}

preferProductionReact();

export function hideCiFromInk(): void {
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (key in process.env) process.env[key] = '0';
  }
}

if (process.stdout.isTTY) hideCiFromInk();
