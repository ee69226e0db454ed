import { describe, expect, it } from 'vitest';
import { LatencySamples } from './latency-samples.js';

describe('LatencySamples', () => {
  it('keeps fractions of a millisecond and gives nearest-rank percentiles under autocannon keys', () => {
    const s = new LatencySamples();
    for (let i = 1; i <= 100_000; i++) s.add(i / 100_000); // 0.00001 … 1 ms
    const sum = s.summary(['50', '97.5', '99'])!;
    expect(sum.p50).toBeCloseTo(0.5, 5);
    expect(sum.p97_5).toBeCloseTo(0.975, 5);
    expect(sum.p99).toBeCloseTo(0.99, 5);
    expect(sum.min).toBeCloseTo(0.00001, 8);
    expect(sum.max).toBe(1);
    expect(sum.mean).toBeCloseTo(0.500005, 5);
    expect(s.count).toBe(100_000);
  });

  it('has no summary without samples', () => {
    expect(new LatencySamples().summary(['50'])).toBeUndefined();
  });
});
