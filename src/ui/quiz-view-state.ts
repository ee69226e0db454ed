import type { BankQuestion } from '../catalog/questions.js';
import { rubricPoints } from '../quiz/design.js';
import { parseEstimate } from '../quiz/estimate.js';
import type { RatingValue } from '../quiz/scheduler.js';
import { answerCard, currentCard, shownOrder, type Answer, type CardResult, type SessionState } from '../quiz/session.js';

/**
 * The quiz screen's state: the session plus what the current card shows. Pure; QuizView only draws it.
 * Keys: q stops (as in plain mode) wherever q is not typed text; in a text field Esc stops, and asks
 * first when something is typed. Choice options are positions on screen here (the shuffled order),
 * turned into original option indices when answered.
 */
export type Phase =
  | { name: 'choice'; cursor: number; selected: number[]; nudge?: boolean }
  | { name: 'recall-typing'; text: string }
  | { name: 'recall-revealed'; text: string }
  | { name: 'design-typing'; text: string; startedAt: number }
  | { name: 'design-rubric'; text: string; elapsedMs: number; cursor: number; covered: number[] }
  | { name: 'estimate-typing'; text: string; nudge?: boolean }
  | { name: 'result'; result: CardResult; due?: Date }
  | { name: 'confirm-quit'; back: Phase }
  | { name: 'done'; quit: boolean };

export interface ViewState {
  session: SessionState;
  phase: Phase;
  dues: Map<string, Date>;
  /** When the first card was shown: the exam's clock, and its summary's time used. */
  startedAt: number;
  /** Set when the session ends. */
  endedAt?: number;
}

export interface Keys {
  upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean; return?: boolean;
  backspace?: boolean; delete?: boolean; escape?: boolean; ctrl?: boolean; tab?: boolean; meta?: boolean;
}

export type ViewEvent =
  | { type: 'key'; input: string; key: Keys; at: number }
  | { type: 'recorded'; id: string; due: Date }
  | { type: 'edited'; text: string; at: number };

export const QUIT_KEY = 'q';

export function initialView(session: SessionState, at: number): ViewState {
  const phase = phaseFor(currentCard(session), at);
  return { session, phase, dues: new Map(), startedAt: at, ...(phase.name === 'done' ? { endedAt: at } : {}) };
}

function phaseFor(q: BankQuestion | undefined, at: number): Phase {
  if (!q) return { name: 'done', quit: false };
  switch (q.kind) {
    case 'choice': return { name: 'choice', cursor: 0, selected: [] };
    case 'recall': return { name: 'recall-typing', text: '' };
    case 'design': return { name: 'design-typing', text: '', startedAt: at };
    case 'estimate': return { name: 'estimate-typing', text: '' };
  }
}

/** Phases where the keyboard types text: q is a letter there, Esc stops. */
const TYPING = new Set<Phase['name']>(['recall-typing', 'design-typing', 'estimate-typing']);

