import type { BankQuestion } from '../catalog/questions.js';
import { rubricPoints } from '../quiz/design.js';
import { parseEstimate } from '../quiz/estimate.js';
import type { RatingValue } from '../quiz/scheduler.js';
import { answerCard, currentCard, type Answer, type CardResult, type SessionState } from '../quiz/session.js';

/** The quiz screen's state: the session plus what the current card shows. Pure; QuizView only draws it. */
export type Phase =
  | { name: 'choice'; cursor: number; selected: number[] }
  | { name: 'recall-typing'; text: string }
  | { name: 'recall-revealed'; text: string }
  | { name: 'design-typing'; text: string; startedAt: number }
  | { name: 'design-rubric'; text: string; elapsedMs: number; cursor: number; covered: number[] }
  | { name: 'estimate-typing'; text: string }
  | { name: 'result'; result: CardResult; due?: Date }
  | { name: 'done'; quit: boolean };

export interface ViewState { session: SessionState; phase: Phase; dues: Map<string, Date> }

export interface Keys { upArrow?: boolean; downArrow?: boolean; return?: boolean; backspace?: boolean; delete?: boolean; escape?: boolean; ctrl?: boolean; tab?: boolean }

export type ViewEvent =
  | { type: 'key'; input: string; key: Keys; at: number }
  | { type: 'recorded'; id: string; due: Date }
  | { type: 'edited'; text: string; at: number };

export function initialView(session: SessionState, at: number): ViewState {
  return { session, phase: phaseFor(currentCard(session), at), dues: new Map() };
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

/** The new state; `submitted` is the result to store when this event answered a card. */
export function reduceView(state: ViewState, event: ViewEvent): { state: ViewState; submitted?: CardResult } {
  const { phase } = state;
  if (event.type === 'recorded') {
    const dues = new Map(state.dues).set(event.id, event.due);
    return { state: { ...state, dues, phase: phase.name === 'result' && phase.result.question.id === event.id ? { ...phase, due: event.due } : phase } };
  }
  if (event.type === 'edited') {
    return phase.name === 'design-typing' ? { state: toRubric(state, event.text, event.at - phase.startedAt) } : { state };
  }
  const { input, key } = event;
  if (key.escape && phase.name !== 'done') return { state: { ...state, phase: { name: 'done', quit: true } } };
  const q = currentCard(state.session);
  switch (phase.name) {
    case 'choice': {
      if (q?.kind !== 'choice') return { state };
      const n = q.options.length;
      const multi = q.answer.length > 1;
      if (key.upArrow) return set(state, { ...phase, cursor: (phase.cursor + n - 1) % n });
      if (key.downArrow) return set(state, { ...phase, cursor: (phase.cursor + 1) % n });
      const digit = /^[1-9]$/.test(input) ? Number(input) : 0;
      if (digit >= 1 && digit <= n) {
        const selected = multi ? toggle(phase.selected, digit) : [digit];
        return set(state, { ...phase, cursor: digit - 1, selected });
      }
      if (input === ' ') return set(state, { ...phase, selected: multi ? toggle(phase.selected, phase.cursor + 1) : [phase.cursor + 1] });
      if (key.return) {
        const selected = phase.selected.length ? phase.selected : [phase.cursor + 1];
        return submit(state, { kind: 'choice', selected });
      }
      return { state };
    }
    case 'recall-typing':
      if (key.return) return set(state, { name: 'recall-revealed', text: phase.text });
      return set(state, { ...phase, text: edit(phase.text, input, key, false) });
    case 'recall-revealed':
      if (/^[1-4]$/.test(input)) return submit(state, { kind: 'recall', text: phase.text, rating: Number(input) as RatingValue });
      return { state };
    case 'estimate-typing': {
      const value = parseEstimate(phase.text);
      if (key.return) return value === undefined ? { state } : submit(state, { kind: 'estimate', text: phase.text.trim(), value });
      return set(state, { ...phase, text: edit(phase.text, input, key, false) });
    }
    case 'design-typing':
      if (key.ctrl && input === 'd') return { state: toRubric(state, phase.text, event.at - phase.startedAt) };
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
        return { state: { ...state, phase: phaseFor(currentCard(state.session), event.at) } };
      }
      return { state };
    case 'done':
      return { state };
  }
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

/** Typing into a text field: printable input appends, backspace deletes; Enter is a newline when multi-line. */
function edit(text: string, input: string, key: Keys, multiline: boolean): string {
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.return) return multiline ? `${text}\n` : text;
  if (key.ctrl || key.upArrow || key.downArrow || key.tab) return text;
  return text + input;
}
