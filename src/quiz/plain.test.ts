import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuiz, QuizOptions } from '../cli/quiz.js';
import { openStore } from '../progress/store.js';
import { quizRecords } from './records.js';
import { fixtureBankDir, testContext } from './test-support/fixture-bank.js';

const T0 = new Date('2025-03-03T12:00:00.000Z');
const opts = (o: Partial<QuizOptions> = {}) => QuizOptions.parse(o);
const tempHome = () => mkdtempSync(join(tmpdir(), 'sysdesign-home-'));

async function session(home: string, bank: string, now: Date, lines: string[], o: Partial<QuizOptions> = {}) {
  const t = testContext({ home, bank, now, input: `${lines.join('\n')}\n` });
  const code = await runQuiz(opts(o), t.ctx);
  return { code, out: t.out(), err: t.err(), records: quizRecords(await openStore(home).read()) };
}

describe('quiz in plain mode (scripted, fixed clock)', () => {
  it('grades right and wrong answers, a self-rating and a design answer, and stores every review', async () => {
    const home = tempHome();
    const bank = fixtureBankDir();
    const { code, out, records } = await session(home, bank, T0, [
      '2',                       // demo.single: right
      '1,2',                     // demo.multi: wrong (the answer is 1,2,4)
      'many misses, single-flight', '3',   // demo.recall: rated good
      'Requirements first, then a load balancer in front of stateless servers.',
      'Keys are base62 of a counter.',
      '.',
      '1,2,4',                   // covered points 1, 2 and 4: weights 1+1+2 of 7
    ]);
    expect(code).toBe(0);
    expect(out).toContain('✔ Right.');
    expect(out).toContain('✘ Wrong: the answer is 1,2,4.');
    expect(out).toContain('Rated good.');
    expect(out).toMatch(/ {3} {3}1\. Functional/);
    expect(out).toMatch(/ {3} {3}3\. Cache hot redirects/);
    expect(out).toContain('Covered 3 of 5 points (57%).');
    expect(out).toContain('Score: 2 of 4 right (50%)');
    expect(out).toMatch(/demo\s+2\/4/);

    expect(records.reviews.map((r) => [r.question, r.rating, r.correct])).toEqual([
      ['demo.single', 3, true], ['demo.multi', 1, false], ['demo.recall', 3, true], ['demo.design', 2, false],
    ]);
    expect(records.reviews.every((r) => r.at === T0.toISOString())).toBe(true);
    expect(records.reviews[3].score).toBeCloseTo(4 / 7);
    expect(records.designAnswers).toEqual([expect.objectContaining({
      question: 'demo.design', covered: ['requirements.0', 'architecture.0', 'deepDives.0'], score: 4 / 7,
      answer: expect.stringContaining('base62'),
    })]);
    // FSRS learning steps (1 min, 10 min), no fuzz: good -> +10 min, again -> +1 min, hard -> +5.5 min.
    expect(records.cards['demo.single'].fsrs.due).toBe('2025-03-03T12:10:00.000Z');
    expect(records.cards['demo.multi'].fsrs.due).toBe('2025-03-03T12:01:00.000Z');
    expect(records.cards['demo.recall'].fsrs.due).toBe('2025-03-03T12:10:00.000Z');
    expect(records.cards['demo.design'].fsrs.due).toBe('2025-03-03T12:06:00.000Z');
    expect(records.cards['demo.single']).toMatchObject({ lastCorrect: true, lastReviewedAt: T0.toISOString() });
    expect(records.sessions).toEqual([expect.objectContaining({ mode: 'drill', asked: 4, correct: 2, topics: ['demo'] })]);
  });

  it('takes due cards first, then new ones up to the daily limit', async () => {
    const home = tempHome();
    const bank = fixtureBankDir();
    await session(home, bank, T0, [], { setNewPerDay: 2 });
    const first = await session(home, bank, T0, ['2', '1,2,4']);
    expect(first.records.reviews.map((r) => r.question)).toEqual(['demo.single', 'demo.multi']);
    const limitReached = await session(home, bank, T0, []);
    expect(limitReached.out).toContain("Nothing due now, and today's 2 new cards are done. The next card is due");
    // Fifteen minutes later both cards are due again; the limit still holds back the two new ones.
    const later = await session(home, bank, new Date(T0.getTime() + 15 * 60_000), ['2', '1,2,4']);
    expect(later.out.match(/Card \d of 2 · demo · choice/g)).toHaveLength(2);
    // The next day: the due cards, then two new ones.
    const nextDay = await session(home, bank, new Date('2025-03-10T12:00:00Z'), ['2', '1,2,4', 'x', '4', 'q']);
    expect(nextDay.out).toMatch(/Card 1 of 4 · demo · choice · demo.single/);
    expect(nextDay.out).toMatch(/Card 3 of 4 · demo · recall/);
    expect(nextDay.records.cards['demo.recall'].lastCorrect).toBe(true);
    expect(nextDay.records.cards['demo.design']).toBeUndefined();
  });

  it('counts a card queued by a failed lab check as due', async () => {
    const home = tempHome();
    const bank = fixtureBankDir();
    await session(home, bank, T0, ['2'], { count: 1 });
    await openStore(home).update((p) => {
      const quiz = p.quiz as { cards: Record<string, Record<string, unknown>> };
      quiz.cards['demo.single'].queuedAt = T0.toISOString();
    });
    const { out, records } = await session(home, bank, T0, ['2'], { count: 1 });
    expect(out).toContain('demo.single');
    expect(records.cards['demo.single'].queuedAt).toBeUndefined();
  });

  it('asks again after an unreadable line, and stops on "q" keeping what was answered', async () => {
    const { out, records } = await session(tempHome(), fixtureBankDir(), T0, ['7', 'two', '2', 'q']);
    expect(out).toContain('Expected numbers from 1 to 3, e.g. 2 or 1,3; try again');
    expect(out).toContain('Score: 1 of 1 right (100%)');
    expect(records.reviews).toHaveLength(1);
  });

  it('runs an exam: the design prompt, then recall questions', async () => {
    const { out, records } = await session(tempHome(), fixtureBankDir(), T0, ['cache and 301', '.', '-', 'stampede', '2'], { exam: true, minutes: 20 });
    expect(out).toContain('Mock interview: one design prompt, then 1 recall question.');
    expect(out).toContain('Suggested time: 20 minutes.');
    expect(out).toContain('Covered 0 of 5 points (0%).');
    expect(records.sessions[0]).toMatchObject({ mode: 'exam', asked: 2, correct: 0 });
  });

  it('filters by topic, plan item and kind; an unknown one is a usage error with a suggestion', async () => {
    const { out } = await session(tempHome(), fixtureBankDir(), T0, ['stampede', '3'], { kind: 'recall' });
    expect(out).toContain('Card 1 of 1 · demo · recall');
    const byPlan = await session(tempHome(), fixtureBankDir(), T0, ['q'], { plan: 'case.url-shortener' });
    expect(byPlan.out).toContain('demo.design');
    await expect(session(tempHome(), fixtureBankDir(), T0, [], { topic: 'dmeo' })).rejects.toThrow(/no topic named "dmeo"/);
  });

  it('reports a bad question file with its location and still quizzes from the others', async () => {
    const bank = fixtureBankDir({ 'broken.yaml': 'topic: broken\ntitle: Broken\nquestions:\n  - id: broken.q\n    kind: choice\n    plan: [x]\n    prompt: Which one is it, really?\n    options: [a, b, c]\n    answer: [5]\n    explanation: There is no sixth option.\n' });
    const { code, err, out } = await session(tempHome(), bank, T0, ['2'], { count: 1 });
    expect(err).toMatch(/broken\.yaml:9:\d+: answer 5 points at no option .*\(field questions\[0\]\.answer\[0\]\)/);
    expect(out).toContain('✔ Right.');
    expect(code).toBe(2);
  });
});
