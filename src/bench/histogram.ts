/**
 * A latency histogram drawn with block characters, learner beside reference. Built from the latency CDF
 * autocannon reports ([percentile, ms] points): the share of requests between two latencies is exact at the
 * points and interpolated between them.
 */
export type Cdf = [percentile: number, ms: number][];

export interface HistogramOptions {
  buckets?: number;
  /** Width of one bar column, in characters. */
  barWidth?: number;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The share (0..1) of requests that took at most `ms`. */
export function shareAtMost(cdf: Cdf, ms: number): number {
  if (cdf.length === 0) return 0;
  if (ms < cdf[0][1]) return 0;
  for (let i = 1; i < cdf.length; i++) {
    const [p1, v1] = cdf[i];
    if (ms < v1) {
      const [p0, v0] = cdf[i - 1];
      return (p0 + ((ms - v0) / (v1 - v0)) * (p1 - p0)) / 100;
    }
  }
  return 1;
}

/** Bucket edges spaced evenly on a log scale from the fastest to the slowest request of either side. */
export function bucketEdges(cdfs: Cdf[], buckets: number): number[] {
  const values = cdfs.flatMap((c) => c.map(([, v]) => v));
  const lo = Math.max(0.01, Math.min(...values));
  const hi = Math.max(lo * 1.01, Math.max(...values));
  const edges = Array.from({ length: buckets + 1 }, (_, i) => lo * (hi / lo) ** (i / buckets));
  edges[buckets] = hi;
  return edges;
}

/** Shares per bucket; the first bucket includes its lower edge, the last its upper one. */
export function bucketShares(cdf: Cdf, edges: number[]): number[] {
  const shares: number[] = [];
  for (let i = 0; i < edges.length - 1; i++) {
    const low = i === 0 ? 0 : shareAtMost(cdf, edges[i]);
    shares.push(Math.max(0, shareAtMost(cdf, edges[i + 1]) - low));
  }
  return shares;
}

export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  const text = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  return text.padEnd(width, ' ');
}

/** Terminal lines: one per bucket, `range │ bar share │ bar share`, the columns titled by `labels`. */
export function histogramLines(columns: { label: string; cdf: Cdf }[], options: HistogramOptions = {}): string[] {
  const usable = columns.filter((c) => c.cdf.length > 0);
  if (usable.length === 0) return [];
  const buckets = options.buckets ?? 10;
  const width = options.barWidth ?? 24;
  const edges = bucketEdges(usable.map((c) => c.cdf), buckets);
  const shares = usable.map((c) => bucketShares(c.cdf, edges));
  const ranges = edges.slice(0, -1).map((lo, i) => `${num(lo)}–${num(edges[i + 1])} ms`);
  const rangeWidth = Math.max(...ranges.map((r) => r.length), 'latency'.length);
  const cell = width + 7;
  const lines = [`${'latency'.padStart(rangeWidth)} │ ${usable.map((c) => c.label.padEnd(cell)).join(' │ ')}`.trimEnd()];
  ranges.forEach((range, i) => {
    const cells = shares.map((s) => `${bar(s[i], width)} ${pct(s[i]).padStart(6)}`);
    lines.push(`${range.padStart(rangeWidth)} │ ${cells.join(' │ ')}`);
  });
  return lines;
}

function num(ms: number): string {
  if (ms >= 100) return String(Math.round(ms));
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
