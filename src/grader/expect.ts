import { CheckFailure } from './check-failure.js';

/**
 * True when every field named in `expected` has the same value in `received` (recursively for plain
 * objects; arrays compare element by element and must have the same length). Fields the check does not
 * name are ignored, so a lab's driver may reply with more than a check looks at.
 */
export function matches(received: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(received, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(received) && received.length === expected.length
      && expected.every((e, i) => matches(received[i], e));
  }
  if (received === null || typeof received !== 'object' || Array.isArray(received)) return false;
  const r = received as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) =>
    v === undefined ? !(k in r) || r[k] === undefined : matches(r[k], v));
}

/** Fails the check unless `received` matches `expected` (see `matches`). */
export function expectMatch(received: unknown, expected: unknown, message = 'the reply is not what the contract says'): void {
  if (!matches(received, expected)) throw new CheckFailure(message, { expected, received });
}

/** Fails the check with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string, detail: { expected?: unknown; received?: unknown } = {}): asserts condition {
  if (!condition) throw new CheckFailure(message, detail);
}
