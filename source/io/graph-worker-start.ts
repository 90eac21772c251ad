/**
 * Starts a worker thread on one of the graph-worker entries beside this module: the
 * compiled .js when built (dist/), else the .ts through tsx (tests run from sources;
 * `--import tsx` in a worker's execArgv does not reach its entry on Node 20, so a small
 * bootstrap registers tsx first). A failure to load the entry is posted to `port` as
 * `{ type: 'error' }` and signals `flag`, so that a synchronous waiter never hangs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';

export function startGraphWorker(
  entry: string,
  workerData: object,
  transferList: TransferListItem[] = [],
): Worker {
  const js = new URL(`./${entry}.js`, import.meta.url);
  const built = existsSync(fileURLToPath(js));
  const target = built ? js.href : new URL(`./${entry}.ts`, import.meta.url).href;
  const register = built
    ? 'Promise.resolve()'
    : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register())`;
  // A worker that dies some other way (an uncaught error, out of memory) still answers and
  // signals on its way out: a thread waiting on the flag cannot see the Worker's events.
  const bootstrap = `
const { workerData } = require('node:worker_threads');
process.on('exit', () => {
  if (!workerData.flag || Atomics.load(workerData.flag, 0) !== 0) return;
  try { workerData.port.postMessage({ type: 'error', message: 'the heap-dump worker stopped without an answer', usage: false }); } catch {}
  Atomics.store(workerData.flag, 0, 1); Atomics.notify(workerData.flag, 0);
});
${register}.then(() => import(${JSON.stringify(target)})).catch((error) => {
  const message = 'cannot start the heap-dump worker: ' + (error && error.message ? error.message : String(error));
  if (workerData.port) workerData.port.postMessage({ type: 'error', message, usage: false });
  if (workerData.flag) { Atomics.store(workerData.flag, 0, 1); Atomics.notify(workerData.flag, 0); }
  if (!workerData.port) throw error;
});`;
  return new Worker(bootstrap, { eval: true, workerData, transferList });
}
