/** A usage error or bad input: one clear line, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** A runtime failure (the child could not start, a capture failed, ...): exit code 1. */
export class RuntimeFailure extends Error {
  readonly exitCode = 1;
  override name = 'RuntimeFailure';
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof RuntimeFailure) return error.exitCode;
  return 1;
}

/** One line, no stack: what the user sees. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}
