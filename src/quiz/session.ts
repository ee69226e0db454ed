import type { BankQuestion } from '../catalog/questions.js';
import type { ChoiceQuestion } from '../catalog/schema/question.js';
import { rubricPoints, scoreDesign } from './design.js';
import { gradeEstimate, type EstimateVerdict } from './estimate.js';
import type { RatingValue } from './scheduler.js';
import { optionOrder } from './shuffle.js';

/**
 * What the learner gave for one card. Choice options are original indices into the question's options
 * (from 0), whatever order they were shown in; rubric points are numbered from 1 as shown.
 */
export type Answer =
  | { kind: 'choice'; selected: number[] }
  | { kind: 'recall'; text: string; rating: RatingValue }
  | { kind: 'design'; text: string; covered: number[]; elapsedMs?: number }
  | { kind: 'estimate'; text: string; value: number };

export interface CardResult {
  question: BankQuestion;
  answer: Answer;
  correct: boolean;
  rating: RatingValue;
  /** Choice questions: the original indices in the order they were shown. */
  order?: number[];
  /** Design prompts: weighted share of rubric points covered, and their keys. */
  score?: number;
  covered?: string[];
  /** Estimates: exact (within 10%), close (within 2x) or wrong. */
  verdict?: EstimateVerdict;
  /** This card had come back after "again" earlier in the session. */
  repeat: boolean;
}

export type SessionMode = 'drill' | 'exam';

export interface SessionState {
  readonly mode: SessionMode;
  /** The cards in the order they come; a card rated "again" is put in again further on. */
  readonly cards: readonly BankQuestion[];
  readonly results: readonly CardResult[];
  /** Seeds the order of each presentation's options. */
  readonly seed: number;
}

/** A card rated "again" comes back after this many other cards (or at the end, when fewer are left). */
export const RELEARN_GAP = 3;
/** How many times one card may come back in a session: a wall of repeats teaches less than tomorrow's review. */
export const MAX_RELEARNS = 2;

export function startSession(cards: readonly BankQuestion[], mode: SessionMode = 'drill', seed = 0): SessionState {
  return { mode, cards, results: [], seed };
}

export function currentCard(state: SessionState): BankQuestion | undefined {
  return state.cards[state.results.length];
}

/** The order the options of the card at `index` (the current one by default) are shown in. */
export function shownOrder(state: SessionState, index: number = state.results.length): number[] {
  const q = state.cards[index];
  return q?.kind === 'choice' ? optionOrder(q.options.length, state.seed, q.id, index) : [];
}

/**
 * question -> answer -> result: grades the current card and moves on. In a drill, a flash card rated
 * "again" (a wrong choice or estimate, a recall rated 1) is put back RELEARN_GAP cards later, so it is
 * relearnt in this session; design prompts never come back the same day (see scheduler.ts).
 */
export function answerCard(state: SessionState, answer: Answer): { state: SessionState; result: CardResult } {
  const index = state.results.length;
  const question = currentCard(state);
  if (!question) throw new Error('the session is over');
  if (question.kind !== answer.kind) throw new Error(`a ${answer.kind} answer to a ${question.kind} question`);
  const repeat = state.cards.slice(0, index).some((c) => c.id === question.id);
  const result: CardResult = { ...grade(question, answer), repeat, ...(question.kind === 'choice' ? { order: shownOrder(state, index) } : {}) };
  let cards = state.cards;
  const shownSoFar = cards.slice(0, index + 1).filter((c) => c.id === question.id).length;
  if (state.mode === 'drill' && result.rating === 1 && question.kind !== 'design' && shownSoFar <= MAX_RELEARNS) {
    const at = Math.min(cards.length, index + 1 + RELEARN_GAP);
    cards = [...cards.slice(0, at), question, ...cards.slice(at)];
  }
  return { state: { ...state, cards, results: [...state.results, result] }, result };
}

function grade(question: BankQuestion, answer: Answer): Omit<CardResult, 'repeat'> {
  switch (answer.kind) {
    case 'choice': {
      const correct = isChoiceRight(question as ChoiceQuestion, answer.selected);
      return { question, answer, correct, rating: correct ? 3 : 1 };
    }
    case 'recall':
      return { question, answer, correct: answer.rating >= 3, rating: answer.rating };
    case 'design': {
      if (question.kind !== 'design') throw new Error('not a design prompt');
      const s = scoreDesign(rubricPoints(question), answer.covered);
      return { question, answer, correct: s.correct, rating: s.rating, score: s.score, covered: s.covered };
    }
    case 'estimate': {
      if (question.kind !== 'estimate') throw new Error('not an estimate');
      const g = gradeEstimate(question.answer, answer.value);
      return { question, answer, correct: g.correct, rating: g.rating, verdict: g.verdict };
    }
  }
}

/** Right when exactly the correct options are chosen (original indices, from 0, as in the YAML). */
export function isChoiceRight(q: ChoiceQuestion, selected: readonly number[]): boolean {
  const chosen = new Set(selected);
  return chosen.size === q.answer.length && q.answer.every((a) => chosen.has(a));
}

export interface TopicScore { topic: string; title: string; asked: number; correct: number }
export interface SessionSummary { asked: number; correct: number; byTopic: TopicScore[]; /** Cards that came back after "again". */ relearnt: number }

/** The score counts each card's first answer; the answers of cards that came back are relearning, not score. */
export function summarise(state: SessionState): SessionSummary {
  const byTopic = new Map<string, TopicScore>();
  const first = state.results.filter((r) => !r.repeat);
  for (const r of first) {
    const t = byTopic.get(r.question.topic) ?? { topic: r.question.topic, title: r.question.topicTitle, asked: 0, correct: 0 };
    t.asked++;
    if (r.correct) t.correct++;
    byTopic.set(t.topic, t);
  }
  return {
    asked: first.length,
    correct: first.filter((r) => r.correct).length,
    byTopic: [...byTopic.values()].sort((a, b) => a.title.localeCompare(b.title)),
    relearnt: state.results.length - first.length,
  };
}
