import { QuizRecords, type CardRecord } from '../quiz/records.js';
import type { LabProgress, ManualTick, Progress } from './schema.js';

/**
 * Merges a store brought from another machine into this one. Of each lab, card and manual tick the newer
 * record wins; logs (grades, quiz reviews, design answers, quiz sessions, activity) are unions, so nothing
 * is ever dropped; merging the same store twice changes nothing.
 */
export function mergeProgress(base: Progress, incoming: Progress): Progress {
  const labs: Record<string, LabProgress> = { ...base.labs };
  for (const [id, lab] of Object.entries(incoming.labs)) labs[id] = labs[id] ? mergeLab(labs[id], lab) : lab;

  const manual: Record<string, ManualTick> = { ...base.plan.manual };
  for (const [id, tick] of Object.entries(incoming.plan.manual)) {
    if (!manual[id] || tick.at > manual[id].at) manual[id] = tick;
  }
  const extras = [...base.plan.extras];
  for (const e of incoming.plan.extras) {
    const known = extras.find((x) => x.title.toLowerCase() === e.title.toLowerCase());
    if (!known) extras.push(e); else if (e.checked) known.checked = true;
  }

  return {
    ...base,
    labs,
    activity: union(base.activity, incoming.activity, (a) => `${a.at}|${a.kind}|${a.lab ?? ''}|${a.summary}`),
    quiz: mergeQuiz(base.quiz, incoming.quiz),
    plan: { manual, extras },
    settings: { ...incoming.settings, ...base.settings },
  };
}

function mergeLab(a: LabProgress, b: LabProgress): LabProgress {
  const [older, newer] = a.updatedAt <= b.updatedAt ? [a, b] : [b, a];
  const passed = [a.passedAt, b.passedAt].filter((x): x is string => Boolean(x)).sort()[0];
  return {
    ...newer,
    startedAt: older.startedAt < newer.startedAt ? older.startedAt : newer.startedAt,
    stagesPassed: Math.max(a.stagesPassed, b.stagesPassed),
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
    ...(passed ? { passedAt: passed } : {}),
    grades: union(a.grades, b.grades, (g) => `${g.at}|${g.seed}|${g.track}`),
  };
}

function mergeQuiz(baseRaw: Record<string, unknown>, incomingRaw: Record<string, unknown>): Record<string, unknown> {
  const base = QuizRecords.parse(baseRaw);
  const incoming = QuizRecords.parse(incomingRaw);
  const cards: Record<string, CardRecord> = { ...base.cards };
  for (const [id, card] of Object.entries(incoming.cards)) {
    if (!cards[id] || card.lastReviewedAt > cards[id].lastReviewedAt) cards[id] = card;
  }
  // Keys the quiz may add later are kept: this store's value wins, the other fills what is missing.
  return {
    ...incomingRaw,
    ...baseRaw,
    cards,
    reviews: union(base.reviews, incoming.reviews, (r) => `${r.question}|${r.at}`),
    designAnswers: union(base.designAnswers, incoming.designAnswers, (d) => `${d.question}|${d.at}`),
    sessions: union(base.sessions, incoming.sessions, (s) => `${s.at}|${s.mode}`),
    // A question queued on either machine and answered on neither stays queued.
    queued: Object.fromEntries(Object.entries({ ...incoming.queued, ...base.queued }).filter(([id]) => !cards[id])),
  };
}

/** Both lists, each record once, in date order (stable: same-instant records keep their order). */
function union<T extends { at: string }>(a: T[], b: T[], key: (t: T) => string): T[] {
  const seen = new Set(a.map(key));
  const out = [...a, ...b.filter((t) => !seen.has(key(t)))];
  return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}
