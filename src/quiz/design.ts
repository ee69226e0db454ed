import { RUBRIC_SECTIONS, type DesignQuestion, type RubricSection } from '../catalog/schema/question.js';
import type { RatingValue } from './scheduler.js';

export const SECTION_TITLES: Record<RubricSection, string> = {
  requirements: 'Requirements and scope', estimates: 'Estimates', api: 'API', dataModel: 'Data model',
  architecture: 'Architecture', deepDives: 'Deep dives', bottlenecks: 'Bottlenecks after the first draft', tradeOffs: 'Trade-offs',
};

/** One rubric point, numbered from 1 across the sections in interview order (the numbers the learner types). */
export interface NumberedPoint { number: number; key: string; section: RubricSection; point: string; weight: number }

export function rubricPoints(q: DesignQuestion): NumberedPoint[] {
  const points: NumberedPoint[] = [];
  for (const section of RUBRIC_SECTIONS) {
    q.rubric[section].forEach((p, i) => {
      points.push({ number: points.length + 1, key: `${section}.${i}`, section, point: p.point, weight: p.weight });
    });
  }
  return points;
}

export interface DesignScore { covered: string[]; score: number; rating: RatingValue; correct: boolean }

/**
 * The weighted share of the points the learner marked as covered; 80% or more counts as correct
 * (records.ts), and maps to an FSRS rating. Nothing is pre-marked: the learner judges against the model.
 */
export function scoreDesign(points: readonly NumberedPoint[], coveredNumbers: readonly number[]): DesignScore {
  const chosen = new Set(coveredNumbers);
  const hit = points.filter((p) => chosen.has(p.number));
  const total = points.reduce((n, p) => n + p.weight, 0);
  const score = total === 0 ? 0 : hit.reduce((n, p) => n + p.weight, 0) / total;
  const rating: RatingValue = score >= 0.9 ? 4 : score >= 0.8 ? 3 : score >= 0.5 ? 2 : 1;
  return { covered: hit.map((p) => p.key), score, rating, correct: score >= 0.8 };
}
