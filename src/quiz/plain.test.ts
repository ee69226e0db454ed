import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuiz, QuizOptions } from '../cli/quiz.js';
import { openStore } from '../progress/store.js';
import { quizRecords } from './records.js';
import { letterOf, optionOrder } from './shuffle.js';
import { fixtureBankDir, testContext } from './test-support/fixture-bank.js';

const T0 = new Date('2025-03-03T12:00:00.000Z');
const SEED = 7;
const opts = (o: Partial<QuizOptions> = {}) => QuizOptions.parse({ seed: SEED, ...o });
const tempHome = () => mkdtempSync(join(tmpdir(), 'sysdesign-home-'));

/** The letters that name `originals` (indices in the YAML) when the card at `position` of a session shows its options. */
const letters = (id: string, count: number, position: number, originals: number[]) => {
  const order = optionOrder(count, SEED, id, position);
  return originals.map((o) => letterOf(order.indexOf(o))).sort().join(',');
};

/** A second topic, so new cards have topics to interleave; its estimate's answer is 10,000. */
const OTHER = `topic: other
title: Another topic
questions:
  - id: other.pick
    kind: choice
    plan: [hld.scale.caching]
    prompt: Which layer answers a repeated GET fastest?
    options: [The origin database, A CDN edge cache, The application server, A message queue]
    answer: [1]
    explanation: An edge cache is closest to the client.
  - id: other.estimate
    kind: estimate
    plan: [hld.scale.caching]
    prompt: 1 million requests arrive over 100 seconds. How many requests per second is that?
    answer: 10000
    unit: requests/s
    explanation: 1,000,000 / 100 s = 10,000 requests/s.
`;

async function session(home: string, bank: string, now: Date, lines: string[], o: Partial<QuizOptions> = {}) {
  const t = testContext({ home, bank, now, input: `${lines.join('\n')}\n` });
  const code = await runQuiz(opts(o), t.ctx);
  return { code, out: t.out(), err: t.err(), records: quizRecords(await openStore(home).read()) };
}

