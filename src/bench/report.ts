import type { BenchReport } from '../grader/events.js';
import { ms } from './compare.js';
import { histogramLines } from './histogram.js';
import { unexpectedCount } from './stats.js';

/** The benchmark report as terminal lines: settings, figures side by side, histogram, verdict. */
export function benchReportLines(r: BenchReport, mark: (ok: boolean) => string = (ok) => (ok ? '✔' : '✘')): string[] {
  const warm = r.warmupSeconds > 0 ? ` after ${r.warmupSeconds} s of warm-up` : '';
  const ref = r.referenceCached ? `reference cached from ${r.referenceMeasuredAt.slice(0, 16).replace('T', ' ')} UTC (--fresh measures it again)` : 'reference measured in this run';
  const rows: [string, string, string][] = [
    ['requests/s', int(r.yours.requestsPerSecond), int(r.reference.requestsPerSecond)],
    ['answers', int(r.yours.completed), int(r.reference.completed)],
    ['p50', ms(r.yours.latency.p50), ms(r.reference.latency.p50)],
    ['p90', ms(r.yours.latency.p90), ms(r.reference.latency.p90)],
    ['p99', ms(r.yours.latency.p99), ms(r.reference.latency.p99)],
    ['max', ms(r.yours.latency.max), ms(r.reference.latency.max)],
    ['errors', int(r.yours.errors + unexpectedCount(r.yours)), int(r.reference.errors + unexpectedCount(r.reference))],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max('yours'.length, ...rows.map((x) => x[1].length));
  const lines = [
    `Load benchmark: ${r.connections} connections, ${r.durationSeconds} s each${warm}; ${ref}`,
    `${''.padEnd(w0)}  ${'yours'.padStart(w1)}  reference`,
    ...rows.map(([name, a, b]) => `${name.padEnd(w0)}  ${a.padStart(w1)}  ${b.padStart('reference'.length)}`),
    '',
    ...histogramLines([{ label: 'yours', cdf: r.yours.latency.cdf }, { label: 'reference', cdf: r.reference.latency.cdf }], { buckets: 10, barWidth: 20 }),
    '',
    ...r.verdict.reasons.map((reason) => `${mark(reason.ok)} ${reason.text}`),
  ];
  return lines;
}

/** One progress line (a TTY rewrites it in place). */
export function benchProgressLine(e: { side: 'reference' | 'yours'; phase: string; elapsedMs: number; totalMs: number; completed: number }): string {
  const who = e.side === 'reference' ? 'the reference solution' : 'your server';
  switch (e.phase) {
    case 'build': return 'Building the reference solution for the load benchmark…';
    case 'setup': return `Preparing ${who} for the load benchmark…`;
    case 'warmup': return `Warming up ${who} (${e.totalMs / 1000} s)…`;
    default: {
      const width = 20;
      const done = e.totalMs > 0 ? Math.min(1, e.elapsedMs / e.totalMs) : 0;
      const filled = Math.round(done * width);
      return `Measuring ${who} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(e.elapsedMs / 1000).toFixed(1)}/${e.totalMs / 1000} s, ${int(e.completed)} answers`;
    }
  }
}

function int(n: number): string { return Math.round(n).toLocaleString('en-US'); }
