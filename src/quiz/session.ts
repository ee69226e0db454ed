import type { BankQuestion } from '../catalog/questions.js';
import type { ChoiceQuestion } from '../catalog/schema/question.js';
import { rubricPoints, scoreDesign } from './design.js';
import { gradeEstimate, type EstimateVerdict } from './estimate.js';
import type { RatingValue } from './scheduler.js';

/** What the learner gave for one card. Option and rubric numbers here are as shown: from 1. */
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
  /** Design prompts: share of rubric points covered, and their keys. */
  score?: number;
  covered?: string[];
  /** Estimates: exact (within 10%), close (within 2x) or wrong. */
  verdict?: EstimateVerdict;
}

export type SessionMode = 'drill' | 'exam';

export interface SessionState {
  readonly mode: SessionMode;
  readonly cards: readonly BankQuestion[];
  readonly results: readonly CardResult[];
}

export function startSession(cards: readonly BankQuestion[], mode: SessionMode = 'drill'): SessionState {
  return { mode, cards, results: [] };
}

export function currentCard(state: SessionState): BankQuestion | undefined {
  return state.cards[state.results.length];
}

/** question -> answer -> result: grades the current card and moves on. */
export function answerCard(state: SessionState, answer: Answer): { state: SessionState; result: CardResult } {
  const question = currentCard(state);
  if (!question) throw new Error('the session is over');
  if (question.kind !== answer.kind) throw new Error(`a ${answer.kind} answer to a ${question.kind} question`);
  const result = grade(question, answer);
  return { state: { ...state, results: [...state.results, result] }, result };
}

function grade(question: BankQuestion, answer: Answer): CardResult {
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

/** Right when exactly the correct options are chosen (numbers from 1; the YAML's answer is from 0). */
export function isChoiceRight(q: ChoiceQuestion, selected: readonly number[]): boolean {
  const chosen = new Set(selected.map((n) => n - 1));
  return chosen.size === q.answer.length && q.answer.every((a) => chosen.has(a));
}

export interface TopicScore { topic: string; asked: number; correct: number }
export interface SessionSummary { asked: number; correct: number; byTopic: TopicScore[] }

export function summarise(state: SessionState): SessionSummary {
  const byTopic = new Map<string, TopicScore>();
  for (const r of state.results) {
    const t = byTopic.get(r.question.topic) ?? { topic: r.question.topic, asked: 0, correct: 0 };
    t.asked++;
    if (r.correct) t.correct++;
    byTopic.set(t.topic, t);
  }
  return {
    asked: state.results.length,
    correct: state.results.filter((r) => r.correct).length,
    byTopic: [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
  };
}
