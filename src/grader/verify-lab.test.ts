import { describe, expect, it } from 'vitest';
import type { CheckResult } from './events.js';
import { failsAsNamed } from './verify-lab.js';

const failed = (id: string, message: string): CheckResult => ({
  id, title: id, status: 'failed', durationMs: 1,
  failure: { message, hasExpected: false, steps: [], programOutput: [], seed: 1 },
});

describe('failsAsNamed', () => {
  it('accepts any failing check when the fixture names only the stage', () => {
    expect(failsAsNamed({ stage: 's', why: 'ten chars at least' }, failed('other', 'crashed'))).toBe(true);
  });

  it('requires the named check and the named words of its message', () => {
    const expectation = { stage: 's', check: 'tie', message: 'own point', why: 'ten chars at least' };
    expect(failsAsNamed(expectation, failed('tie', 'the node keeps its own point'))).toBe(true);
    expect(failsAsNamed(expectation, failed('tie', 'TypeError: x is undefined'))).toBe(false);
    expect(failsAsNamed(expectation, failed('crash', 'the node keeps its own point'))).toBe(false);
    expect(failsAsNamed(expectation, undefined)).toBe(false);
  });
});