describe('quiz in plain mode (scripted, fixed clock, fixed seed)', () => {
  it('shuffles options, interleaves topics, and brings an "again" card back in the same session', async () => {
    const home = tempHome();
    const bank = fixtureBankDir({ 'other.yaml': OTHER });
    // New cards, one topic after the other: single, pick, multi, estimate, recall, design. The single
    // answered wrong at card 1 comes back 3 cards later, as card 5.
    const wrongSingle = letters('demo.single', 3, 0, [0]);
    const { code, out, records } = await session(home, bank, T0, [
      wrongSingle,                                          // 1 demo.single: wrong -> again
      letters('other.pick', 4, 1, [1]),                     // 2 other.pick: right
      letters('demo.multi', 4, 2, [0, 1, 3]),               // 3 demo.multi: right
      '12k',                                                // 4 other.estimate: within 2x, not exact
      letters('demo.single', 3, 4, [1]),                    // 5 demo.single again: right
      'many misses on one key,', 'single-flight', '', '3',  // 6 demo.recall: two lines, then good
      'Stateless servers behind a load balancer.', 'Keys: base62 of a counter.', '.', '1,2,4', // 7 design
    ]);
    expect(code).toBe(0);
    const headers = out.split('\n').filter((l) => l.startsWith('Card '));
    expect(headers).toEqual([
      'Card 1 of 6 · A demo topic · single choice',
      'Card 2 of 7 · Another topic · single choice',
      'Card 3 of 7 · A demo topic · select all that apply',
      'Card 4 of 7 · Another topic · estimate',
      'Card 5 of 7 · A demo topic · single choice · again',
      'Card 6 of 7 · A demo topic · recall',
      'Card 7 of 7 · A demo topic · design prompt',
    ]);
    expect(out).not.toMatch(/demo\.single|other\.pick|demo\.design/);
    // The options as shown follow the seeded order, not the file's; a card shown again is reshuffled.
    const shown = (position: number) => optionOrder(3, SEED, 'demo.single', position).map((o, p) => `  ${letterOf(p)}) ${['Write-through', 'Cache-aside', 'Write-behind'][o]}`).join('\n');
    expect(out).toContain(shown(0));
    expect(out).toContain(shown(4));
    expect([optionOrder(3, SEED, 'demo.single', 0), optionOrder(4, SEED, 'demo.multi', 2)]).not.toEqual([[0, 1, 2], [0, 1, 2, 3]]);
    // The result shows the pick and the right option, then the explanation.
    expect(out).toMatch(/\(•\) [a-c]\) Write-through {2}✘ your pick/);
    expect(out).toMatch(/\( \) [a-c]\) Cache-aside {2}✔ right \(not picked\)\n[\s\S]*Cache-aside writes the database/);
    expect(out).toContain('before that, it comes back later in this session');
    expect(out).toContain('✔ Within 2×: the answer is 10,000 requests/s (you said 12,000).');
    expect(out).toContain('1,000,000 / 100 s = 10,000 requests/s.');
    expect(out).toContain('Covered 3 of 5 points (57% by weight).');
    expect(out).toContain('Score: 4 of 6 right (67%)');
    expect(out).toContain('Relearnt in this session: 1 card came back after "again".');

    expect(records.reviews.map((r) => [r.question, r.rating, r.correct])).toEqual([
      ['demo.single', 1, false], ['other.pick', 3, true], ['demo.multi', 3, true], ['other.estimate', 2, true],
      ['demo.single', 3, true], ['demo.recall', 3, true], ['demo.design', 2, false],
    ]);
    // The review keeps option identities (indices in the file), not the letters on screen.
    expect(records.reviews[0]).toMatchObject({ selected: [0], shown: optionOrder(3, SEED, 'demo.single', 0) });
    expect(records.reviews[2]).toMatchObject({ selected: [0, 1, 3] });
    expect(records.reviews[3]).toMatchObject({ given: 12000 });
    expect(records.designAnswers).toEqual([expect.objectContaining({
      question: 'demo.design', covered: ['requirements.0', 'architecture.0', 'deepDives.0'], score: 4 / 7,
      answer: 'Stateless servers behind a load balancer.\nKeys: base62 of a counter.',
    })]);
    expect(records.reviews.find((r) => r.question === 'demo.recall')?.correct).toBe(true);
    // Flash cards keep FSRS's minute steps; a design prompt scored in part comes back in days.
    expect(records.cards['demo.multi'].fsrs.due).toBe('2025-03-03T12:10:00.000Z');
    expect(Date.parse(String(records.cards['demo.design'].fsrs.due)) - T0.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(records.sessions).toEqual([expect.objectContaining({ mode: 'drill', asked: 6, correct: 4 })]);
  });

  it('takes due cards first, then new ones up to the daily limit', async () => {
    const home = tempHome();
    const bank = fixtureBankDir();
    await session(home, bank, T0, [], { setNewPerDay: 2 });
    const first = await session(home, bank, T0, [letters('demo.single', 3, 0, [1]), letters('demo.multi', 4, 1, [0, 1, 3])]);
    expect(first.records.reviews.map((r) => r.question)).toEqual(['demo.single', 'demo.multi']);
    const limitReached = await session(home, bank, T0, []);
    expect(limitReached.out).toContain("Nothing due now, and today's 2 new cards are done. The next card is due");
    // Fifteen minutes later both cards are due again; the limit still holds back the two new ones.
    const later = await session(home, bank, new Date(T0.getTime() + 15 * 60_000), ['q']);
    expect(later.out).toContain('Card 1 of 2 · A demo topic · single choice');
  });

  it('counts a card queued by a failed lab check as due', async () => {
    const home = tempHome();
    const bank = fixtureBankDir();
    await session(home, bank, T0, [letters('demo.single', 3, 0, [1])], { count: 1 });
    await openStore(home).update((p) => {
      const quiz = p.quiz as { cards: Record<string, Record<string, unknown>> };
      quiz.cards['demo.single'].queuedAt = T0.toISOString();
    });
    const { out, records } = await session(home, bank, T0, [letters('demo.single', 3, 0, [1])], { count: 1 });
    expect(out).toContain('Which cache pattern deletes the key on write?');
    expect(records.cards['demo.single'].queuedAt).toBeUndefined();
  });

  it('treats the carriage returns terminals send as newlines, never storing one', async () => {
    const home = tempHome();
    const t = testContext({ home, bank: fixtureBankDir(), now: T0, input: 'Servers behind a balancer,\rkeys from a counter.\r\n.\r\n-\r\n' });
    await runQuiz(opts({ kind: 'design' }), t.ctx);
    const records = quizRecords(await openStore(home).read());
    expect(records.designAnswers[0].answer).toBe('Servers behind a balancer,\nkeys from a counter.');
  });

  it('asks again after an unreadable line, and stops on "q" keeping what was answered', async () => {
    const right = letters('demo.single', 3, 0, [1]);
    const { out, records } = await session(tempHome(), fixtureBankDir(), T0, ['7', 'a,b', 'z', right, 'q']);
    expect(out.match(/Expected one letter from a to c; try again \(or "q" to stop\)/g)).toHaveLength(3);
    expect(out).toContain('Score: 1 of 1 right (100%)');
    expect(records.reviews).toHaveLength(1);
  });

  it('runs an exam: a mock interview with a clock, then recall questions on the prompt\'s subject', async () => {
    const { out, records } = await session(tempHome(), fixtureBankDir(), T0, ['cache and 301', '.', '-', 'stampede', '', '2'], { exam: true, minutes: 20 });
    // The fixture's one recall question shares the prompt's topic, so it is the exam's recall question.
    expect(out).toContain('Mock interview: one design prompt against the clock, then 1 recall question on its topics.');
    expect(out).toContain('Suggested time: 20 minutes (the clock starts now).');
    expect(out).toContain('Time: 0 s used of 20 min, 20 min 0 s left.');
    expect(out).toContain('Covered 0 of 5 points (0% by weight).');
    expect(out).toContain('Time used: 0 s');
    expect(records.sessions[0]).toMatchObject({ mode: 'exam', asked: 2, correct: 0 });
  });

  it('filters by topic, plan item and kind; an unknown one is a usage error with a suggestion', async () => {
    const { out } = await session(tempHome(), fixtureBankDir(), T0, ['stampede', '', '3'], { kind: 'recall' });
    expect(out).toContain('Card 1 of 1 · A demo topic · recall');
    const byPlan = await session(tempHome(), fixtureBankDir(), T0, ['q'], { plan: 'case.url-shortener' });
    expect(byPlan.out).toContain('Design a URL shortener');
    await expect(session(tempHome(), fixtureBankDir(), T0, [], { topic: 'dmeo' })).rejects.toThrow(/no topic named "dmeo"/);
  });

  it('reports a bad question file with its location and still quizzes from the others', async () => {
    const bank = fixtureBankDir({ 'broken.yaml': 'topic: broken\ntitle: Broken\nquestions:\n  - id: broken.q\n    kind: choice\n    plan: [x]\n    prompt: Which one is it, really?\n    options: [a, b, c]\n    answer: [5]\n    explanation: There is no sixth option.\n' });
    const { code, err, out } = await session(tempHome(), bank, T0, [letters('demo.single', 3, 0, [1])], { count: 1 });
    expect(err).toMatch(/broken\.yaml:9:\d+: answer 5 points at no option .*\(field questions\[0\]\.answer\[0\]\)/);
    expect(out).toContain('✔ Right.');
    expect(code).toBe(2);
  });
});
