/**
 * Waits for a promise, but at most `ms`: resolves to its value, or to null on time-out.
 * The timer is cleared either way, so a finished wait never keeps the process alive (an
 * uncleared 2 s timer here once made every `gcdiff run` exit 2 s after its program).
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
