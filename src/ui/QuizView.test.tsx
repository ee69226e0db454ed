import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../catalog/questions.js';
import { loadQuestionBank } from '../catalog/questions.js';
import { fixtureBankDir } from '../quiz/test-support/fixture-bank.js';
import { shownOrder, startSession, type CardResult } from '../quiz/session.js';
import { letterOf } from '../quiz/shuffle.js';
import { QuizFrame, QuizView } from './QuizView.js';
import { initialView, reduceView, type Keys, type ViewState } from './quiz-view-state.js';

const T0 = new Date('2025-03-03T12:00:00Z');
const cards = async (): Promise<BankQuestion[]> => (await loadQuestionBank({ questionsDir: fixtureBankDir() })).questions;
const key = (input: string, k: Keys = {}) => ({ type: 'key' as const, input, key: k, at: T0.getTime() });
/** Waits (bounded) until a rendered frame shows `text`: ink renders asynchronously, later on a loaded machine. */
async function shown(frames: () => string[], text: string | RegExp): Promise<void> {
  const has = () => frames().some((f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  for (let waited = 0; !has() && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  expect(frames().join('\n---\n')).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}
/** The letter on screen of the current card's option `original`. */
const letterFor = (s: ViewState, original: number) => letterOf(shownOrder(s.session).indexOf(original));

describe('quiz screen reducer', () => {
  it('walks choice, recall and design cards to the end, answering in original option indices', async () => {
    const [single, multi, recall, design] = await cards();
    let s: ViewState = initialView(startSession([single, multi, recall, design], 'drill', 3), T0.getTime());
    const step = (e: Parameters<typeof reduceView>[1]) => { const r = reduceView(s, e); s = r.state; return r.submitted; };
    // Enter with nothing selected answers nothing; it says how to choose.
    expect(step(key('', { return: true }))).toBeUndefined();
    expect(s.phase).toMatchObject({ name: 'choice', nudge: true });
    step(key(letterFor(s, 0))); step(key(letterFor(s, 1)));
    expect(s.phase).toMatchObject({ selected: [shownOrder(s.session).indexOf(1)] }); // single choice: one at a time
    expect(step(key('', { return: true }))).toMatchObject({ correct: true, rating: 3, answer: { selected: [1] } });
    step(key('', { return: true }));
    for (const o of [0, 1]) step(key(letterFor(s, o)));
    expect(step(key('', { return: true }))).toMatchObject({ correct: false, rating: 1, answer: { selected: [0, 1] } });
    step(key('', { return: true }));
    // The wrong multi comes back 3 cards later: after recall and design, at the end.
    expect(s.session.cards.map((c) => c.id)).toEqual(['demo.single', 'demo.multi', 'demo.recall', 'demo.design', 'demo.multi']);
    for (const c of 'stampede') step(key(c));
    step(key('', { return: true })); step(key('x'));
    expect(s.phase).toMatchObject({ name: 'recall-typing', text: 'stampede\nx' });
    step(key('d', { ctrl: true }));
    expect(s.phase.name).toBe('recall-revealed');
    expect(step(key('4'))).toMatchObject({ rating: 4, correct: true });
    step(key('', { return: true }));
    // A paste arrives as one input with "\r" between lines: newlines, never raw carriage returns.
    step(key('use a cache\r\nand a counter\rfor keys'));
    expect(s.phase).toMatchObject({ name: 'design-typing', text: 'use a cache\nand a counter\nfor keys' });
    step({ type: 'key', input: 'd', key: { ctrl: true }, at: T0.getTime() + 60_000 });
    expect(s.phase).toMatchObject({ name: 'design-rubric', covered: [], elapsedMs: 60_000 });
    step(key('', { downArrow: true })); step(key(' ')); step(key('', { downArrow: true })); step(key(' '));
    const result = step(key('', { return: true })) as CardResult;
    expect(result).toMatchObject({ covered: ['architecture.0', 'architecture.1'], answer: { text: 'use a cache\nand a counter\nfor keys' } });
    expect(result.score).toBeCloseTo(3 / 7);
    step(key('', { return: true }));
    expect(s.phase.name).toBe('choice');
    step(key('q'));
    expect(s.phase).toEqual({ name: 'done', quit: true });
  });

  it('q stops where nothing is typed; Esc with text typed asks before throwing it away', async () => {
    const [single, , recall, design] = await cards();
    expect(reduceView(initialView(startSession([single]), 0), key('q')).state.phase).toEqual({ name: 'done', quit: true });
    let s = initialView(startSession([design, recall]), 0);
    s = reduceView(s, key('q')).state; // q is a letter while typing
    expect(s.phase).toMatchObject({ name: 'design-typing', text: 'q' });
    s = reduceView(s, key('', { escape: true })).state;
    expect(s.phase.name).toBe('confirm-quit');
    s = reduceView(s, key('n')).state;
    expect(s.phase).toMatchObject({ name: 'design-typing', text: 'q' });
    s = reduceView(reduceView(s, key('', { escape: true })).state, key('y')).state;
    expect(s.phase).toEqual({ name: 'done', quit: true });
    const empty = initialView(startSession([recall]), 0);
    expect(reduceView(empty, key('', { escape: true })).state.phase).toEqual({ name: 'done', quit: true });
  });
});

describe('estimates and the exam on the screen', () => {
  const estimate = {
    id: 'e.qps', topic: 'e', topicTitle: 'Estimation', kind: 'estimate', plan: ['p'], seeds: [], unit: 'requests/s', answer: 10000,
    prompt: '1 million requests over 100 seconds: how many per second?', explanation: '1,000,000 / 100 s = 10,000 requests/s.',
  } as BankQuestion;

  it('takes a typed number: Enter on something unreadable only says how to write one', () => {
    let s = initialView(startSession([estimate]), 0);
    for (const c of 'about') s = reduceView(s, key(c)).state;
    const unreadable = reduceView(s, key('', { return: true }));
    expect(unreadable.submitted).toBeUndefined();
    expect(unreadable.state.phase).toMatchObject({ name: 'estimate-typing', nudge: true });
    s = initialView(startSession([estimate]), 0);
    s = reduceView(s, key('9.5k\r')).state; // a paste: the newline does not enter a one-line field
    expect(s.phase).toMatchObject({ text: '9.5k ' });
    const answered = reduceView(s, key('', { return: true }));
    expect(answered.submitted).toMatchObject({ verdict: 'exact', correct: true, answer: { value: 9500 } });
    const frame = render(<QuizFrame state={answered.state} clock={0} canEdit={false} colors={false} columns={80} rows={24} offset={0} />).lastFrame() ?? '';
    expect(frame).toContain('✔ Exact: 10,000 requests/s (you said 9,500).');
    expect(frame).toContain('1,000,000 / 100 s = 10,000 requests/s.');
  });

  it('ends an exam with the time used', async () => {
    const [, , recall, design] = await cards();
    let s = initialView(startSession([design, recall], 'exam'), T0.getTime());
    s = reduceView(s, { type: 'key', input: 'd', key: { ctrl: true }, at: T0.getTime() + 600_000 }).state;
    s = reduceView(s, key('', { return: true })).state;
    s = reduceView(s, { type: 'key', input: 'q', key: {}, at: T0.getTime() + 754_000 }).state;
    const frame = render(<QuizFrame state={s} clock={0} canEdit={false} colors={false} columns={80} rows={24} offset={0} />).lastFrame() ?? '';
    expect(frame).toContain('Mock interview: done');
    expect(frame).toContain('Time used: 12 min 34 s');
  });
});

describe('QuizFrame (one state drawn)', () => {
  it('draws single choice as radio buttons and select-all as checkboxes, with a cursor that needs no colour', async () => {
    const [single, multi] = await cards();
    const frame = (q: BankQuestion) => render(<QuizFrame state={initialView(startSession([q]), 0)} clock={0} canEdit={false} colors={false} columns={80} rows={24} offset={0} />).lastFrame() ?? '';
    expect(frame(single)).toMatch(/› \( \) a\) /);
    expect(frame(single)).toContain('Card 1 of 1 · A demo topic · single choice');
    expect(frame(single)).not.toContain('demo.single');
    expect(frame(multi)).toMatch(/› \[ \] a\) /);
  });

  it('keeps the header of a tall card on a 24-row screen and scrolls the body', async () => {
    const [single] = await cards();
    const tall = { ...single, prompt: Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long listing.\n`).join('\n') } as BankQuestion;
    const draw = (offset: number) => render(<QuizFrame state={initialView(startSession([tall]), 0)} clock={0} canEdit={false} colors={false} columns={80} rows={24} offset={offset} />).lastFrame() ?? '';
    const top = draw(0).split('\n');
    expect(top.length).toBeLessThanOrEqual(23);
    expect(top[0]).toContain('Card 1 of 1');
    expect(draw(0)).toMatch(/↓ \d+ more lines \(PgDn\)/);
    // The cursor's option is kept in view: the options at the bottom, the prompt's start scrolled away.
    expect(draw(0)).toMatch(/› \( \) a\)/);
    expect(draw(0)).not.toContain('Line 1 of');
    const up = draw(-100).split('\n');
    expect(up[0]).toContain('Card 1 of 1');
    expect(up.join('\n')).toContain('Line 1 of a long listing.');
  });
});

describe('QuizView (keys in, frames out)', () => {
  it('takes a letter, shows the result with the options marked, and the summary', async () => {
    const [single, , recall] = await cards();
    const recorded: string[] = [];
    let finished = false;
    const session = startSession([single, recall], 'drill', 5);
    const right = letterOf(shownOrder(session).indexOf(1));
    const { stdin, lastFrame, frames } = render(<QuizView session={session} now={() => T0} colors={false}
      record={async (r) => { recorded.push(r.question.id); return new Date('2025-03-03T12:10:00Z'); }}
      onFinish={() => { finished = true; }} />);
    // Each step looks only at the frames drawn after its key, so an earlier frame cannot satisfy it.
    let from = 0;
    const after = () => frames.slice(from);
    const press = (k: string) => { from = frames.length; stdin.write(k); };
    await shown(after, 'Card 1 of 2 · A demo topic · single choice');
    press(right); await shown(after, new RegExp(`\\(•\\) ${right}\\) Cache-aside`));
    press('\r'); await shown(after, '✔ Right.');
    expect(lastFrame()).toMatch(new RegExp(`\\(•\\) ${right}\\) Cache-aside {2}✔ right`));
    expect(lastFrame()).toContain('Cache-aside writes the database');
    press('\r'); await shown(after, 'Card 2 of 2');
    press('x'); press('\u0004'); await shown(after, 'Key points');
    press('1'); await shown(after, 'Rated again.');
    press('\r'); await shown(after, 'Card 3 of 3 · A demo topic · recall · again');
    press('\u001B'); await shown(after, 'Score: 1 of 2 right (50%)');
    expect(recorded).toEqual(['demo.single', 'demo.recall']);
    expect(finished).toBe(true);
  });

  it('runs the exam clock: elapsed and remaining', async () => {
    const [, , , design] = await cards();
    let now = T0.getTime();
    const { frames } = render(<QuizView session={startSession([design], 'exam')} now={() => new Date(now)} minutes={25} colors={false}
      record={async () => T0} onFinish={() => undefined} />);
    await shown(() => frames, 'Mock interview · Card 1 of 1');
    await shown(() => frames, 'Elapsed 0:00 · 25:00 left of 25 min');
    now += 65_000;
    await shown(() => frames, 'Elapsed 1:05 · 23:55 left of 25 min');
  });
});
