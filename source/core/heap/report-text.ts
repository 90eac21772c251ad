import type { GraphReport } from './analysis.js';

function bytes(n: number): string {
  if (n >= 1 << 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The human-readable form of a graph report. */
export function graphReportText(report: GraphReport, top = 15): string {
  const lines: string[] = [];
  const { a, b } = report.dumps;
  lines.push(
    `dump A: ${a.objects} objects, ${bytes(a.bytes)}; dump B: ${b.objects} objects, ${bytes(b.bytes)} (${b.goVersion ?? 'unknown Go'})`,
  );
  const unsampled = report.newObjects.count - report.newObjects.sampled;
  lines.push(
    `new in B: ${report.newObjects.count} objects, ${bytes(report.newObjects.bytes)}` +
      (unsampled > 0
        ? ` (${unsampled} without an allocation sample; set GCDIFF_MEMPROFILERATE=1)`
        : ''),
  );
  lines.push('');
  lines.push('New objects by allocation site');
  const shown = report.sites.slice(0, top);
  const width = Math.max(4, ...shown.map((s) => s.site.length));
  lines.push(
    `  ${'site'.padEnd(width)}  ${'count'.padStart(9)}  ${'bytes'.padStart(10)}  ${'retained'.padStart(10)}`,
  );
  for (const s of shown) {
    lines.push(
      `  ${s.site.padEnd(width)}  ${String(s.count).padStart(9)}  ${bytes(s.bytes).padStart(10)}  ${bytes(s.retainedBytes).padStart(10)}`,
    );
    lines.push(`    path: ${s.path.join(' → ')}`);
  }
  if (report.sites.length > top)
    lines.push(`  … ${report.sites.length - top} more sites (--json for all)`);
  lines.push('');
  if (report.cycles.length === 0) {
    lines.push('No reference cycles with new objects.');
  } else {
    lines.push('Reference cycles with new objects');
    for (const c of report.cycles.slice(0, top)) {
      lines.push(
        `  ${c.sites.join(' + ')}: ${c.components} cycles, ${c.objects} objects, ${bytes(c.bytes)}; e.g. ${c.example.size} objects`,
      );
      lines.push(`    path: ${c.example.path.join(' → ')}`);
    }
    if (report.cycles.length > top)
      lines.push(`  … ${report.cycles.length - top} more groups (--json for all)`);
  }
  return `${lines.join('\n')}\n`;
}
