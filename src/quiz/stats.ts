import type { BankQuestion } from '../catalog/questions.js';
import { addDays, localDay as dayKey, endOfLocalDay as endOfDay } from '../progress/local-time.js';
import type { QuizRecords } from './records.js';
import { dueDate, stageOf } from './scheduler.js';

export interface CardCounts { new: number; learning: number; review: number; dueToday: number }
export interface TopicStats extends CardCounts { topic: string; reviews30d: number; correct30d: number; correctRate30d: number | null }

export interface QuizStats extends CardCounts {
  total: number;
  reviews30d: number;
  correct30d: number;
  /** Right answers over the reviews of the last 30 days, 0..1; null when there were none. */
  correctRate30d: number | null;
  /** Days in a row with at least one review, ending today (or yesterday when today has none yet). */
  streak: number;
  byTopic: TopicStats[];
  /** Design prompts are scheduled apart from the flash cards, in days (scheduler.ts). */
  design: { total: number; dueToday: number; nextDue: string | null };
}

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export function quizStats(questions: readonly BankQuestion[], records: QuizRecords, now: Date): QuizStats {
  const topicOf = new Map(questions.map((q) => [q.id, q.topic]));
  const topics = new Map<string, TopicStats>();
  const topic = (name: string) => {
    let t = topics.get(name);
    if (!t) topics.set(name, (t = { topic: name, new: 0, learning: 0, review: 0, dueToday: 0, reviews30d: 0, correct30d: 0, correctRate30d: null }));
    return t;
  };
  const endToday = endOfDay(now).getTime();
  for (const q of questions) {
    const t = topic(q.topic);
    const record = records.cards[q.id];
    t[stageOf(record, now)]++;
    if (record && dueDate(record, now).getTime() <= endToday) t.dueToday++;
  }
  const since = now.getTime() - THIRTY_DAYS_MS;
  for (const r of records.reviews) {
    const at = Date.parse(r.at);
    const name = topicOf.get(r.question);
    if (at < since || at > now.getTime() || !name) continue;
    const t = topic(name);
    t.reviews30d++;
    if (r.correct) t.correct30d++;
  }
  const byTopic = [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  for (const t of byTopic) t.correctRate30d = t.reviews30d ? t.correct30d / t.reviews30d : null;
  const sum = (k: 'new' | 'learning' | 'review' | 'dueToday' | 'reviews30d' | 'correct30d') => byTopic.reduce((n, t) => n + t[k], 0);
  const reviews30d = sum('reviews30d');
  return {
    total: questions.length, new: sum('new'), learning: sum('learning'), review: sum('review'), dueToday: sum('dueToday'),
    reviews30d, correct30d: sum('correct30d'), correctRate30d: reviews30d ? sum('correct30d') / reviews30d : null,
    streak: streak(records, now), byTopic, design: designStats(questions, records, now),
  };
}

function designStats(questions: readonly BankQuestion[], records: QuizRecords, now: Date): QuizStats['design'] {
  const endToday = endOfDay(now).getTime();
  const dues = questions.filter((q) => q.kind === 'design' && records.cards[q.id]).map((q) => dueDate(records.cards[q.id], now));
  const next = dues.filter((d) => d.getTime() > endToday).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    total: questions.filter((q) => q.kind === 'design').length,
    dueToday: dues.filter((d) => d.getTime() <= endToday).length,
    nextDue: next ? next.toISOString() : null,
  };
}

export function streak(records: QuizRecords, now: Date): number {
  const days = new Set(records.reviews.map((r) => dayKey(new Date(r.at))));
  let day = dayKey(now);
  if (!days.has(day)) day = addDays(day, -1);
  let n = 0;
  while (days.has(day)) { n++; day = addDays(day, -1); }
  return n;
}

export function statsLines(s: QuizStats): string[] {
  const rate = (r: number | null) => (r === null ? '-' : `${Math.round(r * 100)}%`);
  const lines = [
    `Cards: ${s.total} (${s.new} new, ${s.learning} learning, ${s.review} review); ${s.dueToday} due today`,
    `Last 30 days: ${s.reviews30d} reviews, ${rate(s.correctRate30d)} right`,
    `Streak: ${s.streak} day${s.streak === 1 ? '' : 's'}`,
    `Design prompts: ${s.design.total}, ${s.design.dueToday} due today; scheduled on their own, in days (never minutes):`
      + ' a partial score brings a prompt back tomorrow at the earliest',
    '',
  ];
  const w = Math.max(5, ...s.byTopic.map((t) => t.topic.length));
  lines.push(`${'TOPIC'.padEnd(w)}  ${'NEW'.padStart(4)} ${'LEARN'.padStart(5)} ${'REVIEW'.padStart(6)} ${'DUE'.padStart(4)} ${'RIGHT 30D'.padStart(9)}`);
  for (const t of s.byTopic) {
    lines.push(`${t.topic.padEnd(w)}  ${String(t.new).padStart(4)} ${String(t.learning).padStart(5)} ${String(t.review).padStart(6)} ${String(t.dueToday).padStart(4)} ${rate(t.correctRate30d).padStart(9)}`);
  }
  return lines;
}