/** The new state; `submitted` is the result to store when this event answered a card. */
export function reduceView(state: ViewState, event: ViewEvent): { state: ViewState; submitted?: CardResult } {
  const { phase } = state;
  if (event.type === 'recorded') {
    const dues = new Map(state.dues).set(event.id, event.due);
    return { state: { ...state, dues, phase: phase.name === 'result' && phase.result.question.id === event.id ? { ...phase, due: event.due } : phase } };
  }
  if (event.type === 'edited') {
    return phase.name === 'design-typing' ? { state: toRubric(state, clean(event.text, true), event.at - phase.startedAt) } : { state };
  }
  const { input, key, at } = event;
  if (phase.name === 'done') return { state };
  if (phase.name === 'confirm-quit') {
    if (input.toLowerCase() === 'y') return { state: finish(state, at, true) };
    if (input.toLowerCase() === 'n' || key.escape) return set(state, phase.back);
    return { state };
  }
  if (TYPING.has(phase.name) ? key.escape : (key.escape || input === QUIT_KEY)) {
    // An answer typed and not yet submitted is not thrown away without asking.
    const typed = 'text' in phase && phase.text.trim() !== '';
    return typed ? set(state, { name: 'confirm-quit', back: phase }) : { state: finish(state, at, true) };
  }
  const q = currentCard(state.session);
  switch (phase.name) {
    case 'choice': {
      if (q?.kind !== 'choice') return { state };
      const n = q.options.length;
      const multi = q.answer.length > 1;
      const pick = (p: number) => (multi ? toggle(phase.selected, p) : [p]);
      if (key.upArrow) return set(state, { ...phase, cursor: (phase.cursor + n - 1) % n });
      if (key.downArrow) return set(state, { ...phase, cursor: (phase.cursor + 1) % n });
      const letter = /^[a-z]$/.test(input) ? input.charCodeAt(0) - 97 : -1;
      if (letter >= 0 && letter < n) return set(state, { ...phase, cursor: letter, selected: pick(letter), nudge: false });
      if (input === ' ') return set(state, { ...phase, selected: pick(phase.cursor), nudge: false });
      if (key.return) {
        // Enter with nothing selected answers nothing: it says how to select instead.
        if (phase.selected.length === 0) return set(state, { ...phase, nudge: true });
        const order = shownOrder(state.session);
        return submit(state, { kind: 'choice', selected: phase.selected.map((p) => order[p]).sort((a, b) => a - b) });
      }
      return { state };
    }
    case 'recall-typing':
      if (key.ctrl && input === 'd') return set(state, { name: 'recall-revealed', text: phase.text });
      return set(state, { ...phase, text: edit(phase.text, input, key, true) });
    case 'recall-revealed':
      if (/^[1-4]$/.test(input)) return submit(state, { kind: 'recall', text: phase.text, rating: Number(input) as RatingValue });
      return { state };
    case 'estimate-typing': {
      if (key.return) {
        const value = parseEstimate(phase.text);
        return value === undefined ? set(state, { ...phase, nudge: true }) : submit(state, { kind: 'estimate', text: phase.text.trim(), value });
      }
      return set(state, { ...phase, text: edit(phase.text, input, key, false), nudge: false });
    }
    case 'design-typing':
      if (key.ctrl && input === 'd') return { state: toRubric(state, phase.text, at - phase.startedAt) };
      return set(state, { ...phase, text: edit(phase.text, input, key, true) });
    case 'design-rubric': {
      const n = rubricSize(q);
      if (key.upArrow) return set(state, { ...phase, cursor: (phase.cursor + n - 1) % n });
      if (key.downArrow) return set(state, { ...phase, cursor: (phase.cursor + 1) % n });
      if (input === ' ') return set(state, { ...phase, covered: toggle(phase.covered, phase.cursor + 1) });
      if (key.return) return submit(state, { kind: 'design', text: phase.text, covered: phase.covered, elapsedMs: phase.elapsedMs });
      return { state };
    }
    case 'result':
      if (key.return || input === ' ') {
        const next = phaseFor(currentCard(state.session), at);
        return next.name === 'done' ? { state: finish(state, at, false) } : set(state, next);
      }
      return { state };
  }
}

function finish(state: ViewState, at: number, quit: boolean): ViewState {
  return { ...state, phase: { name: 'done', quit }, endedAt: at };
}

function toRubric(state: ViewState, text: string, elapsedMs: number): ViewState {
  const q = currentCard(state.session);
  if (q?.kind !== 'design') return state;
  return { ...state, phase: { name: 'design-rubric', text, elapsedMs, cursor: 0, covered: [] } };
}

function submit(state: ViewState, answer: Answer): { state: ViewState; submitted: CardResult } {
  const { state: session, result } = answerCard(state.session, answer);
  return { state: { ...state, session, phase: { name: 'result', result } }, submitted: result };
}

function set(state: ViewState, phase: Phase): { state: ViewState } {
  return { state: { ...state, phase } };
}

function rubricSize(q: BankQuestion | undefined): number {
  return q?.kind === 'design' ? rubricPoints(q).length : 1;
}

function toggle(list: readonly number[], n: number): number[] {
  return list.includes(n) ? list.filter((x) => x !== n) : [...list, n].sort((a, b) => a - b);
}

/**
 * Terminals send "\r" for Enter and inside pasted text: it is a newline, never a raw carriage return
 * (which would overwrite the line on screen and be stored as is). One-line fields turn it into a space.
 */
export function clean(text: string, multiline: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n');
  return multiline ? lines : lines.replace(/\n/g, ' ');
}

/** Typing into a text field: printable input (a key or a paste) appends, backspace deletes; Enter is a newline when multi-line. */
function edit(text: string, input: string, key: Keys, multiline: boolean): string {
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.return) return multiline ? `${text}\n` : text;
  if (key.ctrl || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.tab || key.meta) return text;
  return text + clean(input, multiline);
}
