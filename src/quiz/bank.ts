import type { BankQuestion, QuestionBank } from '../catalog/questions.js';
import type { QuestionKind } from '../catalog/schema/question.js';
import { suggest } from '../catalog/suggest.js';
import { UsageError } from '../errors.js';
import { localDay as dayKey } from '../progress/local-time.js';
import type { QuizRecords } from './records.js';
import { dueDate, isDue, wasNewCard } from './scheduler.js';

export interface BankFilter { topic?: string; plan?: string; kind?: QuestionKind }

/** The questions a session may draw from; an unknown topic or plan item is a usage error with a suggestion. */
export function filterQuestions(bank: QuestionBank, filter: BankFilter, planIds: readonly string[]): BankQuestion[] {
  if (filter.topic !== undefined && !bank.topics.has(filter.topic)) {
    throw unknown('topic', filter.topic, [...bank.topics.keys()]);
  }
  if (filter.plan !== undefined && !planIds.includes(filter.plan) && bank.forPlanItem(filter.plan).length === 0) {
    throw unknown('plan item', filter.plan, planIds);
  }
  return bank.questions.filter((q) => (filter.topic === undefined || q.topic === filter.topic)
    && (filter.plan === undefined || q.plan.includes(filter.plan))
    && (filter.kind === undefined || q.kind === filter.kind));
}

export interface PickOptions { now: Date; count: number; newPerDay: number }

export interface Picked {
  cards: BankQuestion[];
  /** Due cards left out by --count. */
  dueLeft: number;
  /** New cards still allowed today after this session. */
  newAllowed: number;
  /** The earliest due date among the candidates' cards that are not due yet. */
  nextDue?: Date;
}

/**
 * Due cards first (queued, then oldest due), then new ones up to what is left of today's new-card limit,
 * the new ones interleaved across topics (one of each topic in turn): mixing topics makes each card ask
 * "which idea is this?", where a block of one topic gives the answer's context away.
 */
export function pickCards(candidates: readonly BankQuestion[], records: QuizRecords, opts: PickOptions): Picked {
  const { now } = opts;
  const due: BankQuestion[] = [];
  const fresh: BankQuestion[] = [];
  let nextDue: Date | undefined;
  for (const q of candidates) {
    const record = records.cards[q.id];
    if (!record) (records.queued[q.id] ? due : fresh).push(q);
    else if (isDue(record, now)) due.push(q);
    else {
      const d = dueDate(record, now);
      if (!nextDue || d < nextDue) nextDue = d;
    }
  }
  const rank = (q: BankQuestion) => {
    const r = records.cards[q.id];
    return !r || r.queuedAt !== undefined ? Number.NEGATIVE_INFINITY : dueDate(r, now).getTime();
  };
  due.sort((a, b) => rank(a) - rank(b));
  const newLeft = Math.max(0, opts.newPerDay - newCardsOn(records, now));
  const takeDue = due.slice(0, opts.count);
  const takeNew = interleaveTopics(fresh).slice(0, Math.max(0, Math.min(newLeft, opts.count - takeDue.length)));
  return { cards: [...takeDue, ...takeNew], dueLeft: due.length - takeDue.length, newAllowed: newLeft - takeNew.length, nextDue };
}

/** Round-robin over topics, keeping each topic's own order and the topics' first-seen order. */
export function interleaveTopics(questions: readonly BankQuestion[]): BankQuestion[] {
  const byTopic = new Map<string, BankQuestion[]>();
  for (const q of questions) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  const queues = [...byTopic.values()];
  const out: BankQuestion[] = [];
  for (let round = 0; out.length < questions.length; round++) {
    for (const queue of queues) if (round < queue.length) out.push(queue[round]);
  }
  return out;
}

/** How many cards were seen for the first time on `now`'s day. */
export function newCardsOn(records: QuizRecords, now: Date): number {
  const today = dayKey(now);
  return records.reviews.filter((r) => dayKey(new Date(r.at)) === today && wasNewCard(r.log)).length;
}

/**
 * An exam: one design prompt (due or never done first, else the longest unseen), then up to `recalls`
 * recall questions on the prompt's own subject: those sharing one of its plan items or its topic.
 */
export function pickExam(candidates: readonly BankQuestion[], records: QuizRecords, now: Date, recalls: number): BankQuestion[] {
  const staleness = (q: BankQuestion) => {
    const r = records.cards[q.id];
    if (!r) return Number.NEGATIVE_INFINITY;
    return isDue(r, now) ? Date.parse(r.lastReviewedAt) - 1e15 : Date.parse(r.lastReviewedAt);
  };
  const oldestFirst = (list: BankQuestion[]) => list.map((q, i) => ({ q, i, s: staleness(q) }))
    .sort((a, b) => a.s - b.s || a.i - b.i).map((x) => x.q);
  const design = oldestFirst(candidates.filter((q) => q.kind === 'design'))[0];
  if (!design) throw new UsageError('no design prompt matches these filters', 'an exam needs one; try without --topic/--plan, or pick a case study with --plan case.<name>.');
  const related = new Set(design.plan);
  const recallPool = candidates.filter((q) => q.kind === 'recall' && (q.topic === design.topic || q.plan.some((p) => related.has(p))));
  return [design, ...oldestFirst(recallPool).slice(0, recalls)];
}

function unknown(what: string, value: string, known: readonly string[]): UsageError {
  const near = suggest(value, [...known]);
  return new UsageError(`no ${what} named "${value}"`, near ? `did you mean "${near}"?` : `see \`sysdesign quiz --stats\` for the topics.`);
}
