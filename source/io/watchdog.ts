/**
 * The child's guardian: `node watchdog.js <pgid>`, started in its own session with
 * a pipe from gcdiff on stdin. When that pipe closes (gcdiff exited or was killed,
 * even by SIGKILL), the child's process group is ended, so it is never orphaned.
 */
import { endGroup } from './process-group.js';

const pgid = Number(process.argv[2]);
if (!Number.isInteger(pgid) || pgid <= 1) process.exit(2);

process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.stdin.on('data', () => {});
process.stdin.on('error', () => {});
process.stdin.on('close', () => {
  void endGroup(pgid, 2000).finally(() => process.exit(0));
});
process.stdin.resume();
