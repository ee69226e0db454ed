import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, type KvOperation } from './linearizable.js';

const op = (kind: KvOperation['kind'], args: Partial<KvOperation>, invokedAt: number, completedAt: number | undefined, outcome: KvOperation['outcome'] = 'ok'): KvOperation =>
  ({ client: 'c1', key: 'x', kind, invokedAt, completedAt, outcome, ...args });

describe('checkLinearizable', () => {
  it('accepts a sequential history and one whose concurrent ops can be ordered', () => {
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), op('read', { value: 1 }, 2, 3)]).ok).toBe(true);
    // The read overlaps the write: it may see either value.
    expect(checkLinearizable([op('write', { value: 1 }, 0, 10), op('read', { value: null }, 1, 2)]).ok).toBe(true);
    expect(checkLinearizable([op('write', { value: 1 }, 0, 10), op('read', { value: 1 }, 1, 2)]).ok).toBe(true);
  });

  it('rejects a stale read after a completed write, and names the key', () => {
    const result = checkLinearizable([op('write', { value: 1 }, 0, 1), op('read', { value: null }, 2, 3)]);
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.message).toContain('"x"');
  });

  it('rejects reads that go back in time (new then old)', () => {
    const history = [
      op('write', { value: 1 }, 0, 1), op('write', { value: 2 }, 2, 20),
      op('read', { value: 2 }, 3, 4), op('read', { value: 1 }, 5, 6),
    ];
    expect(checkLinearizable(history).ok).toBe(false);
  });

  it('models compare-and-set: success applies, a failed precondition changes nothing, unknown may go either way', () => {
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), op('cas', { from: 1, to: 2 }, 2, 3), op('read', { value: 2 }, 4, 5)]).ok).toBe(true);
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), op('cas', { from: 1, to: 2 }, 2, 3, 'fail')]).ok).toBe(false);
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), op('cas', { from: 3, to: 2 }, 2, 3, 'fail'), op('read', { value: 1 }, 4, 5)]).ok).toBe(true);
    const unknown = op('cas', { from: 1, to: 2 }, 2, undefined, 'unknown');
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), unknown, op('read', { value: 2 }, 4, 5)]).ok).toBe(true);
    expect(checkLinearizable([op('write', { value: 1 }, 0, 1), unknown, op('read', { value: 1 }, 4, 5)]).ok).toBe(true);
  });

  it('checks keys independently', () => {
    const y = (o: KvOperation) => ({ ...o, key: 'y' });
    const history = [op('write', { value: 1 }, 0, 1), y(op('write', { value: 5 }, 0, 1)), y(op('read', { value: 5 }, 2, 3)), op('read', { value: 2 }, 2, 3)];
    const result = checkLinearizable(history);
    expect(result.ok === false && result.key).toBe('x');
  });

  it('says so when a key has too many operations to search', () => {
    const many = Array.from({ length: 20 }, (_, i) => op('write', { value: i }, i, i + 1));
    const result = checkLinearizable(many, { maxOpsPerKey: 10 });
    expect(result.ok).toBe('unknown');
    if (result.ok === 'unknown') expect(result.message).toContain('20 operations');
  });

  it('agrees with a brute-force search on small random histories', () => {
    const opArb = fc.record({
      kind: fc.constantFrom('read', 'write', 'cas') as fc.Arbitrary<KvOperation['kind']>,
      value: fc.integer({ min: 0, max: 2 }), from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }),
      invokedAt: fc.integer({ min: 0, max: 10 }), length: fc.integer({ min: 0, max: 6 }),
      outcome: fc.constantFrom('ok', 'ok', 'fail', 'unknown') as fc.Arbitrary<KvOperation['outcome']>,
      readMissing: fc.boolean(),
    }).map((r): KvOperation => ({
      client: 'c', key: 'k', kind: r.kind, invokedAt: r.invokedAt, completedAt: r.outcome === 'unknown' ? undefined : r.invokedAt + r.length,
      outcome: r.kind === 'write' && r.outcome === 'fail' ? 'ok' : r.outcome,
      ...(r.kind === 'read' ? { value: r.readMissing ? null : r.value } : r.kind === 'write' ? { value: r.value } : { from: r.from, to: r.to }),
    }));
    fc.assert(fc.property(fc.array(opArb, { maxLength: 6 }), (ops) => {
      expect(checkLinearizable(ops).ok === true).toBe(bruteForce(ops));
    }), { numRuns: 400, seed: 7 });
  });
});

/** Tries every order of the ops that respects real time; unknown ops may also be left out. */
function bruteForce(ops: KvOperation[]): boolean {
  const live = ops.filter((o) => !(o.kind === 'read' && o.outcome === 'unknown'));
  const end = (o: KvOperation) => (o.outcome === 'unknown' || o.completedAt === undefined ? Infinity : o.completedAt);
  const search = (left: KvOperation[], state: string): boolean => {
    if (left.every((o) => o.outcome === 'unknown')) return true;
    for (const o of left) {
      // o may go next only if no other remaining op finished before o began.
      if (left.some((p) => p !== o && end(p) < o.invokedAt)) continue;
      const rest = left.filter((p) => p !== o);
      for (const next of apply(o, state)) if (search(rest, next)) return true;
    }
    return false;
  };
  return search(live, 'null');
}

function apply(o: KvOperation, state: string): string[] {
  const s = (v: unknown) => JSON.stringify(v ?? null);
  if (o.kind === 'write') return o.outcome === 'unknown' ? [s(o.value), state] : [s(o.value)];
  if (o.kind === 'read') return o.outcome === 'ok' ? (s(o.value) === state ? [state] : []) : state === 'null' ? [state] : [];
  const holds = s(o.from) === state;
  if (o.outcome === 'ok') return holds ? [s(o.to)] : [];
  if (o.outcome === 'fail') return holds ? [] : [state];
  return holds ? [s(o.to), state] : [state];
}
