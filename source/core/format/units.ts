/** Units for people. Values stay exact in JSON; these are for tables and the screen. */

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 1536 → "1.5KiB"; negative values keep their sign. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < byteUnits.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(v) : v.toFixed(v >= 100 ? 0 : digits);
  return `${sign}${text}${byteUnits[i]}`;
}

/** Signed bytes: "+1.5MiB", "-12KiB", "0B". */
export function formatBytesDelta(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/** Milliseconds with sensible precision: 0.0123 → "12µs", 1.2 → "1.2ms", 1500 → "1.50s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const a = Math.abs(ms);
  if (a === 0) return '0';
  if (a < 1) return `${(ms * 1000).toFixed(a < 0.01 ? 1 : 0)}µs`;
  if (a < 10) return `${ms.toFixed(2)}ms`;
  if (a < 1000) return `${ms.toFixed(1)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** MiB as the runtime prints them (integers), e.g. "12MiB". */
export function formatMiB(mib: number): string {
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)}MiB`;
}

/** Counts with thousands separators: 12345 → "12,345"; signed if asked. */
/** `1 cycle`, `2 cycles`: a count and its noun, singular for one. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

export function formatCount(n: number, signed = false): string {
  const text = Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const sign = n < 0 ? '-' : signed && n > 0 ? '+' : '';
  return `${sign}${text}`;
}

/** Percent with one decimal: 12.345 → "12.3%"; signed if asked. */
export function formatPercent(p: number, signed = false): string {
  if (!Number.isFinite(p)) return p > 0 ? '+inf%' : p < 0 ? '-inf%' : 'n/a';
  const sign = signed && p > 0 ? '+' : '';
  return `${sign}${p.toFixed(1)}%`;
}

/** Seconds as an uptime: 75 → "1m15s", 3725 → "1h02m05s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(r).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

/** Parses "10MiB", "512KiB", "1.5GB", "2048" (bytes) into bytes; null when not a size. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$/i.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const power = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 }[unit.replace(/i?b$/, '') || ''];
  if (power === undefined) return null;
  const base = unit.includes('i') || unit.length === 1 ? 1024 : 1000;
  return Math.round(value * base ** power);
}

/** Parses "5s", "1.5s", "250ms", "2m" into milliseconds; null when not a duration. */
export function parseDurationMs(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
    (m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'
  ];
  return value * factor;
}
