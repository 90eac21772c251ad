/** @jsxRuntime automatic */
import { render } from 'ink-testing-library';
import type { TimelineStore } from '../../source/core/timeline/store.js';
import { Dashboard } from '../../source/ui/dashboard.js';
import { sampleStore } from './sample-session.js';

/**
 * The lines of one settled dashboard frame over the sample session, or `store` (ANSI kept
 * when `color`).
 * The caller imports test/helpers/ink-test-env.js first (and force-color.js for ANSI), as the
 * Ink frame tests do.
 */
export async function sampleFrameLines(
  columns: number,
  rows: number,
  {
    ascii = false,
    color = true,
    store = sampleStore(240),
  }: { ascii?: boolean; color?: boolean; store?: TimelineStore } = {},
): Promise<string[]> {
  const app = render(
    <Dashboard
      store={store}
      actions={{ mark() {}, restart() {}, quit() {} }}
      ascii={ascii}
      color={color}
      mode="run"
      sessionDir="/tmp/gcdiff-session"
      env={{}}
      tickMs={10}
      columns={columns}
      rows={rows}
      pacer={null}
    />,
  );
  await new Promise((r) => setTimeout(r, 200));
  const frame = app.lastFrame() ?? '';
  app.unmount();
  return frame.split('\n');
}

/** The lines of settled sample frames at each [columns, rows, ascii] size, in order. */
export async function sampleFramesAt(
  sizes: readonly (readonly [columns: number, rows: number, ascii: boolean])[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const [columns, rows, ascii] of sizes) {
    lines.push(...(await sampleFrameLines(columns, rows, { ascii })));
  }
  return lines;
}
