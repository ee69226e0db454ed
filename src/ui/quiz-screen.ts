import { Chalk } from 'chalk';
import type { BankQuestion } from '../catalog/questions.js';
import { localDateTime } from '../progress/local-time.js';
import { rubricPoints } from '../quiz/design.js';
import { shownOrder } from '../quiz/session.js';
import { letterOf } from '../quiz/shuffle.js';
import { cardHeader, clockFace, optionBox, resultDetailLines, resultLine, rubricLines, summaryLines } from '../quiz/text.js';
import { textLines, wrap, type Line, type LineStyle } from './screen-lines.js';
import { QUIT_KEY, type ViewState } from './quiz-view-state.js';

/** The screen draws its own styles: the shared text comes without escape codes. */
const PLAIN = new Chalk({ level: 0 });

export interface ScreenOptions {
  width: number;
  /** Now, for the clocks. */
  clock: number;
  /** Exam: overrides the design prompt's suggested minutes. */
  minutes?: number;
  canEdit: boolean;
}

/** One frame of the quiz: a header that stays, a body that scrolls (with the row to keep in view), key hints that stay. */
export interface Screen { header: Line[]; body: Line[]; focus?: number; /** A row to start the view at (a result's verdict). */ top?: number; footer: Line[] }

export function quizScreen(state: ViewState, o: ScreenOptions): Screen {
  const { session, phase } = state;
  const exam = session.mode === 'exam';
  if (phase.name === 'done') {
    const used = exam && state.endedAt !== undefined ? state.endedAt - state.startedAt : undefined;
    const body = summaryLines(session, state.dues, used).flatMap((l) => wrap(l, o.width).map((text) => ({ text })));
    return { header: exam ? [{ text: 'Mock interview: done', style: 'bold' }] : [], body, footer: [] };
  }
  const shown = phase.name === 'confirm-quit' ? phase.back : phase;
  const index = shown.name === 'result' ? session.results.length - 1 : session.results.length;
  const q = session.cards[index];
  const header: Line[] = [{ text: `${exam ? 'Mock interview · ' : ''}${cardHeader(session, index)}`, style: 'bold' }];
  const limitMin = o.minutes ?? examMinutes(session.cards);
  if (exam && limitMin !== undefined) header.push(clockLine(o.clock - state.startedAt, limitMin));
  const body: Line[] = [...textLines(q.prompt, o.width), { text: '' }];
  const footer: string[] = [];
  let focus: number | undefined;
  let top: number | undefined;
  const add = (text: string, style?: LineStyle) => { for (const t of wrap(text, o.width)) body.push({ text: t, ...(style ? { style } : {}) }); };
  switch (shown.name) {
    case 'choice': {
      if (q.kind !== 'choice') break;
      const order = shownOrder(session, index);
      const multi = q.answer.length > 1;
      order.forEach((original, p) => {
        if (p === shown.cursor) focus = body.length;
        const lead = `${p === shown.cursor ? '›' : ' '} ${optionBox(multi, shown.selected.includes(p))} ${letterOf(p)}) `;
        wrap(q.options[original], o.width - lead.length).forEach((t, i) => {
          body.push({ text: (i === 0 ? lead : ' '.repeat(lead.length)) + t, ...(p === shown.cursor ? { style: 'focus' as const } : {}) });
        });
      });
      const last = letterOf(order.length - 1);
      if (shown.nudge) footer.push(`Choose first: a letter a-${last}, or ↑↓ and space.`);
      footer.push(multi ? `select all that apply: letters or space toggle · Enter to answer · ${QUIT_KEY} to stop`
        : `one answer: a letter a-${last}, or ↑↓ and space · Enter to answer · ${QUIT_KEY} to stop`);
      break;
    }
    case 'recall-typing':
      focus = typed(body, 'Your answer:', shown.text, o.width);
      footer.push('Enter for a new line · Ctrl-D to see the model answer · Esc to stop');
      break;
    case 'recall-revealed':
      if (q.kind !== 'recall') break;
      typed(body, 'Your answer:', shown.text, o.width, false);
      body.push({ text: '' }, { text: 'Model answer', style: 'bold' }, ...textLines(q.answer, o.width), { text: 'Key points', style: 'bold' });
      for (const k of q.keyPoints) for (const t of wrap(`  - ${k}`, o.width, '    ')) body.push({ text: t });
      footer.push(`Rate yourself: 1 again, 2 hard, 3 good, 4 easy · ${QUIT_KEY} to stop`);
      break;
    case 'estimate-typing':
      if (q.kind !== 'estimate') break;
      focus = body.length;
      add(`Your estimate: ${shown.text}▌ ${q.unit}`);
      if (shown.nudge) footer.push('Type a number such as 12000, 12k, 1.2e4 or 3.5M.');
      footer.push('Enter to answer · Esc to stop');
      break;
    case 'design-typing': {
      if (q.kind !== 'design') break;
      if (!exam) header.push(clockLine(o.clock - shown.startedAt, o.minutes ?? q.minutes));
      focus = typed(body, 'Your answer:', shown.text, o.width);
      footer.push(`Enter for a new line · Ctrl-D when done${o.canEdit ? ' · Ctrl-E to write in $EDITOR' : ''} · Esc to stop`);
      break;
    }
    case 'design-rubric': {
      if (q.kind !== 'design') break;
      add('Model answer: mark each point your answer covered (* = covered; ×2, ×3 weigh more).', 'bold');
      let point = -1;
      for (const l of rubricLines(rubricPoints(q), shown.covered)) {
        const isPoint = /^\s{3}[* ]\s/.test(l);
        if (isPoint) point++;
        const here = isPoint && point === shown.cursor;
        if (here) focus = body.length;
        // The cursor is a character too, so it shows without colour.
        const text = here ? `›${l.slice(1)}` : l;
        for (const t of wrap(text, o.width, ' '.repeat(9))) body.push({ text: t, ...(here ? { style: 'focus' as const } : {}) });
      }
      footer.push(`↑↓ to move · space to mark · Enter to confirm · ${QUIT_KEY} to stop`);
      break;
    }
    case 'result': {
      const r = shown.result;
      top = body.length;
      add(resultLine(r, PLAIN), r.correct ? 'good' : r.question.kind === 'recall' ? undefined : 'bad');
      for (const l of resultDetailLines(r)) body.push(...(l === '' ? [{ text: '' }] : l.includes('\n') || l.length > o.width ? textLines(l, o.width) : [{ text: l }]));
      const again = session.cards.slice(session.results.length).some((c) => c.id === r.question.id);
      add(shown.due ? `Next review: ${localDateTime(shown.due)}${again ? '; before that, it comes back later in this session' : ''}` : 'Saving…', 'dim');
      footer.push(`Enter for the next card · ${QUIT_KEY} to stop`);
      break;
    }
  }
  if (phase.name === 'confirm-quit') footer.splice(0, footer.length, 'Throw away what you typed and stop? y / n');
  return { header: header.flatMap((h) => wrap(h.text, o.width).map((text) => ({ ...h, text }))), body, focus, top, footer: footer.flatMap((f) => wrap(f, o.width).map((text) => ({ text, style: 'dim' as const }))) };
}

/** An exam is timed by its design prompt. */
function examMinutes(cards: readonly BankQuestion[]): number | undefined {
  const design = cards.find((c) => c.kind === 'design');
  return design?.kind === 'design' ? design.minutes : undefined;
}

/** "Elapsed 3:12 · 36:48 left of 40 min", or over time. */
export function clockLine(elapsedMs: number, minutes: number): Line {
  const left = minutes * 60_000 - elapsedMs;
  return left >= 0
    ? { text: `Elapsed ${clockFace(elapsedMs)} · ${clockFace(left)} left of ${minutes} min`, style: 'warn' }
    : { text: `Elapsed ${clockFace(elapsedMs)} · over the ${minutes} min by ${clockFace(-left)}`, style: 'bad' };
}

/** Typed text with a caret at its end; returns the row of the caret (what to keep in view). */
function typed(body: Line[], label: string, text: string, width: number, caret = true): number {
  const rows = `${text}${caret ? '▌' : ''}`.split('\n');
  body.push({ text: label, style: 'bold' });
  for (const row of rows) for (const t of wrap(row, width, ' ')) body.push({ text: t });
  return body.length - 1;
}
