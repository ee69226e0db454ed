import type { RatingValue } from './scheduler.js';

/** Multipliers a learner may put after the number, as a whole word: "12k", "3.5 M", "2bn". */
const MULTIPLIERS: Record<string, number> = {
  k: 1e3, K: 1e3, thousand: 1e3,
  M: 1e6, mn: 1e6, million: 1e6,
  B: 1e9, bn: 1e9, billion: 1e9,
  T: 1e12, tn: 1e12, trillion: 1e12,
};

/**
 * The number in a typed estimate: "12000", "12,000", "12k", "1.2e4", "3.5M", "40 GB" (a unit word after
 * the number is ignored: "GB" is the unit, not a multiplier). Undefined when no number leads the text.
 */
export function parseEstimate(text: string): number | undefined {
  const m = /^\s*~?\s*(\d[\d,_]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?\s*([A-Za-z]+)?/.exec(text);
  if (!m) return undefined;
  const digits = m[1].replace(/[,_]/g, '');
  let value = Number(`${digits}${m[2] !== undefined ? `e${m[2]}` : ''}`);
  const word = m[3];
  if (word !== undefined && MULTIPLIERS[word] !== undefined) value *= MULTIPLIERS[word];
  return Number.isFinite(value) ? value : undefined;
}

export type EstimateVerdict = 'exact' | 'close' | 'wrong';

export interface EstimateGrade { verdict: EstimateVerdict; correct: boolean; rating: RatingValue }

/** Within 10% is exact; within a factor of 2 either way (a log-scale tolerance) is right but not exact. */
export function gradeEstimate(answer: number, given: number): EstimateGrade {
  if (given > 0 && Math.abs(given - answer) <= 0.1 * answer) return { verdict: 'exact', correct: true, rating: 3 };
  if (given > 0 && given >= answer / 2 && given <= answer * 2) return { verdict: 'close', correct: true, rating: 2 };
  return { verdict: 'wrong', correct: false, rating: 1 };
}

/** A number as people read it: 12,000 / 3,500,000 / 0.5 / 1.2e-7. */
export function formatNumber(n: number): string {
  if (n !== 0 && (Math.abs(n) < 1e-3 || Math.abs(n) >= 1e15)) return n.toExponential(2).replace(/\.?0+e/, 'e');
  return n.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}
