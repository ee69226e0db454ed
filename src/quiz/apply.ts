import type { Progress } from '../progress/schema.js';
import type { SessionMode, SessionSummary, CardResult } from './session.js';
import { quizRecords, type QuizRecords } from './records.js';
import { review } from './scheduler.js';

/** Writes one result into the store's quiz part: the card's new schedule, the review log, a design answer. Returns the next due date. */
export function recordResult(progress: Progress, result: CardResult, now: Date): Date {
  const records = quizRecords(progress);
  const id = result.question.id;
  const next = review(records.cards[id], result.rating, result.correct, now, result.question.kind);
  records.cards[id] = next.record;
  delete records.queued[id];
  records.reviews.push({
    question: id, at: now.toISOString(), rating: result.rating, correct: result.correct,
    kind: result.question.kind, log: next.log, ...(result.score !== undefined ? { score: result.score } : {}),
    ...(result.answer.kind === 'choice' ? { selected: result.answer.selected, shown: result.order } : {}),
    ...(result.answer.kind === 'estimate' ? { given: result.answer.value } : {}),
  });
  if (result.answer.kind === 'design') {
    records.designAnswers.push({ question: id, at: now.toISOString(), answer: result.answer.text, covered: result.covered ?? [], score: result.score ?? 0 });
  }
  save(progress, records);
  return next.due;
}

/** The session line of the log (the plan's session log reads it), plus an activity entry. */
export function recordSession(progress: Progress, mode: SessionMode, summary: SessionSummary, now: Date): void {
  if (summary.asked === 0) return;
  const records = quizRecords(progress);
  records.sessions.push({ at: now.toISOString(), mode, asked: summary.asked, correct: summary.correct, topics: summary.byTopic.map((t) => t.topic) });
  save(progress, records);
  progress.activity.push({
    at: now.toISOString(), kind: 'quiz', summary: `quiz (${mode}): ${summary.correct}/${summary.asked} right`,
    data: { mode, asked: summary.asked, correct: summary.correct, topics: summary.byTopic.map((t) => t.topic) },
  });
}

function save(progress: Progress, records: QuizRecords): void {
  progress.quiz = records as unknown as Record<string, unknown>;
}
