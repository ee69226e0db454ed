import type { ChalkInstance } from 'chalk';
import type { BankQuestion } from '../catalog/questions.js';
import type { ChoiceQuestion } from '../catalog/schema/question.js';
import { localDateTime as formatWhen } from '../progress/local-time.js';
import { rubricPoints, SECTION_TITLES, type NumberedPoint } from './design.js';
import { formatNumber } from './estimate.js';
import { RATING_NAMES } from './scheduler.js';
import { summarise, type CardResult, type SessionState } from './session.js';
import { letterOf } from './shuffle.js';

/** Text shared by the plain driver and the ink screen: headers, options, results, rubric, summary. */

/** What kind of answer a card wants, in the learner's words. */
export function kindLabel(q: BankQuestion): string {
  switch (q.kind) {
    case 'choice': return q.answer.length > 1 ? 'select all that apply' : 'single choice';
    case 'recall': return 'recall';
    case 'design': return 'design prompt';
    case 'estimate': return 'estimate';
  }
}

/** "Card 3 of 12 · Caching · single choice": the topic's title, never the question's id (it can give the answer away). */
export function cardHeader(state: SessionState, index: number): string {
  const q = state.cards[index];
  const again = state.cards.slice(0, index).some((c) => c.id === q.id) ? ' · again' : '';
  return `Card ${index + 1} of ${state.cards.length} · ${q.topicTitle} · ${kindLabel(q)}${again}`;
}

/** The box drawn before an option: radio buttons for single choice, checkboxes for select-all. */
export function optionBox(multi: boolean, on: boolean): string {
  return multi ? (on ? '[x]' : '[ ]') : (on ? '(•)' : '( )');
}

/** The options as shown, each "a) text" in the shuffled order. */
export function optionLines(q: ChoiceQuestion, order: readonly number[]): string[] {
  return order.map((original, position) => `${letterOf(position)}) ${q.options[original]}`);
}

/** The result of a choice card: every option as shown, the learner's picks boxed, the right ones marked. */
export function choiceResultLines(q: ChoiceQuestion, order: readonly number[], selected: readonly number[]): string[] {
  const multi = q.answer.length > 1;
  return order.map((original, position) => {
    const picked = selected.includes(original);
    const right = q.answer.includes(original);
    const tag = right ? (picked ? '  ✔ right' : '  ✔ right (not picked)') : picked ? '  ✘ your pick' : '';
    return `  ${optionBox(multi, picked)} ${letterOf(position)}) ${q.options[original]}${tag}`;
  });
}

export function rubricLines(points: readonly NumberedPoint[], marked: readonly number[]): string[] {
  const lines: string[] = [];
  let section = '';
  for (const p of points) {
    if (p.section !== section) { section = p.section; lines.push(`  ${SECTION_TITLES[p.section]}`); }
    const weight = p.weight > 1 ? ` (×${p.weight})` : '';
    lines.push(`   ${marked.includes(p.number) ? '*' : ' '} ${String(p.number).padStart(2)}. ${p.point}${weight}`);
  }
  return lines;
}

export function resultLine(r: CardResult, c: ChalkInstance): string {
  switch (r.question.kind) {
    case 'choice': {
      const order = r.order ?? r.question.options.map((_, i) => i);
      const right = order.flatMap((original, position) => (r.question.kind === 'choice' && r.question.answer.includes(original) ? [letterOf(position)] : [])).join(', ');
      return r.correct ? c.green('✔ Right.') : c.red(`✘ Wrong: the answer is ${right}.`);
    }
    case 'recall': return `Rated ${RATING_NAMES[r.rating]}.`;
    case 'estimate': {
      const answer = `${formatNumber(r.question.answer)} ${r.question.unit}`;
      const given = r.answer.kind === 'estimate' ? ` (you said ${formatNumber(r.answer.value)})` : '';
      if (r.verdict === 'exact') return c.green(`✔ Exact: ${answer}${given}.`);
      if (r.verdict === 'close') return c.green(`✔ Within 2×: the answer is ${answer}${given}.`);
      return c.red(`✘ More than 2× off: the answer is ${answer}${given}.`);
    }
    case 'design': {
      const total = rubricPoints(r.question).length;
      const line = `Covered ${r.covered?.length ?? 0} of ${total} points (${Math.round((r.score ?? 0) * 100)}% by weight).`;
      return r.correct ? c.green(`✔ ${line}`) : c.yellow(line);
    }
  }
}

/** What the result screen teaches after the verdict: the options marked, then the explanation or worked calculation. */
export function resultDetailLines(r: CardResult): string[] {
  const q = r.question;
  if (q.kind === 'choice' && r.answer.kind === 'choice') {
    return [...choiceResultLines(q, r.order ?? q.options.map((_, i) => i), r.answer.selected), '', q.explanation.trimEnd()];
  }
  if (q.kind === 'estimate') return [q.explanation.trimEnd()];
  return [];
}

/** A question named by its prompt's opening words, for lists (ids are not for the learner). */
export function shortPrompt(q: BankQuestion, width = 60): string {
  const text = q.prompt.replace(/\s+/g, ' ').trim();
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}

/** The end of a session: score by topic, the time an exam took, and when each card comes back. */
export function summaryLines(state: SessionState, dues: ReadonlyMap<string, Date>, elapsedMs?: number): string[] {
  const s = summarise(state);
  if (s.asked === 0) return ['No cards answered.'];
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  const width = Math.max(...s.byTopic.map((t) => t.title.length));
  const lines = [`Score: ${s.correct} of ${s.asked} right (${pct(s.correct, s.asked)})`];
  for (const t of s.byTopic) lines.push(`  ${t.title.padEnd(width)}  ${t.correct}/${t.asked}`);
  if (s.relearnt > 0) lines.push(`Relearnt in this session: ${s.relearnt} card${s.relearnt === 1 ? '' : 's'} came back after "again".`);
  if (elapsedMs !== undefined) lines.push(`Time used: ${formatDuration(elapsedMs)}`);
  lines.push('Next reviews:');
  const byId = new Map(state.cards.map((q) => [q.id, q]));
  for (const [id, due] of [...dues].sort((a, b) => a[1].getTime() - b[1].getTime())) {
    const q = byId.get(id);
    lines.push(`  ${formatWhen(due)}  ${q ? shortPrompt(q) : ''}`.trimEnd());
  }
  return lines;
}

/** "12 min 5 s", "45 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m} min ${s % 60} s` : `${s} s`;
}

/** "4:05": a clock face for minutes and seconds. */
export function clockFace(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
