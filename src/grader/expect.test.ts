import { describe, expect, it } from 'vitest';
import { CheckFailure } from './check-failure.js';
import { expectMatch, matches } from './expect.js';

describe('matches', () => {
  it('ignores fields the expectation does not name', () => {
    expect(matches({ state: 'open', extra: 1 }, { state: 'open' })).toBe(true);
  });
  it('compares nested objects and arrays exactly by length', () => {
    expect(matches({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toBe(true);
    expect(matches({ a: { b: [1, 2, 3] } }, { a: { b: [1, 2] } })).toBe(false);
  });
  it('treats an undefined expectation as "absent"', () => {
    expect(matches({ error: 'x' }, { error: undefined })).toBe(false);
    expect(matches({}, { error: undefined })).toBe(true);
  });
  it('does not confuse arrays, null and objects', () => {
    expect(matches(null, {})).toBe(false);
    expect(matches([], {})).toBe(false);
  });
});

describe('expectMatch', () => {
  it('throws a CheckFailure carrying expected and received', () => {
    try {
      expectMatch({ state: 'closed' }, { state: 'open' }, 'must be open');
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CheckFailure);
      expect(e).toMatchObject({ message: 'must be open', expected: { state: 'open' }, received: { state: 'closed' }, hasExpected: true });
    }
  });
});
