import { describe, expect, it } from 'vitest';
import { bar, bucketEdges, bucketShares, histogramLines, shareAtMost, type Cdf } from './histogram.js';

const cdf: Cdf = [[0.001, 1], [50, 2], [90, 4], [99, 8], [100, 16]];

describe('latency histogram', () => {
  it('reads the share of requests at or below a latency from the CDF points, interpolating between them', () => {
    expect(shareAtMost(cdf, 0.5)).toBe(0);
    expect(shareAtMost(cdf, 2)).toBeCloseTo(0.5);
    expect(shareAtMost(cdf, 3)).toBeCloseTo(0.7);
    expect(shareAtMost(cdf, 16)).toBe(1);
    expect(shareAtMost(cdf, 100)).toBe(1);
  });
  it('spaces buckets on a log scale over both columns and the shares add up to 1', () => {
    const edges = bucketEdges([cdf, [[0.001, 2], [100, 32]]], 5);
    expect(edges[0]).toBe(1);
    expect(edges[5]).toBe(32);
    expect(edges[1]).toBeCloseTo(2);
    const shares = bucketShares(cdf, edges);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
  it('draws bars with eighth blocks, padded to the width', () => {
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.5, 4)).toBe('██  ');
    expect(bar(0.125, 4)).toBe('▌   ');
    expect(bar(0.0625, 4)).toBe('▎   ');
    expect(bar(0, 3)).toBe('   ');
  });
  it('puts the learner beside the reference, one line per bucket plus a title', () => {
    const lines = histogramLines([{ label: 'yours', cdf }, { label: 'reference', cdf }], { buckets: 4, barWidth: 10 });
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/latency │ yours +│ reference/);
    expect(lines[1]).toMatch(/^ *1\.00–2\.00 ms │ █████ +50\.0% │ █████ +50\.0%$/);
  });
  it('draws nothing without data', () => {
    expect(histogramLines([{ label: 'yours', cdf: [] }])).toEqual([]);
  });
});
