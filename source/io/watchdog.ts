/**
 * The child's guardian: `node watchdog.js <pgid> [<autogroup change> <pid>]`, started in
 * its own session with a pipe from gcdiff on stdin. When that pipe closes (gcdiff exited
 * or was killed, even by SIGKILL), the child's process group is ended, so it is never
 * orphaned, and the nice value gcdiff gave its session's autogroup is set back through
 * <pid>, another member of that session (a no-op when gcdiff already did it).
 */
import { parseChange, restoreAutogroup } from './autogroup.js';
import { endGroup } from './process-group.js';

const pgid = Number(process.argv[2]);
if (!Number.isInteger(pgid) || pgid <= 1) process.exit(2);
const change = parseChange(process.argv[3] ?? '');
const via = Number(process.argv[4]);

process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.stdin.on('data', () => {});
process.stdin.on('error', () => {});
process.stdin.on('close', () => {
  if (change && Number.isInteger(via) && via > 1) restoreAutogroup(change, via);
  void endGroup(pgid, 2000).finally(() => process.exit(0));
});
process.stdin.resume();
