import { beforeAll, describe, expect, it } from 'vitest';
import { letterOf, optionOrder } from '../quiz/shuffle.js';
import { fixtureBankDir } from '../quiz/test-support/fixture-bank.js';
import { runCli, tempDir } from './helpers/run-cli.js';

// Runs the built binary (npm run build first) with scripted stdin (not a TTY: plain mode) and a fixed clock.
const ENV = { SYSDESIGN_NOW: '2025-03-03T12:00:00Z', TZ: 'UTC' };

describe('sysdesign quiz (built binary, plain mode)', () => {
  let bank: string;
  beforeAll(() => { bank = fixtureBankDir(); });

  it('documents the plain protocol in --help', async () => {
    const r = await runCli(['quiz', '--help'], { home: await tempDir() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Plain mode (--plain, or whenever stdin is not a terminal)');
    expect(r.stdout).toContain('an empty line (or a line holding a single ".")');
    expect(r.stdout).toContain('estimate  a number');
    expect(r.stdout).toContain('SYSDESIGN_NOW');
  });

  it('scripts a session (fixed clock and seed), then shows the stats as JSON', async () => {
    const home = await tempDir();
    const env = { ...ENV, SYSDESIGN_QUESTIONS: bank };
    const letter = (id: string, count: number, position: number, originals: number[]) =>
      originals.map((o) => letterOf(optionOrder(count, 11, id, position).indexOf(o))).sort().join(',');
    const input = [letter('demo.single', 3, 0, [1]), letter('demo.multi', 4, 1, [0, 1, 3]), 'single-flight', '', '3',
      'load balancer, cache, base62 counter', '.', '1,2,4'].join('\n');
    const r = await runCli(['quiz', '--seed', '11'], { home, env, input: `${input}\n` });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Card 1 of 4 · A demo topic · single choice');
    expect(r.stdout).not.toContain('demo.single');
    expect(r.stdout).toContain('Covered 3 of 5 points (57% by weight).');
    expect(r.stdout).toContain('Score: 3 of 4 right (75%)');
    expect(r.stdout).toContain('2025-03-03 12:10  Which cache pattern deletes the key on write?');

    const stats = await runCli(['quiz', '--stats', '--json'], { home, env });
    expect(stats.exitCode).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 4, new: 0, learning: 3, review: 1, reviews30d: 4, correct30d: 3, streak: 1, design: { total: 1, dueToday: 0 } });
    const text = await runCli(['quiz', '--stats'], { home, env });
    expect(text.stdout).toContain('Streak: 1 day');
    expect(text.stdout).toContain('scheduled on their own, in days (never minutes)');
  });

  it('runs the real bank: a topic, and an unknown topic is exit 2 with a suggestion', async () => {
    const home = await tempDir();
    const r = await runCli(['quiz', '--topic', 'caching', '--count', '1', '--kind', 'choice', '--plain'], { home, env: ENV, input: 'a\n' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Card 1 of \d · Caching[^·]* · (single choice|select all that apply)/);
    const bad = await runCli(['quiz', '--topic', 'cachng'], { home, env: ENV });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "caching"?');
  });

  it('sets the daily new-card limit', async () => {
    const home = await tempDir();
    const env = { ...ENV, SYSDESIGN_QUESTIONS: bank };
    expect((await runCli(['quiz', '--set-new-per-day', '1'], { home, env })).stdout).toContain('New cards per day: 1.');
    const r = await runCli(['quiz'], { home, env, input: 'q\n' });
    expect(r.stdout).toContain('Card 1 of 1');
  });
});
