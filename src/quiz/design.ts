import { RUBRIC_SECTIONS, type DesignQuestion, type RubricSection } from '../catalog/schema/question.js';
import type { RatingValue } from './scheduler.js';

export const SECTION_TITLES: Record<RubricSection, string> = {
  requirements: 'Requirements', estimates: 'Estimates', api: 'API', dataModel: 'Data model',
  architecture: 'Architecture', deepDives: 'Deep dives', tradeOffs: 'Trade-offs',
};

/** One rubric point, numbered from 1 across the sections in interview order (the numbers the learner types). */
export interface NumberedPoint { number: number; key: string; section: RubricSection; point: string; terms: string[] }

export function rubricPoints(q: DesignQuestion): NumberedPoint[] {
  const points: NumberedPoint[] = [];
  for (const section of RUBRIC_SECTIONS) {
    q.rubric[section].forEach((p, i) => {
      points.push({ number: points.length + 1, key: `${section}.${i}`, section, point: p.point, terms: p.terms });
    });
  }
  return points;
}

/** The numbers of the points whose key terms the answer already mentions (case and punctuation ignored). */
export function premark(points: readonly NumberedPoint[], answer: string): number[] {
  const text = ` ${normalise(answer)} `;
  return points.filter((p) => p.terms.some((t) => mentions(text, normalise(t)))).map((p) => p.number);
}

/** A term matches at word boundaries, so "cap" does not match "capacity"; a trailing "s" is allowed. */
function mentions(text: string, term: string): boolean {
  if (!term) return false;
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?:s|es)?(?![a-z0-9])`).test(text);
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\u2010-\u2015]/g, '-').replace(/[^a-z0-9%/.+-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface DesignScore { covered: string[]; score: number; rating: RatingValue; correct: boolean }

/** Share of points covered; 80% or more counts as correct (records.ts), and maps to an FSRS rating. */
export function scoreDesign(points: readonly NumberedPoint[], coveredNumbers: readonly number[]): DesignScore {
  const chosen = new Set(coveredNumbers);
  const covered = points.filter((p) => chosen.has(p.number)).map((p) => p.key);
  const score = points.length === 0 ? 0 : covered.length / points.length;
  const rating: RatingValue = score >= 0.9 ? 4 : score >= 0.8 ? 3 : score >= 0.5 ? 2 : 1;
  return { covered, score, rating, correct: score >= 0.8 };
}
