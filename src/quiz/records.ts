import { z } from 'zod';
import { QUESTION_KINDS } from '../catalog/schema/question.js';
import type { Progress } from '../progress/schema.js';

/**
 * What the quiz keeps in the progress store (`progress.quiz`). The quiz writes it; the plan reads the
 * last result of each question from it to tick items. Dates are ISO 8601 strings in UTC.
 */
export const CardRecord = z.object({
  /** The FSRS card (ts-fsrs `Card` with its dates as ISO strings). */
  fsrs: z.record(z.string(), z.unknown()),
  /** Whether the most recent review was right: a choice answered right, a recall rated good/easy, a design scored >= 80%. */
  lastCorrect: z.boolean(),
  lastReviewedAt: z.string(),
  /** Queued for review by a failed lab check: due now whatever FSRS says, until the next review. */
  queuedAt: z.string().optional(),
});
export type CardRecord = z.infer<typeof CardRecord>;

export const ReviewRecord = z.object({
  question: z.string(),
  at: z.string(),
  /** FSRS rating: 1 again, 2 hard, 3 good, 4 easy. */
  rating: z.number().int().min(1).max(4),
  correct: z.boolean(),
  kind: z.enum(QUESTION_KINDS),
  /** The FSRS review log entry (ts-fsrs `ReviewLog`, dates as ISO strings). */
  log: z.record(z.string(), z.unknown()).default({}),
  /** Design prompts: weighted share of rubric points covered, 0..1. */
  score: z.number().min(0).max(1).optional(),
  /** Choice questions: the options picked and the order they were shown in, as original option indices (positions change with each shuffle). */
  selected: z.array(z.number().int().nonnegative()).optional(),
  shown: z.array(z.number().int().nonnegative()).optional(),
  /** Estimates: the number given. */
  given: z.number().optional(),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

export const DesignAnswerRecord = z.object({
  question: z.string(), at: z.string(), answer: z.string(),
  covered: z.array(z.string()), score: z.number().min(0).max(1),
});

export const QuizSessionRecord = z.object({
  at: z.string(), mode: z.enum(['drill', 'exam']), asked: z.number().int(), correct: z.number().int(),
  topics: z.array(z.string()).default([]),
});

export const QuizRecords = z.object({
  cards: z.record(z.string(), CardRecord).default({}),
  reviews: z.array(ReviewRecord).default([]),
  designAnswers: z.array(DesignAnswerRecord).default([]),
  sessions: z.array(QuizSessionRecord).default([]),
  /** Questions never answered yet that a failed lab check queued: due at once, not counted as new. */
  queued: z.record(z.string(), z.string()).default({}),
});
export type QuizRecords = z.infer<typeof QuizRecords>;

/** The quiz part of the store, validated (an empty one when the quiz was never used). */
export function quizRecords(progress: Progress): QuizRecords {
  return QuizRecords.parse(progress.quiz ?? {});
}

/** The last result of every answered question: what the plan's ticking rule reads. */
export function lastResults(progress: Progress): Map<string, { correct: boolean; at: string }> {
  const cards = quizRecords(progress).cards;
  return new Map(Object.entries(cards).map(([id, c]) => [id, { correct: c.lastCorrect, at: c.lastReviewedAt }]));
}
