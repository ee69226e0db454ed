import { RUN } from '../workspace/launcher.js';
import type { ItemState, NextStep, PlanReport, Tally } from './plan-ticks.js';

/** One line of the plan tree, as both the plain text and the ink view draw it. */
export type PlanRow =
  | { kind: 'heading'; depth: number; level: 'plan' | 'part' | 'module' | 'group'; label: string; tally: Tally }
  | { kind: 'item'; depth: number; label: string; mark: 'results' | 'hand' | 'open'; detail: string }
  | { kind: 'extra'; depth: number; label: string; checked: boolean; section: string };

/** The plan as rows, in order: parts, modules (numbered across parts, as the plan document does), groups, items. */
export function planRows(report: PlanReport): PlanRow[] {
  const items = new Map(report.items.map((i) => [i.id, i]));
  const rows: PlanRow[] = [{ kind: 'heading', depth: 0, level: 'plan', label: report.title, tally: report.overall }];
  const item = (id: string, depth: number) => rows.push(itemRow(items.get(id)!, depth));
  let moduleNo = 0;
  report.parts.forEach((part, p) => {
    rows.push({ kind: 'heading', depth: 0, level: 'part', label: `Part ${p + 1}: ${part.title}`, tally: part.tally });
    for (const mod of part.modules) {
      rows.push({ kind: 'heading', depth: 1, level: 'module', label: `Module ${++moduleNo}: ${mod.title}`, tally: mod.tally });
      for (const id of mod.items) item(id, 2);
      for (const group of mod.groups) {
        rows.push({ kind: 'heading', depth: 2, level: 'group', label: group.title, tally: group.tally });
        for (const id of group.items) item(id, 3);
      }
    }
    for (const id of part.items) item(id, 1);
  });
  for (const e of report.extras) rows.push({ kind: 'extra', depth: 1, label: e.title, checked: e.checked, section: e.section });
  return rows;
}

function itemRow(item: ItemState, depth: number): PlanRow {
  return { kind: 'item', depth, label: item.title, mark: item.tickedBy ?? 'open', detail: itemDetail(item) };
}

/** What stands between an item and its tick (or how it was ticked). */
export function itemDetail(item: ItemState): string {
  const bits: string[] = [];
  if (item.tickedBy === 'hand') bits.push('ticked by hand');
  for (const lab of item.labs) {
    const s = lab.status;
    bits.push(`lab ${lab.id}: ${s.kind === 'passed' ? 'passed' : s.kind === 'not-started' ? 'not started' : `stage ${s.stage} of ${s.total}`}`);
  }
  const q = item.questions;
  // Labs passed but questions left: the tick waits on the quiz, and the row says how to get it.
  if (!item.ticked && item.labs.length > 0 && item.labsDone && !item.questionsDone) bits.push(`labs passed, questions left: \`${RUN} quiz --plan ${item.id}\``);
  if (q.total > 0) bits.push(`questions ${q.right}/${q.total} right${q.answered < q.total ? `, ${q.total - q.answered} unanswered` : ''}${q.due > 0 ? `, ${q.due} due` : ''}`);
  return bits.join(' · ');
}

export function describeNext(next: NextStep | null): string {
  if (!next) return 'Nothing waiting: every item is ticked, or has no lab or question left to do.';
  if (next.kind === 'lab') {
    const where = next.status.kind === 'in-progress' ? `continue lab ${next.lab} (stage ${next.status.stage} of ${next.status.total})` : `start lab ${next.lab}`;
    return `${next.title}: ${where}: \`${next.command}\``;
  }
  const why = [next.labsPassed ? 'its labs passed' : '', next.due ? `${next.due} question${next.due === 1 ? '' : 's'} due` : '',
    next.unanswered ? `${next.unanswered} question${next.unanswered === 1 ? '' : 's'} not answered yet` : ''].filter(Boolean);
  const rest = next.due || next.unanswered ? '' : 'answer more of its questions right';
  return `${next.title}: ${[...why, rest].filter(Boolean).join(', ')}: \`${next.command}\``;
}

/** A progress bar of `width` cells. */
export function bar(percent: number, width: number, ascii: boolean): string {
  const full = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return ascii ? `[${'#'.repeat(full)}${'-'.repeat(width - full)}]` : `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export const MARKS = { results: '[x]', hand: '[x]', open: '[ ]' } as const;

/** The plain-text plan (no terminal): the same rows, indented, with ASCII bars. */
export function planText(report: PlanReport): string {
  const out: string[] = [];
  for (const row of planRows(report)) {
    const pad = '  '.repeat(row.depth);
    if (row.kind === 'heading') {
      const tally = `${bar(row.tally.percent, 10, true)} ${String(row.tally.percent).padStart(3)}% (${row.tally.done}/${row.tally.total})`;
      if (row.level === 'part' || row.level === 'plan') out.push('');
      out.push(`${pad}${row.label}  ${tally}`);
    } else if (row.kind === 'item') {
      out.push(`${pad}${MARKS[row.mark]} ${row.label}${row.detail ? `  (${row.detail})` : ''}`);
    } else {
      out.push(`${pad}[${row.checked ? 'x' : ' '}] ${row.label}  (imported, not in the plan; was under ${row.section || 'no heading'})`);
    }
  }
  out.push('', `Next: ${describeNext(report.next)}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}
