import type { Writable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import type { BankQuestion } from '../catalog/questions.js';
import type { ChoiceQuestion, DesignQuestion, EstimateQuestion, RecallQuestion } from '../catalog/schema/question.js';
import { localDateTime as formatWhen } from '../progress/local-time.js';
import { rubricPoints } from './design.js';
import { parseEstimate } from './estimate.js';
import type { LineReader } from './line-reader.js';
import { RATING_NAMES, type RatingValue } from './scheduler.js';
import { answerCard, currentCard, shownOrder, type Answer, type CardResult, type SessionState } from './session.js';
import { letterOf } from './shuffle.js';
import { cardHeader, formatDuration, optionLines, resultDetailLines, resultLine, rubricLines } from './text.js';

/**
 * The line protocol (stable; `sysdesign quiz --help` documents it and tests script it):
 *   choice    one line: the letter of the option, "b"; select-all: the letters, "a,c"
 *   recall    your answer, one or more lines, ended by an empty line (or a line holding a single ".");
 *             then one line: a rating 1-4
 *   design    your answer, lines up to one holding a single "."; then one line: the rubric point numbers
 *             you covered ("1,4,7"), "-" for none (nothing is pre-marked: mark against the rubric shown)
 *   estimate  one line: a number, "12000", "12k", "1.2e4" or "40 GB" (the unit word is ignored)
 * "q" on its own line ends the session; the end of input too. An unreadable line is asked again.
 * Options are shuffled at each presentation (seeded by --seed), so letters name positions on screen.
 */
export const QUIT = 'q';

export interface SessionHooks {
  now(): Date;
  /** Stores one result; resolves to the card's next due date. */
  record(result: CardResult): Promise<Date>;
}

export interface PlainOptions { out: Writable; colors: ChalkInstance; /** Exam: overrides the prompt's suggested minutes. */ minutes?: number }

export interface SessionOutcome { state: SessionState; dues: Map<string, Date>; quit: boolean; /** From the first card shown to the last answer. */ elapsedMs: number }

export async function runPlainSession(start: SessionState, input: LineReader, hooks: SessionHooks, opts: PlainOptions): Promise<SessionOutcome> {
  const { out, colors: c } = opts;
  const say = (text = '') => out.write(`${text}\n`);
  const began = hooks.now().getTime();
  let state = start;
  const dues = new Map<string, Date>();
  const outcome = (quit: boolean): SessionOutcome => ({ state, dues, quit, elapsedMs: hooks.now().getTime() - began });
  if (state.mode === 'exam') {
    const recalls = state.cards.length - 1;
    const then = recalls > 0 ? `, then ${recalls} recall question${recalls === 1 ? '' : 's'} on its topics` : '';
    say(c.bold(`Mock interview: one design prompt against the clock${then}.`));
  }
  for (let q = currentCard(state); q; q = currentCard(state)) {
    say();
    say(c.bold(cardHeader(state, state.results.length)));
    const minutes = opts.minutes ?? (q.kind === 'design' ? q.minutes : 0);
    const answer = await ask(q, shownOrder(state), input, say, c, hooks, minutes);
    if (!answer) return outcome(true);
    const step = answerCard(state, answer);
    state = step.state;
    const due = await hooks.record(step.result);
    dues.set(q.id, due);
    say(resultLine(step.result, c));
    for (const line of resultDetailLines(step.result)) say(line);
    const again = comesBack(state, q.id) ? '; before that, it comes back later in this session' : '';
    say(c.dim(`Next review: ${formatWhen(due)}${again}`));
  }
  return outcome(false);
}

/** Whether the card comes up again later in the session (it was rated "again"). */
export function comesBack(state: SessionState, id: string): boolean {
  return state.cards.slice(state.results.length).some((c) => c.id === id);
}

type Say = (text?: string) => void;

async function ask(q: BankQuestion, order: number[], input: LineReader, say: Say, c: ChalkInstance, hooks: SessionHooks, minutes: number): Promise<Answer | undefined> {
  say(q.prompt.trimEnd());
  switch (q.kind) {
    case 'choice': return askChoice(q, order, input, say);
    case 'recall': return askRecall(q, input, say);
    case 'design': return askDesign(q, input, say, c, hooks, minutes);
    case 'estimate': return askEstimate(q, input, say);
  }
}

async function askChoice(q: ChoiceQuestion, order: number[], input: LineReader, say: Say): Promise<Answer | undefined> {
  const multi = q.answer.length > 1;
  for (const line of optionLines(q, order)) say(`  ${line}`);
  const last = letterOf(order.length - 1);
  say(multi ? 'Select all that apply: the letters, e.g. a,c:' : 'One answer: its letter:');
  const positions = await readUntil(input, say, (line) => {
    const p = parseLetters(line, order.length);
    return p && (multi || p.length === 1) ? p : undefined;
  }, multi ? `letters from a to ${last}, e.g. b or a,c` : `one letter from a to ${last}`);
  return positions && { kind: 'choice', selected: positions.map((p) => order[p]).sort((a, b) => a - b) };
}

async function askRecall(q: RecallQuestion, input: LineReader, say: Say): Promise<Answer | undefined> {
  say('Your answer (one or more lines; an empty line ends it):');
  const text = await readText(input, (line) => line.trim() === '' || line.trim() === '.');
  if (text === undefined) return undefined;
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
  say(c.dim(`Suggested time: ${minutes} minutes (the clock starts now).`));
  say('Write your answer; end it with a line holding a single ".":');
  const text = await readText(input, (line) => line.trim() === '.');
  if (text === undefined) return undefined;
  const elapsedMs = hooks.now().getTime() - started.getTime();
  const limitMs = minutes * 60_000;
  say(elapsedMs > limitMs
    ? c.yellow(`Time: ${formatDuration(elapsedMs)} used of ${minutes} min, over by ${formatDuration(elapsedMs - limitMs)}.`)
    : `Time: ${formatDuration(elapsedMs)} used of ${minutes} min, ${formatDuration(limitMs - elapsedMs)} left.`);
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

/** Lines up to the one `ends` accepts (not kept); `undefined` at the end of input or on a lone "q". */
async function readText(input: LineReader, ends: (line: string) => boolean): Promise<string | undefined> {
  const lines: string[] = [];
  for (;;) {
    const line = await input.next();
    if (line === undefined || line.trim() === QUIT) return undefined;
    if (ends(line)) return lines.join('\n');
    lines.push(line.replace(/\r/g, ''));
  }
}

/** Reads lines until one parses; `undefined` at the end of input or on "q". */
async function readUntil<T>(input: LineReader, say: Say, parse: (line: string) => T | undefined, expected: string): Promise<T | undefined> {
  for (;;) {
    const line = await input.next();
    if (line === undefined || line.trim() === QUIT) return undefined;
    const value = parse(line);
    if (value !== undefined) return value;
    say(`Expected ${expected}; try again (or "${QUIT}" to stop):`);
  }
}

/** "2", "1,3", "1 3": distinct numbers within 1..max, or undefined. */
export function parseNumbers(line: string, max: number): number[] | undefined {
  const parts = line.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const numbers = [...new Set(parts.map(Number))];
  return numbers.every((n) => n >= 1 && n <= max) ? numbers.sort((a, b) => a - b) : undefined;
}

/** "b", "a,c", "a c", "ac": distinct positions (from 0) of letters within the first `count`, or undefined. */
export function parseLetters(line: string, count: number): number[] | undefined {
  const letters = line.toLowerCase().replace(/[\s,]+/g, '');
  if (!/^[a-z]+$/.test(letters)) return undefined;
  const positions = [...new Set([...letters].map((l) => l.charCodeAt(0) - 97))];
  return positions.every((p) => p < count) ? positions.sort((a, b) => a - b) : undefined;
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
