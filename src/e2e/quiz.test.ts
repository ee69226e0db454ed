import { beforeAll, describe, expect, it } from 'vitest';
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
    expect(r.stdout).toContain('SYSDESIGN_NOW');
  });

  it('scripts a session, then shows the stats as JSON', async () => {
    const home = await tempDir();
    const env = { ...ENV, SYSDESIGN_QUESTIONS: bank };
    const input = ['2', '1,2,4', 'single-flight', '3', 'load balancer, cache, base62 counter', '.', ''].join('\n');
    const r = await runCli(['quiz'], { home, env, input: `${input}\n` });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Card 1 of 4 · demo · choice · demo.single');
    expect(r.stdout).toContain('Covered 3 of 5 points (60%).');
    expect(r.stdout).toContain('Score: 3 of 4 right (75%)');
    expect(r.stdout).toContain('2025-03-03 12:10  demo.single');

    const stats = await runCli(['quiz', '--stats', '--json'], { home, env });
    expect(stats.exitCode).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 4, new: 0, learning: 4, review: 0, dueToday: 4, reviews30d: 4, correct30d: 3, streak: 1 });
    const text = await runCli(['quiz', '--stats'], { home, env });
    expect(text.stdout).toContain('Streak: 1 day');
  });

  it('runs the real bank: a topic, and an unknown topic is exit 2 with a suggestion', async () => {
    const home = await tempDir();
    const r = await runCli(['quiz', '--topic', 'caching', '--count', '1', '--kind', 'choice', '--plain'], { home, env: ENV, input: '1\n' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Card 1 of 1 · caching · choice/);
    const bad = await runCli(['quiz', '--topic', 'cachng'], { home, env: ENV });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "caching"?');
  });

  it('sets the daily new-card limit', async () => {
    const home = await tempDir();
    const env = { ...ENV, SYSDESIGN_QUESTIONS: bank };
    expect((await runCli(['quiz', '--set-new-per-day', '1'], { home, env })).stdout).toContain('New cards per day: 1.');
    const r = await runCli(['quiz'], { home, env, input: '2\n' });
    expect(r.stdout).toContain('Card 1 of 1');
  });
});
