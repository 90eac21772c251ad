/**
 * Pure parsing for port discovery: /proc/net/tcp and /proc/net/tcp6 tables, the
 * /proc/<pid>/stat and …/children files, `ps -o pid=,ppid=` and `lsof -F pn` output,
 * and the one rule that matters most: which listeners may be probed, and through which
 * address. Only loopback is ever probed. Nothing here does I/O.
 */

/** TCP state 0A in /proc/net/tcp: LISTEN. */
export const TCP_LISTEN = 0x0a;

export type IpFamily = 4 | 6;

/** One row of /proc/net/tcp or /proc/net/tcp6. */
export interface ProcNetTcpEntry {
  family: IpFamily;
  /** The local address in its usual text form: `127.0.0.1`, `::1`, `::ffff:127.0.0.1`, `::`. */
  address: string;
  port: number;
  /** The TCP state (0x0A is LISTEN). */
  state: number;
  /** The socket inode, matched against `socket:[inode]` links in /proc/<pid>/fd. */
  inode: number;
}

/** A listener and the addresses through which it may be probed (loopback only). */
export interface ProbeTarget {
  /** A host for a URL: `127.0.0.1` or `[::1]`. */
  host: string;
  port: number;
}

export type Endianness = 'LE' | 'BE';

/**
 * Decodes a /proc/net/tcp address field's host part: 8 hex digits for IPv4, 32 for IPv6,
 * each 32-bit word in the kernel's byte order (little-endian on x86 and arm64).
 * Returns null for anything else.
 */
export function decodeProcAddress(hex: string, endianness: Endianness = 'LE'): string | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) return null;
  if (hex.length !== 8 && hex.length !== 32) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes: number[] = [];
    for (let i = 0; i < 8; i += 2)
      wordBytes.push(Number.parseInt(hex.slice(word + i, word + i + 2), 16));
    if (endianness === 'LE') wordBytes.reverse();
    bytes.push(...wordBytes);
  }
  if (bytes.length === 4) return bytes.join('.');
  return formatIpv6(bytes);
}

/** RFC 5952 text for 16 bytes, with the dotted IPv4 tail for v4-mapped addresses. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) return `::ffff:${bytes.slice(12, 16).join('.')}`;
  // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * Parses the text of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6). The header and
 * any line that does not have the expected shape are skipped; this never throws.
 */
export function parseProcNetTcp(
  text: string,
  family: IpFamily,
  endianness: Endianness = 'LE',
): ProcNetTcpEntry[] {
  const entries: ProcNetTcpEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    if (fields.length < 10 || !/^\d+:$/.test(fields[0] ?? '')) continue;
    const local = fields[1] ?? '';
    const colon = local.indexOf(':');
    if (colon < 0) continue;
    const hexAddress = local.slice(0, colon);
    const hexPort = local.slice(colon + 1);
    if ((family === 4) !== (hexAddress.length === 8)) continue;
    const address = decodeProcAddress(hexAddress, endianness);
    if (address === null || !/^[0-9A-Fa-f]{4}$/.test(hexPort)) continue;
    const state = /^[0-9A-Fa-f]{2}$/.test(fields[3] ?? '') ? Number.parseInt(fields[3]!, 16) : NaN;
    const inode = /^\d+$/.test(fields[9] ?? '') ? Number(fields[9]) : NaN;
    if (Number.isNaN(state) || !Number.isSafeInteger(inode)) continue;
    entries.push({ family, address, port: Number.parseInt(hexPort, 16), state, inode });
  }
  return entries;
}

/** Is this an IPv4 address in 127.0.0.0/8? */
function isLoopbackV4(address: string): boolean {
  const parts = address.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

/**
 * Where a listener bound to `address` may be probed, loopback only:
 * - 127.0.0.0/8 and ::ffff:127.x.y.z: that same IPv4 address;
 * - ::1: [::1];
 * - the wildcards 0.0.0.0 and ::ffff:0.0.0.0: 127.0.0.1; `::` (dual stack): 127.0.0.1, then [::1];
 * - anything else (a real interface address): nowhere.
 */
export function loopbackHostsFor(address: string): string[] {
  const text = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackV4(text)) return [text];
  if (text === '0.0.0.0' || text === '*' || text === '::ffff:0.0.0.0') {
    return text === '*' ? ['127.0.0.1', '[::1]'] : ['127.0.0.1'];
  }
  if (text === '::1' || text === '0:0:0:0:0:0:0:1') return ['[::1]'];
  if (text === '::' || text === '0:0:0:0:0:0:0:0') return ['127.0.0.1', '[::1]'];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mapped?.[1] !== undefined && isLoopbackV4(mapped[1])) return [mapped[1]];
  return [];
}

