import type { BankQuestion } from '../catalog/questions.js';
import { RUBRIC_SECTIONS, type ChoiceQuestion, type DesignQuestion } from '../catalog/schema/question.js';

/**
 * Rules over the whole bank that keep the quiz measuring knowledge, not test-taking: the right option
 * must not be findable by its length, and no question may be asked twice in other words. Pure, so the
 * bank's lint test (bank-lint.test.ts) runs them on the shipped bank and their own tests on tiny banks.
 */

export const LIMITS = {
  /** Share of single-answer choice questions whose right option is the longest (ties included). */
  longestRightShare: 0.35,
  /** Mean of (right option length / mean distractor length) over single-answer choice questions. */
  meanLengthRatio: 1.25,
  /** Share of select-all questions whose right set is the k longest options. */
  kLongestShare: 0.3,
} as const;

type Choice = ChoiceQuestion & { id: string };

const isSingle = (q: BankQuestion): q is BankQuestion & ChoiceQuestion => q.kind === 'choice' && q.answer.length === 1;
const isMulti = (q: BankQuestion): q is BankQuestion & ChoiceQuestion => q.kind === 'choice' && q.answer.length > 1;

export interface ShareCheck { share: number; ids: string[]; of: number }

/** Single-answer questions whose right option is at least as long as every distractor. */
export function longestRight(questions: readonly BankQuestion[]): ShareCheck {
  const singles = questions.filter(isSingle);
  const ids = singles.filter((q) => {
    const right = q.options[q.answer[0]].length;
    return q.options.every((o, i) => i === q.answer[0] || o.length <= right);
  }).map((q) => q.id);
  return { share: singles.length ? ids.length / singles.length : 0, ids, of: singles.length };
}

export interface RatioCheck { mean: number; worst: { id: string; ratio: number }[] }

/** Right option length over the mean distractor length, averaged; `worst` lists those above the limit, worst first. */
export function lengthRatio(questions: readonly BankQuestion[], limit: number = LIMITS.meanLengthRatio): RatioCheck {
  const ratios = questions.filter(isSingle).map((q) => ({ id: q.id, ratio: ratioOf(q) }));
  const mean = ratios.length ? ratios.reduce((n, r) => n + r.ratio, 0) / ratios.length : 0;
  return { mean, worst: ratios.filter((r) => r.ratio > limit).sort((a, b) => b.ratio - a.ratio) };
}

function ratioOf(q: Choice): number {
  const distractors = q.options.filter((_, i) => !q.answer.includes(i));
  const meanDistractor = distractors.reduce((n, o) => n + o.length, 0) / distractors.length;
  return q.options[q.answer[0]].length / Math.max(1, meanDistractor);
}

/** Select-all questions whose right set is the k longest options (every right one at least as long as every wrong one). */
export function kLongest(questions: readonly BankQuestion[]): ShareCheck {
  const multis = questions.filter(isMulti);
  const ids = multis.filter((q) => {
    const right = q.answer.map((a) => q.options[a].length);
    const wrong = q.options.filter((_, i) => !q.answer.includes(i)).map((o) => o.length);
    return Math.min(...right) >= Math.max(...wrong);
  }).map((q) => q.id);
  return { share: multis.length ? ids.length / multis.length : 0, ids, of: multis.length };
}

/** Words that carry no subject: left out before comparing two questions. */
const STOP_WORDS = new Set(('a an and are as at be but by can do does for from has have how if in into is it its of on or '
  + 'so than that the their them then there these this those to was what when where which while who why will with would '
  + 'you your one all any each not no select apply following true best most should could may might').split(' '));

/** The content words of a text: lower case, no stop words, a plural "s" dropped. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
  return new Set(words.map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The whole of a question as a learner meets it: prompt, options, and what the result screen teaches. */
function wholeText(q: BankQuestion): string {
  switch (q.kind) {
    case 'choice': return [q.prompt, ...q.options, q.explanation].join(' ');
    case 'recall': return [q.prompt, q.answer, ...q.keyPoints].join(' ');
    case 'estimate': return [q.prompt, q.unit, q.explanation].join(' ');
    case 'design': return q.prompt;
  }
}

export interface DuplicatePair { a: string; b: string; prompt: number; whole: number }

/**
 * Pairs of questions (design prompts aside: they share the interview's vocabulary by nature) that ask the
 * same thing: Jaccard similarity of content words of at least `prompt` over the prompts alone, or at least
 * `whole` over the whole question. Calibrated on the bank of December 2026: every pair flagged at these
 * thresholds was the same question in other words (quorum-overlap, transactional outbox, gRPC behind L4,
 * mod N resharding, ...), and the closest pair not flagged asked something different.
 */
export const DUPLICATE_THRESHOLDS = { prompt: 0.35, whole: 0.3 } as const;

export function nearDuplicates(questions: readonly BankQuestion[], limits: { prompt: number; whole: number } = DUPLICATE_THRESHOLDS): DuplicatePair[] {
  const list = questions.filter((q) => q.kind !== 'design');
  const prompts = list.map((q) => contentWords(q.prompt));
  const wholes = list.map((q) => contentWords(wholeText(q)));
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const prompt = jaccard(prompts[i], prompts[j]);
      const whole = jaccard(wholes[i], wholes[j]);
      if (prompt >= limits.prompt || whole >= limits.whole) pairs.push({ a: list[i].id, b: list[j].id, prompt, whole });
    }
  }
  return pairs.sort((x, y) => Math.max(y.prompt, y.whole) - Math.max(x.prompt, x.whole));
}

/** Design prompts with an empty rubric section, as "id: section, section". */
export function thinRubrics(questions: readonly BankQuestion[]): string[] {
  return questions.filter((q): q is BankQuestion & DesignQuestion => q.kind === 'design').flatMap((q) => {
    const empty = RUBRIC_SECTIONS.filter((s) => q.rubric[s].length === 0);
    return empty.length ? [`${q.id}: ${empty.join(', ')}`] : [];
  });
}

/** Topics with fewer than `min` questions, as "topic: count" (a topic with no file counts 0). */
export function thinTopics(questions: readonly BankQuestion[], topics: readonly string[], min: number): string[] {
  return topics.map((t) => [t, questions.filter((q) => q.topic === t).length] as const)
    .filter(([, n]) => n < min).map(([t, n]) => `${t}: ${n}`);
}
