/** @jsxRuntime automatic */
// Prints text captures of the dashboard (not a test): npx tsx test/ui/capture-frames.tsx [cols rows]...
import '../helpers/ink-test-env.js';
import { render } from 'ink-testing-library';
import { Dashboard } from '../../source/ui/dashboard.js';
import { sampleStore } from './sample-session.js';

const sizes =
  process.argv.length > 2
    ? process.argv.slice(2).map((s) => s.split('x').map(Number) as [number, number])
    : ([
        [80, 24],
        [200, 50],
      ] as [number, number][]);
for (const [columns, rows] of sizes) {
  const store = sampleStore();
  const app = render(
    <Dashboard
      store={store}
      actions={{ mark() {}, restart() {}, quit() {} }}
      ascii={process.env.ASCII === '1'}
      color={false}
      mode="run"
      sessionDir="/home/dev/.local/state/gcdiff/sessions/2026-11-25T17-07-12"
      env={{ gogc: '100', gomemlimit: '512MiB' }}
      columns={columns}
      rows={rows}
    />,
  );
  for (const key of (process.env.KEYS ?? '').split(',').filter(Boolean)) {
    app.stdin.write(key === 'left' ? '\u001b[D' : key === 'esc' ? '\u001b' : key);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50));
  const frame = app.lastFrame() ?? '';
  console.log(`----- ${columns}x${rows}: ${frame.split('\n').length} lines`);
  console.log(frame);
  app.unmount();
}
