import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from './events.js';
import { loadCatalog } from '../catalog/catalog.js';
import { failsAsNamed, listFixtures, verifySubject } from './verify-lab.js';

const failed = (id: string, message: string): CheckResult => ({
  id, title: id, status: 'failed', durationMs: 1,
  failure: { message, hasExpected: false, steps: [], programOutput: [], seed: 1 },
});

describe('failsAsNamed', () => {
  it('requires the named check', () => {
    expect(failsAsNamed({ stage: 's', check: 'tie', why: 'ten chars at least' }, failed('tie', 'crashed'))).toBe(true);
    expect(failsAsNamed({ stage: 's', check: 'tie', why: 'ten chars at least' }, failed('other', 'crashed'))).toBe(false);
  });

  it('requires the named check and the named words of its message', () => {
    const expectation = { stage: 's', check: 'tie', message: 'own point', why: 'ten chars at least' };
    expect(failsAsNamed(expectation, failed('tie', 'the node keeps its own point'))).toBe(true);
    expect(failsAsNamed(expectation, failed('tie', 'TypeError: x is undefined'))).toBe(false);
    expect(failsAsNamed(expectation, failed('crash', 'the node keeps its own point'))).toBe(false);
    expect(failsAsNamed(expectation, undefined)).toBe(false);
  });

  it('accepts any check of a named list', () => {
    const expectation = { stage: 's', check: ['hammer-a', 'hammer-b'], why: 'ten chars at least' };
    expect(failsAsNamed(expectation, failed('hammer-b', 'exited with code 66'))).toBe(true);
    expect(failsAsNamed(expectation, failed('callback', 'exited with code 66'))).toBe(false);
  });
});

describe('verifySubject with namedStageOnly', () => {
  it('grades a fixture at its named stage alone, the stages before it counted as passed', async () => {
    const catalog = await loadCatalog();
    const lab = catalog.lab('rate-limiter');
    const fixture = (await listFixtures(lab, 'ts')).find((s) => s.kind === 'fixture' && s.name === 'fixed-window');
    expect(fixture?.kind === 'fixture' && fixture.expect.stage).toBe('sliding-window');
    const v = await verifySubject(catalog, lab, 'ts', fixture!, { seed: 1, env: process.env, signal: new AbortController().signal, namedStageOnly: true });
    expect(v.ok, `expected it ${v.expected}, but it ${v.got}`).toBe(true);
    expect(v.expected).toMatch(/graded at that stage alone$/);
    expect(v.result?.stages.map((s) => `${s.id} ${s.status}`)).toEqual([
      'token-bucket skipped', 'refill skipped', 'allow-n skipped', 'sliding-window failed',
    ]);
  }, 60_000);

  it('says which stages passed when the named stage passes (a fixture that lost its bug)', async () => {
    const catalog = await loadCatalog();
    const lab = catalog.lab('rate-limiter');
    const fixed = { kind: 'fixture' as const, name: 'no-bug', dir: join(lab.dir, lab.tracks.ts.reference), expect: { stage: 'sliding-window', check: 'x', why: 'the reference, named as a fixture' } };
    const v = await verifySubject(catalog, lab, 'ts', fixed, { seed: 1, env: process.env, signal: new AbortController().signal, namedStageOnly: true });
    expect(v.ok).toBe(false);
    expect(v.got).toBe('passed every stage it was graded on (4 sliding-window)');
  }, 60_000);
});
