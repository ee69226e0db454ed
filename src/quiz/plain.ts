import type { Writable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import type { BankQuestion } from '../catalog/questions.js';
import type { ChoiceQuestion, DesignQuestion, EstimateQuestion, RecallQuestion } from '../catalog/schema/question.js';
import { localDateTime as formatWhen } from '../progress/local-time.js';
import { rubricPoints } from './design.js';
import { parseEstimate } from './estimate.js';
import type { LineReader } from './line-reader.js';
import { RATING_NAMES, type RatingValue } from './scheduler.js';
import { answerCard, currentCard, type Answer, type CardResult, type SessionState } from './session.js';
import { resultLine, rubricLines } from './text.js';

/**
 * The line protocol (stable; `sysdesign quiz --help` documents it and tests script it):
 *   choice  one line: the option number(s), "2" or "1,3"
 *   recall  one line: your answer (may be empty); then one line: a rating 1-4
 *   design  your answer, lines up to one holding a single "."; then one line: the rubric point numbers you
 *           covered ("1,4,7"), "-" for none (nothing is pre-marked: mark against the rubric shown)
 * "q" on its own line ends the session; the end of input too. An unreadable line is asked again.
 */
export interface SessionHooks {
  now(): Date;
  /** Stores one result; resolves to the card's next due date. */
  record(result: CardResult): Promise<Date>;
}

export interface PlainOptions { out: Writable; colors: ChalkInstance; /** Exam: overrides the prompt's suggested minutes. */ minutes?: number }

export interface SessionOutcome { state: SessionState; dues: Map<string, Date>; quit: boolean }

export async function runPlainSession(start: SessionState, input: LineReader, hooks: SessionHooks, opts: PlainOptions): Promise<SessionOutcome> {
  const { out, colors: c } = opts;
  const say = (text = '') => out.write(`${text}\n`);
  let state = start;
  const dues = new Map<string, Date>();
  if (state.mode === 'exam') {
    const recalls = state.cards.length - 1;
    say(c.bold(`Mock interview: one design prompt, then ${recalls} recall question${recalls === 1 ? '' : 's'}.`));
  }
  for (let q = currentCard(state); q; q = currentCard(state)) {
    say();
    say(c.bold(`Card ${state.results.length + 1} of ${state.cards.length} · ${q.topic} · ${q.kind} · ${q.id}`));
    const answer = await ask(q, input, say, c, hooks, opts.minutes ?? (q.kind === 'design' ? q.minutes : 0));
    if (!answer) return { state, dues, quit: true };
    const step = answerCard(state, answer);
    state = step.state;
    const due = await hooks.record(step.result);
    dues.set(q.id, due);
    say(resultLine(step.result, c));
    if (q.kind === 'choice' || q.kind === 'estimate') say(q.explanation.trimEnd());
    say(c.dim(`Next review: ${formatWhen(due)}`));
  }
  return { state, dues, quit: false };
}

type Say = (text?: string) => void;

async function ask(q: BankQuestion, input: LineReader, say: Say, c: ChalkInstance, hooks: SessionHooks, minutes: number): Promise<Answer | undefined> {
  say(q.prompt.trimEnd());
  switch (q.kind) {
    case 'choice': return askChoice(q, input, say);
    case 'recall': return askRecall(q, input, say);
    case 'design': return askDesign(q, input, say, c, hooks, minutes);
    case 'estimate': return askEstimate(q, input, say);
  }
}

async function askChoice(q: ChoiceQuestion, input: LineReader, say: Say): Promise<Answer | undefined> {
  q.options.forEach((o, i) => say(`  ${i + 1}) ${o}`));
  say(q.answer.length > 1 ? 'Answer with the option numbers (select all that apply), e.g. 1,3:' : 'Answer with the option number:');
  const selected = await readUntil(input, say, (line) => parseNumbers(line, q.options.length), `numbers from 1 to ${q.options.length}, e.g. 2 or 1,3`);
  return selected && { kind: 'choice', selected };
}

async function askRecall(q: RecallQuestion, input: LineReader, say: Say): Promise<Answer | undefined> {
  say('Your answer (one line; may be empty):');
  const text = await input.next();
  if (text === undefined || text.trim() === 'q') return undefined;
  say('Model answer:');
  say(indent(q.answer.trimEnd()));
  say('Key points:');
  for (const k of q.keyPoints) say(`  - ${k}`);
  say('Rate yourself: 1 again, 2 hard, 3 good, 4 easy:');
  const rating = await readUntil(input, say, parseRating, 'a rating from 1 to 4');
  return rating && { kind: 'recall', text, rating };
}

async function askDesign(q: DesignQuestion, input: LineReader, say: Say, c: ChalkInstance, hooks: SessionHooks, minutes: number): Promise<Answer | undefined> {
  const started = hooks.now();
  say(c.dim(`Suggested time: ${minutes} minutes.`));
  say('Write your answer; end it with a line holding a single ".":');
  const lines: string[] = [];
  for (;;) {
    const line = await input.next();
    if (line === undefined) return undefined;
    if (line.trim() === '.') break;
    lines.push(line);
  }
  const elapsedMs = hooks.now().getTime() - started.getTime();
  if (elapsedMs > minutes * 60_000) say(c.yellow(`Over time: ${Math.round(elapsedMs / 60_000)} of ${minutes} minutes.`));
  const text = lines.join('\n');
  const points = rubricPoints(q);
  say('Model answer: the rubric. Mark each point your answer covered.');
  for (const line of rubricLines(points, [])) say(line);
  say('Which points did you cover? Their numbers, e.g. 1,4,7; "-" means none:');
  const covered = await readUntil(input, say, (line) => (line.trim() === '-' ? [] : parseNumbers(line, points.length)),
    `numbers from 1 to ${points.length}, or "-"`);
  return covered && { kind: 'design', text, covered, elapsedMs };
}

async function askEstimate(q: EstimateQuestion, input: LineReader, say: Say): Promise<Answer | undefined> {
  say(`Your estimate, in ${q.unit} (e.g. 12000, 12k, 1.2e4):`);
  let text = '';
  const value = await readUntil(input, say, (line) => { text = line.trim(); return parseEstimate(line); }, 'a number such as 12000, 12k or 1.2e4');
  return value === undefined ? undefined : { kind: 'estimate', text, value };
}

/** Reads lines until one parses; `undefined` at the end of input or on "q". */
async function readUntil<T>(input: LineReader, say: Say, parse: (line: string) => T | undefined, expected: string): Promise<T | undefined> {
  for (;;) {
    const line = await input.next();
    if (line === undefined || line.trim() === 'q') return undefined;
    const value = parse(line);
    if (value !== undefined) return value;
    say(`Expected ${expected}; try again (or "q" to stop):`);
  }
}

/** "2", "1,3", "1 3": distinct numbers within 1..max, or undefined. */
export function parseNumbers(line: string, max: number): number[] | undefined {
  const parts = line.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const numbers = [...new Set(parts.map(Number))];
  return numbers.every((n) => n >= 1 && n <= max) ? numbers.sort((a, b) => a - b) : undefined;
}

function parseRating(line: string): RatingValue | undefined {
  const t = line.trim().toLowerCase();
  const byName = (Object.entries(RATING_NAMES) as [string, string][]).find(([, name]) => name === t);
  if (byName) return Number(byName[0]) as RatingValue;
  return /^[1-4]$/.test(t) ? (Number(t) as RatingValue) : undefined;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
