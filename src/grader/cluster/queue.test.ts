import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';

describe('EventQueue', () => {
  it('pops by time, and in insertion order at equal times', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (times) => {
      const q = new EventQueue<number>();
      times.forEach((t, i) => q.push(t, i));
      const out: number[] = [];
      for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
      const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
      expect(out).toEqual(expected);
    }), { seed: 3 });
  });

  it('peeks without removing and reports Infinity when empty', () => {
    const q = new EventQueue<string>();
    expect(q.peekTime()).toBe(Infinity);
    q.push(4, 'a');
    expect(q.peekTime()).toBe(4);
    expect(q.peek()).toBe('a');
    expect(q.size).toBe(1);
  });
});
