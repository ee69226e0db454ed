// Test helpers only (imported by *.test.ts): small stores and plans built in memory.
import type { Plan } from '../../catalog/schema/plan.js';
import type { CardRecord } from '../../quiz/records.js';
import { emptyProgress, type LabProgress, type Progress } from '../schema.js';

export const NOW = new Date('2026-03-10T12:00:00.000Z');

export const TINY_PLAN: Plan = {
  title: 'Tiny plan',
  parts: [
    {
      id: 'lld', title: 'Low level', items: [], modules: [
        { id: 'lld.go', title: 'Go', groups: [], items: [
          { id: 'lld.go.lab-only', title: 'Lab only', labs: ['breaker'] },
          { id: 'lld.go.questions-only', title: 'Questions only', labs: [] },
          { id: 'lld.go.both', title: 'Both', labs: ['breaker'] },
          { id: 'lld.go.nothing', title: 'Nothing linked', labs: [] },
        ] },
        { id: 'lld.patterns', title: 'Patterns', items: [], groups: [
          { id: 'lld.creational', title: 'Creational', items: [{ id: 'lld.creational.singleton', title: 'Singleton', labs: [] }] },
        ] },
      ],
    },
    { id: 'case', title: 'Cases', modules: [], items: [{ id: 'case.one', title: 'Case Study 1: One', labs: [] }] },
  ],
};

export const QUESTIONS: Record<string, { id: string }[]> = {
  'lld.go.questions-only': ['q1', 'q2', 'q3', 'q4', 'q5'].map((id) => ({ id })),
  'lld.go.both': [{ id: 'b1' }],
  'lld.creational.singleton': [{ id: 's1' }],
};

export function card(correct: boolean, reviewedAt: string, due: string): CardRecord {
  return { fsrs: { due, stability: 1, difficulty: 5, state: 2, reps: 1, lapses: 0 }, lastCorrect: correct, lastReviewedAt: reviewedAt };
}

export function passedLab(at: string): LabProgress {
  return { track: 'ts', workspace: '/ws/breaker', startedAt: at, updatedAt: at, stagesTotal: 3, stagesPassed: 3, passedAt: at, hintsShown: 0, grades: [] };
}

export function progressWith(change: (p: Progress) => void): Progress {
  const p = emptyProgress();
  change(p);
  return p;
}
