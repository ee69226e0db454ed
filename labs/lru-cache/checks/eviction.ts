import { defineStage } from '../../../src/grader/api.js';
import { Cache } from './shared.js';

export const stage = defineStage({
  id: 'eviction',
  checks: [
    {
      id: 'evicts-least-recently-used',
      title: 'A new key in a full cache evicts the least recently used entry and reports it with reason "capacity"',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(3);
        await c.set('a', '1');
        await c.set('b', '2');
        await c.set('c', '3');
        await c.set('d', '4', undefined, {
          evicted: [['a', '1', 'capacity']],
          message: 'capacity 3 holds a, b, c (a least recently used): set("d") must evict "a" and call onEvict("a", "1", "capacity") exactly once',
        });
        await c.len(3, { message: 'the cache never holds more than its capacity: len() must be 3' });
        await c.get('a', undefined, { message: 'an evicted key must miss' });
        await c.set('e', '5', undefined, { evicted: [['b', '2', 'capacity']], message: 'with b, c, d left, "b" is now the least recently used: set("e") must evict it' });
        await c.get('c', '3', { message: 'entries that were not evicted keep their values' });
        await c.get('d', '4');
        await c.get('e', '5');
      },
    },
    {
      id: 'get-refreshes',
      title: 'A get that hits makes the entry the most recently used',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(3);
        await c.set('a', '1');
        await c.set('b', '2');
        await c.set('c', '3');
        await c.get('a', '1');
        ctx.note('"a" was read after "c" was set, so "b" is now the least recently used');
        await c.set('d', '4', undefined, { evicted: [['b', '2', 'capacity']], message: 'a get makes its entry the most recently used: set("d") must evict "b", not "a" (a cache that evicts in insertion order is FIFO, not LRU)' });
        await c.get('a', '1', { message: '"a" was used recently and must still be there' });
      },
    },
    {
      id: 'set-existing-refreshes',
      title: 'set on an existing key of a full cache evicts nothing and makes that entry the most recently used',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(3);
        await c.set('a', '1');
        await c.set('b', '2');
        await c.set('c', '3');
        await c.set('a', '1b', undefined, { message: 'the cache is full, but "a" already has an entry: set("a") replaces it and must evict nothing' });
        await c.len(3);
        await c.set('d', '4', undefined, { evicted: [['b', '2', 'capacity']], message: 'set("a") made "a" the most recently used: set("d") must evict "b"' });
        await c.get('a', '1b');
      },
    },
    {
      id: 'miss-len-delete-keep-order',
      title: 'A get that misses, len and delete change no entry\'s recency',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(2);
        await c.set('a', '1');
        await c.set('b', '2');
        await c.get('x', undefined);
        await c.len(2);
        await c.delete('y', false);
        await c.set('c', '3', undefined, { evicted: [['a', '1', 'capacity']], message: 'a miss, len() and a delete of a missing key touch nothing: "a" is still the least recently used and must be evicted' });
      },
    },
    {
      id: 'delete-frees-room',
      title: 'After a delete, a new key fits without evicting anything',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(2);
        await c.set('a', '1');
        await c.set('b', '2');
        await c.delete('a', true);
        await c.set('c', '3', undefined, { message: 'delete("a") left one entry in a cache of capacity 2: set("c") must evict nothing' });
        await c.len(2);
        await c.set('d', '4', undefined, { evicted: [['b', '2', 'capacity']], message: 'with b and c in the cache, "b" is the least recently used and must be evicted' });
      },
    },
    {
      id: 'capacity-one',
      title: 'A cache of capacity 1 keeps the newest key',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(1);
        await c.set('a', '1');
        await c.set('b', '2', undefined, { evicted: [['a', '1', 'capacity']], message: 'capacity 1: set("b") must evict "a" (the new entry itself is never the one evicted)' });
        await c.get('b', '2', { message: 'the newest key must be kept' });
        await c.set('b', '3', undefined, { message: 'replacing the only entry must evict nothing' });
        await c.len(1);
        await c.get('b', '3');
      },
    },
    {
      id: 'longer-run',
      title: 'A longer run of sets and gets evicts exactly the least recently used entries, in order',
      async run(ctx) {
        const c = new Cache(ctx);
        const capacity = 4;
        await c.create(capacity);
        const order: string[] = []; // least recently used first
        const values = new Map<string, string>();
        for (let i = 0; i < 40; i++) {
          const key = `k${ctx.random.int(0, 7)}`;
          if (ctx.random.bool(0.4)) {
            const hit = values.get(key);
            if (hit !== undefined) {
              order.splice(order.indexOf(key), 1);
              order.push(key);
            }
            await c.get(key, hit, { message: `get("${key}"): the recency order is [${order.join(', ')}] (least recently used first)` });
            continue;
          }
          const value = `v${i}`;
          const evicted: [string, string, 'capacity'][] = [];
          if (values.has(key)) order.splice(order.indexOf(key), 1);
          else if (order.length === capacity) {
            const victim = order.shift()!;
            evicted.push([victim, values.get(victim)!, 'capacity']);
            values.delete(victim);
          }
          order.push(key);
          values.set(key, value);
          await c.set(key, value, undefined, { evicted, message: `set("${key}"): afterwards the recency order must be [${order.join(', ')}] (least recently used first)` });
        }
      },
    },
  ],
});
