import { createEmptyCard, fsrs, State, type Card, type Grade, type ReviewLog } from 'ts-fsrs';
import type { QuestionKind } from '../catalog/schema/question.js';
import type { CardRecord } from './records.js';

/** FSRS ratings as the learner sees them: 1 again, 2 hard, 3 good, 4 easy. */
export type RatingValue = 1 | 2 | 3 | 4;
export const RATING_NAMES: Record<RatingValue, string> = { 1: 'again', 2: 'hard', 3: 'good', 4: 'easy' };

export type CardStage = 'new' | 'learning' | 'review';

/**
 * Default parameters, no fuzz: the same answers on the same clock always give the same schedule. Flash
 * cards keep FSRS's short-term learning steps (minutes); design prompts are scheduled on their own in
 * days (no short-term steps): a 40-minute prompt scored in part comes back tomorrow at the earliest.
 */
const flashCards = fsrs({ enable_fuzz: false });
const designPrompts = fsrs({ enable_fuzz: false, enable_short_term: false });

/** Kinds scheduled in days only. */
export const SCHEDULED_IN_DAYS: readonly QuestionKind[] = ['design'];

/** The FSRS card of a record (dates revived), or a fresh card for a question never answered. */
export function cardOf(record: CardRecord | undefined, now: Date): Card {
  if (!record) return createEmptyCard(now);
  const f = record.fsrs as Record<string, unknown>;
  return {
    ...(f as unknown as Card),
    due: new Date(String(f.due)),
    last_review: f.last_review ? new Date(String(f.last_review)) : undefined,
  };
}

export interface Reviewed {
  /** The next card record (queuedAt cleared: a review answers the queue). */
  record: CardRecord;
  /** The FSRS review log, JSON-ready. */
  log: Record<string, unknown>;
  due: Date;
}

/** Applies one rating at `now` to a question's card, with the scheduler of its kind. */
export function review(record: CardRecord | undefined, rating: RatingValue, correct: boolean, now: Date, kind: QuestionKind): Reviewed {
  const scheduler = SCHEDULED_IN_DAYS.includes(kind) ? designPrompts : flashCards;
  const card = cardOf(record, now);
  // FSRS refuses a review dated before the last one (a clock moved back): count it as at the last review.
  const at = card.last_review && card.last_review > now ? card.last_review : now;
  const next = scheduler.next(card, at, rating as Grade);
  return {
    record: { fsrs: toJson(next.card), lastCorrect: correct, lastReviewedAt: now.toISOString() },
    log: toJson(next.log),
    due: next.card.due,
  };
}

/** Due now: queued by a failed lab check, or FSRS's due date has come. */
export function isDue(record: CardRecord, now: Date): boolean {
  return record.queuedAt !== undefined || cardOf(record, now).due.getTime() <= now.getTime();
}

export function dueDate(record: CardRecord, now: Date): Date {
  return record.queuedAt !== undefined ? now : cardOf(record, now).due;
}

export function stageOf(record: CardRecord | undefined, now: Date): CardStage {
  if (!record) return 'new';
  const state = cardOf(record, now).state;
  if (state === State.Review) return 'review';
  return state === State.New ? 'new' : 'learning';
}

/** Whether a review log entry introduced a new card (its state before the review was New). */
export function wasNewCard(log: Record<string, unknown>): boolean {
  return log.state === State.New || log.state === 'New';
}

function toJson(value: Card | ReviewLog): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
