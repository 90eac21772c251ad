import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/**
 * Columns and rows: the props when given, else stdout's, updated on every 'resize'.
 * From a real terminal we use one row less than it has: Ink clears the whole screen
 * and redraws every frame whose height reaches the terminal's (flicker, and the
 * scrollback is wiped), but updates a shorter frame in place.
 */
export function useTerminalSize(
  columns?: number,
  rows?: number,
): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => ({
    columns: stdout.columns ?? 80,
    rows: usableRows(stdout.rows),
  }));
  useEffect(() => {
    const onResize = () =>
      setSize({ columns: stdout.columns ?? 80, rows: usableRows(stdout.rows) });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { columns: columns ?? size.columns, rows: rows ?? size.rows };
}

function usableRows(rows: number | undefined): number {
  return Math.max(1, (rows ?? 24) - 1);
}