/**
 * The probe targets for the LISTEN entries whose inode is one of `inodes`, in the order the
 * inodes are given (then table order), without duplicates. Non-loopback listeners yield none.
 */
export function listenProbeTargets(
  entries: readonly ProcNetTcpEntry[],
  inodes: Iterable<number>,
): ProbeTarget[] {
  const byInode = new Map<number, ProcNetTcpEntry[]>();
  for (const entry of entries) {
    if (entry.state !== TCP_LISTEN || entry.inode === 0) continue;
    const list = byInode.get(entry.inode);
    if (list) list.push(entry);
    else byInode.set(entry.inode, [entry]);
  }
  const targets: ProbeTarget[] = [];
  const seen = new Set<string>();
  for (const inode of inodes) {
    for (const entry of byInode.get(inode) ?? []) {
      for (const host of loopbackHostsFor(entry.address)) {
        const key = `${host}:${entry.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ host, port: entry.port });
      }
    }
  }
  return targets;
}

/** The inode of an fd link target `socket:[12345]`, or null for any other link. */
export function socketInode(linkTarget: string): number | null {
  const match = /^socket:\[(\d+)\]$/.exec(linkTarget);
  return match?.[1] !== undefined ? Number(match[1]) : null;
}

/**
 * The parent pid from the text of /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may itself contain spaces and parentheses, so fields are counted from
 * the last ')'.
 */
export function parseStatPpid(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const rest = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is the state, rest[1] the ppid.
  const ppid = rest[1];
  return ppid !== undefined && /^\d+$/.test(ppid) ? Number(ppid) : null;
}

/** The pids listed in a /proc/<pid>/task/<tid>/children file. */
export function parseChildrenList(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((t) => /^\d+$/.test(t))
    .map(Number);
}

/** `ps -A -o pid=,ppid=` output as [pid, ppid] pairs. */
export function parsePsPidPpid(text: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      pairs.push([Number(match[1]), Number(match[2])]);
    }
  }
  return pairs;
}

/**
 * The pids of the tree rooted at `root` (root first, then breadth-first), from
 * [pid, ppid] pairs. Cycles in bad input are ignored.
 */
export function descendantsOf(
  root: number,
  pairs: ReadonlyArray<readonly [number, number]>,
): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of pairs) {
    if (pid === ppid) continue;
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const order = [root];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++) {
    for (const child of children.get(order[i]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      order.push(child);
    }
  }
  return order;
}

/** One TCP listener reported by `lsof -F pn`. */
export interface LsofListener {
  pid: number;
  address: string;
  port: number;
}

/**
 * Parses `lsof -nP -a -p <pids> -iTCP -sTCP:LISTEN -F pn` output: `p<pid>` lines, then
 * `f<fd>` and `n<address>:<port>` lines (`n*:6060`, `n127.0.0.1:6060`, `n[::1]:6060`).
 */
export function parseLsofListeners(text: string): LsofListener[] {
  const listeners: LsofListener[] = [];
  let pid: number | null = null;
  for (const line of text.split('\n')) {
    const tag = line[0];
    const value = line.slice(1).trim();
    if (tag === 'p') {
      pid = /^\d+$/.test(value) ? Number(value) : null;
    } else if (tag === 'n' && pid !== null) {
      // A listener has no "->" peer part; "n*:6060" or "n[::1]:6060".
      if (value.includes('->')) continue;
      const match = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(value);
      if (match?.[1] === undefined || match[2] === undefined) continue;
      const port = Number(match[2]);
      if (port < 1 || port > 65535) continue;
      listeners.push({ pid, address: match[1].replace(/^\[|\]$/g, ''), port });
    }
  }
  return listeners;
}

/** Probe targets for lsof listeners, in order, loopback only, without duplicates. */
export function lsofProbeTargets(listeners: readonly LsofListener[]): ProbeTarget[] {
  const targets: ProbeTarget[] = [];
  const seen = new Set<string>();
  for (const listener of listeners) {
    for (const host of loopbackHostsFor(listener.address)) {
      const key = `${host}:${listener.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push({ host, port: listener.port });
    }
  }
  return targets;
}
