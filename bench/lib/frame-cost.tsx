/** @jsxRuntime automatic */
/**
 * What one dashboard frame costs, in this process: the real Dashboard rendered by Ink into a
 * fake 200×50 TTY while a store gets ~1000 cycles a second. Prints CPU per frame and per
 * second. Usage: node --import tsx bench/lib/frame-cost.tsx [columns rows seconds cycles/s]
 * (default 200 50 5 1000).
 */
import '../../test/helpers/ink-test-env.js';
import { render } from 'ink-testing-library';
import { syntheticCycles } from '../../source/core/gctrace/synthetic.js';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { Dashboard } from '../../source/ui/dashboard.js';
import { inkTextCacheSize } from '../../source/ui/ink-text-cache.js';

const [columns = 200, rows = 50, seconds = 5, rate = 1000] = process.argv.slice(2).map(Number);

const store = new TimelineStore();
store.setChild({ command: ['bench'], pid: 1, state: 'running', startedMs: 0, upMs: 0 });
const cycles = syntheticCycles(200_000, { seed: 3, procs: 4 });
let next = 0;
// Cycles arrive on a 50 ms tick, rate / 20 a tick on average.
let owed = 0;
const feed = setInterval(() => {
  owed += rate / 20;
  for (; owed >= 1 && next < cycles.length; owed--, next++) {
    const c = cycles[next];
    if (c) store.addCycle(c);
    if (next % 10 === 0) store.addOutput('stderr', `2026/11/25 17:08:30 request ${next} served\n`);
  }
}, 50);
for (let i = 0; i < 5000; i++, next++) {
  const c = cycles[next];
  if (c) store.addCycle(c);
}
const app = process.env.NORENDER
  ? { frames: [] as string[], lastFrame: () => '', unmount() {} }
  : render(
      <Dashboard
        store={store}
        actions={{ mark() {}, restart() {}, quit() {} }}
        ascii={false}
        color={true}
        mode="run"
        sessionDir="/tmp/x"
        env={{}}
        columns={columns}
        rows={rows}
        pacer={process.env.PACED === '1' ? undefined : null}
      />,
    );
await new Promise((r) => setTimeout(r, 1000));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
gc();
// ink-testing-library keeps every frame; count them and let them go.
let framesSeen = 0;
const drop = setInterval(() => {
  framesSeen += app.frames.length;
  app.frames.length = 0;
}, 500);
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const f0 = framesSeen + app.frames.length;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
const frames = framesSeen + app.frames.length - f0;
clearInterval(drop);
const bytes = (app.lastFrame() ?? '').length;
const ms = (cpu.user + cpu.system) / 1000;
console.log(
  `${columns}x${rows}: ${frames} writes in ${(wall / 1000).toFixed(1)} s, cpu ${((100 * ms) / wall).toFixed(1)} % of a core, ${(ms / Math.max(1, frames)).toFixed(2)} ms per write, ${(bytes / 1024).toFixed(1)} KiB per frame`,
);
gc();
console.log(`Ink text cache ${await inkTextCacheSize()} entries`);
console.log(`heap used +${((process.memoryUsage().heapUsed - heap0) / 1048576).toFixed(1)} MiB`);
clearInterval(feed);
app.unmount();
process.exit(0);
