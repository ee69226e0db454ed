import type { ChalkInstance } from 'chalk';
import { localDateTime as formatWhen } from '../progress/local-time.js';
import { rubricPoints, SECTION_TITLES, type NumberedPoint } from './design.js';
import { formatNumber } from './estimate.js';
import { RATING_NAMES } from './scheduler.js';
import { summarise, type CardResult, type SessionState } from './session.js';

/** Text shared by the plain driver and the ink screen: results, rubric, summary. */
export function rubricLines(points: readonly NumberedPoint[], marked: readonly number[]): string[] {
  const lines: string[] = [];
  let section = '';
  for (const p of points) {
    if (p.section !== section) { section = p.section; lines.push(`  ${SECTION_TITLES[p.section]}`); }
    lines.push(`   ${marked.includes(p.number) ? '*' : ' '} ${String(p.number).padStart(2)}. ${p.point}`);
  }
  return lines;
}

export function resultLine(r: CardResult, c: ChalkInstance): string {
  if (r.question.kind === 'choice') {
    const right = r.question.answer.map((a) => a + 1).join(',');
    return r.correct ? c.green('✔ Right.') : c.red(`✘ Wrong: the answer is ${right}.`);
  }
  if (r.question.kind === 'recall') return `Rated ${RATING_NAMES[r.rating]}.`;
  if (r.question.kind === 'estimate') {
    const answer = `${formatNumber(r.question.answer)} ${r.question.unit}`;
    if (r.verdict === 'exact') return c.green(`✔ Exact: ${answer}.`);
    if (r.verdict === 'close') return c.green(`✔ Within 2×: the answer is ${answer}.`);
    return c.red(`✘ More than 2× off: the answer is ${answer}.`);
  }
  const total = rubricPoints(r.question).length;
  const pct = Math.round((r.score ?? 0) * 100);
  const line = `Covered ${r.covered?.length ?? 0} of ${total} points (${pct}%).`;
  return r.correct ? c.green(`✔ ${line}`) : c.yellow(line);
}

/** The end of a session: score by topic and when each card comes back. */
export function summaryLines(state: SessionState, dues: ReadonlyMap<string, Date>): string[] {
  const s = summarise(state);
  if (s.asked === 0) return ['No cards answered.'];
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  const width = Math.max(...s.byTopic.map((t) => t.topic.length));
  const lines = [`Score: ${s.correct} of ${s.asked} right (${pct(s.correct, s.asked)})`];
  for (const t of s.byTopic) lines.push(`  ${t.topic.padEnd(width)}  ${t.correct}/${t.asked}`);
  lines.push('Next reviews:');
  const idWidth = Math.max(...[...dues.keys()].map((k) => k.length));
  for (const [id, due] of [...dues].sort((a, b) => a[1].getTime() - b[1].getTime())) lines.push(`  ${formatWhen(due)}  ${id.padEnd(idWidth)}`.trimEnd());
  return lines;
}

