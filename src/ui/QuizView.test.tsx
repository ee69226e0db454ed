import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../catalog/questions.js';
import { loadQuestionBank } from '../catalog/questions.js';
import { fixtureBankDir } from '../quiz/test-support/fixture-bank.js';
import { startSession, type CardResult } from '../quiz/session.js';
import { QuizView } from './QuizView.js';
import { initialView, reduceView, type Keys, type ViewState } from './quiz-view-state.js';

const T0 = new Date('2025-03-03T12:00:00Z');
const cards = async (): Promise<BankQuestion[]> => (await loadQuestionBank({ questionsDir: fixtureBankDir() })).questions;
const key = (input: string, k: Keys = {}) => ({ type: 'key' as const, input, key: k, at: T0.getTime() });
const tick = () => new Promise((r) => setTimeout(r, 20));
/** Waits (bounded) until a rendered frame shows `text`: ink renders asynchronously, later on a loaded machine. */
async function shown(frames: () => string[], text: string | RegExp): Promise<void> {
  const has = () => frames().some((f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  for (let waited = 0; !has() && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  expect(frames().join('\n---\n')).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}

describe('quiz screen reducer', () => {
  it('walks choice, recall and design cards to the end', async () => {
    const [single, multi, recall, design] = await cards();
    let s: ViewState = initialView(startSession([single, multi, recall, design]), T0.getTime());
    const step = (e: Parameters<typeof reduceView>[1]) => { const r = reduceView(s, e); s = r.state; return r.submitted; };
    step(key('', { downArrow: true }));
    expect(s.phase).toMatchObject({ name: 'choice', cursor: 1 });
    expect(step(key('', { return: true }))).toMatchObject({ correct: true, rating: 3 });
    step(key(' '));
    expect(s.phase.name).toBe('choice');
    step(key('1')); step(key('4'));
    expect(s.phase).toMatchObject({ selected: [1, 4] });
    expect(step(key('', { return: true }))).toMatchObject({ correct: false, rating: 1 });
    step(key('', { return: true }));
    for (const c of 'stampede') step(key(c));
    step(key('', { backspace: true }));
    expect(s.phase).toMatchObject({ name: 'recall-typing', text: 'stamped' });
    step(key('', { return: true }));
    expect(s.phase.name).toBe('recall-revealed');
    expect(step(key('4'))).toMatchObject({ rating: 4, correct: true });
    step(key('', { return: true }));
    for (const c of 'use a cache') step(key(c));
    step({ type: 'key', input: 'd', key: { ctrl: true }, at: T0.getTime() + 60_000 });
    expect(s.phase).toMatchObject({ name: 'design-rubric', covered: [], elapsedMs: 60_000 });
    step(key('', { downArrow: true })); step(key(' ')); step(key('', { downArrow: true })); step(key(' '));
    const result = step(key('', { return: true })) as CardResult;
    expect(result).toMatchObject({ covered: ['architecture.0', 'architecture.1'] });
    expect(result.score).toBeCloseTo(3 / 7);
    step(key('', { return: true }));
    expect(s.phase).toEqual({ name: 'done', quit: false });
  });

  it('Esc ends the session', async () => {
    const s = initialView(startSession(await cards()), 0);
    expect(reduceView(s, key('', { escape: true })).state.phase).toEqual({ name: 'done', quit: true });
  });
});

describe('QuizView (keys in, frames out)', () => {
  it('shows the progress, takes a number key, shows the result and the summary', async () => {
    const [single, , recall] = await cards();
    const recorded: string[] = [];
    let finished = false;
    const { stdin, lastFrame, frames } = render(<QuizView session={startSession([single, recall])} now={() => T0}
      record={async (r) => { recorded.push(r.question.id); return new Date('2025-03-03T12:10:00Z'); }}
      onFinish={() => { finished = true; }} />);
    // Each step looks only at the frames drawn after its key, so an earlier frame cannot satisfy it.
    let from = 0;
    const after = () => frames.slice(from);
    const press = (key: string) => { from = frames.length; stdin.write(key); };
    await shown(after, 'Card 1 of 2 [##########----------]');
    expect(lastFrame()).toContain('2) Cache-aside');
    press('2'); await shown(after, /› \[x\] 2\) Cache-aside/);
    press('\r'); await shown(after, '✔ Right.');
    expect(lastFrame()).toContain('Next review:');
    press('\r'); await shown(after, 'Card 2 of 2 [####################]');
    press('x'); await tick();
    press('\r'); await shown(after, 'Key points');
    press('1'); await shown(after, 'Rated again.');
    press('\r'); await shown(after, 'Score: 1 of 2 right (50%)');
    expect(recorded).toEqual(['demo.single', 'demo.recall']);
    expect(finished).toBe(true);
  });

  it('counts down on a design prompt', async () => {
    const [, , , design] = await cards();
    const { lastFrame, frames } = render(<QuizView session={startSession([design], 'exam')} now={() => T0} minutes={25}
      record={async () => T0} onFinish={() => undefined} />);
    await shown(() => frames, 'Time left 25:00 of 25 min');
    expect(lastFrame()).toContain('Ctrl-D when done');
  });
});
