/**
 * Every response time of a load run, in milliseconds with the fractions hrtime gives. autocannon's own
 * histogram keeps whole milliseconds and only 2xx answers, so a fast server (or a redirect) showed p50 0.00;
 * these samples give the percentiles sub-millisecond resolution, for every expected status.
 */
export class LatencySamples {
  private values = new Float64Array(1 << 16);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  get count(): number { return this.size; }

  /** min, mean, max and percentiles under autocannon's keys (`p50`, `p97_5`), or undefined with no sample. */
  summary(percentiles: readonly string[]): Record<string, number> | undefined {
    if (this.size === 0) return undefined;
    const sorted = this.values.slice(0, this.size).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    // Nearest rank: the smallest sample with at least p% of the samples at or below it.
    const at = (p: number) => sorted[Math.min(this.size - 1, Math.max(0, Math.ceil((p / 100) * this.size) - 1))];
    const out: Record<string, number> = { min: sorted[0], max: sorted[this.size - 1], mean: sum / this.size };
    for (const p of percentiles) out[`p${p.replace('.', '_')}`] = at(Number(p));
    return out;
  }
}
