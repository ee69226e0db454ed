import { describe, expect, it } from 'vitest';
import { formatNumber, gradeEstimate, parseEstimate } from './estimate.js';

describe('estimate answers', () => {
  it('reads the forms people type, ignoring a unit word', () => {
    const cases: [string, number | undefined][] = [
      ['12000', 12000], ['12,000', 12000], ['12k', 12000], ['12 K', 12000], ['1.2e4', 12000], ['3.5M', 3.5e6],
      ['40 GB', 40], ['40GB', 40], ['2 bn', 2e9], ['0.5 ms', 0.5], ['.5', 0.5], ['~300 requests/s', 300],
      ['about 300', undefined], ['', undefined], ['-5', undefined],
    ];
    for (const [text, value] of cases) expect([text, parseEstimate(text)]).toEqual([text, value]);
  });

  it('counts within 10% as exact and within 2x either way as right, on a log scale', () => {
    expect(gradeEstimate(1000, 1090)).toMatchObject({ verdict: 'exact', correct: true, rating: 3 });
    expect(gradeEstimate(1000, 905)).toMatchObject({ verdict: 'exact' });
    expect(gradeEstimate(1000, 2000)).toMatchObject({ verdict: 'close', correct: true, rating: 2 });
    expect(gradeEstimate(1000, 500)).toMatchObject({ verdict: 'close' });
    expect(gradeEstimate(1000, 499)).toMatchObject({ verdict: 'wrong', correct: false, rating: 1 });
    expect(gradeEstimate(1000, 2001)).toMatchObject({ verdict: 'wrong' });
    expect(gradeEstimate(1000, 0)).toMatchObject({ verdict: 'wrong' });
  });

  it('prints numbers readably', () => {
    expect(formatNumber(12000)).toBe('12,000');
    expect(formatNumber(3.5e9)).toBe('3,500,000,000');
    expect(formatNumber(0.0001)).toBe('1e-4');
  });
});
