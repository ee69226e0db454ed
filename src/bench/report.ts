import type { BenchReport, BenchSide } from '../grader/events.js';
import { ms } from './compare.js';
import { histogramLines } from './histogram.js';
import { unexpectedCount } from './stats.js';

/** The benchmark report as terminal lines: settings, figures side by side, histogram, verdict. */
export function benchReportLines(r: BenchReport, mark: (ok: boolean) => string = (ok) => (ok ? '✔' : '✘')): string[] {
  const warm = r.warmupSeconds > 0 ? ` after ${r.warmupSeconds} s of warm-up` : '';
  const ref = r.referenceCached ? `reference cached from ${r.referenceMeasuredAt.slice(0, 16).replace('T', ' ')} UTC (--fresh measures it again)` : 'reference measured in this run';
  const sides: { label: string; stats: BenchReport['yours'] }[] = [
    { label: 'yours', stats: r.yours }, { label: 'reference', stats: r.reference },
    ...(r.baseline ? [{ label: r.baseline.label, stats: r.baseline.stats }] : []),
  ];
  const rows: [string, ...string[]][] = [
    ['requests/s', ...sides.map((s) => int(s.stats.requestsPerSecond))],
    ['answers', ...sides.map((s) => int(s.stats.completed))],
    ['p50', ...sides.map((s) => ms(s.stats.latency.p50))],
    ['p90', ...sides.map((s) => ms(s.stats.latency.p90))],
    ['p99', ...sides.map((s) => ms(s.stats.latency.p99))],
    ['max', ...sides.map((s) => ms(s.stats.latency.max))],
    ['errors', ...sides.map((s) => int(s.stats.errors + unexpectedCount(s.stats)))],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const widths = sides.map((s, i) => Math.max(s.label.length, ...rows.map((x) => x[i + 1].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w0) : c.padStart(widths[i - 1]))).join('  ');
  const lines = [
    `Load benchmark: ${r.connections} connections, ${r.durationSeconds} s each${warm}; ${ref}`,
    line(['', ...sides.map((s) => s.label)]),
    ...rows.map((row) => line(row)),
    ...(r.baseline ? ['', overheadLine(r.yours, r.baseline)] : []),
    '',
    ...histogramLines(sides.map((s) => ({ label: s.label, cdf: s.stats.latency.cdf })), { buckets: 10, barWidth: 20 }),
    '',
    ...r.verdict.reasons.map((reason) => `${mark(reason.ok)} ${reason.text}`),
  ];
  return lines;
}

/** One progress line (a TTY rewrites it in place). */
export function benchProgressLine(e: { side: BenchSide; phase: string; elapsedMs: number; totalMs: number; completed: number }): string {
  const who = e.side === 'reference' ? 'the reference solution' : e.side === 'baseline' ? 'the baseline (a helper measured directly)' : 'your server';
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

/** What the learner's server costs on top of the helper it sits in front of (reported, not judged). */
function overheadLine(yours: BenchReport['yours'], baseline: NonNullable<BenchReport['baseline']>): string {
  const direct = baseline.stats.requestsPerSecond;
  const share = direct > 0 ? Math.round((1 - yours.requestsPerSecond / direct) * 100) : 0;
  const p99 = yours.latency.p99 - baseline.stats.latency.p99;
  return `Overhead against ${baseline.label}: ${share >= 0 ? `${share}% less` : `${-share}% more`} throughput, p99 ${p99 >= 0 ? '+' : ''}${ms(p99)}`;
}

function int(n: number): string { return Math.round(n).toLocaleString('en-US'); }
