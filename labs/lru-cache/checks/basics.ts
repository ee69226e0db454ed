import { defineStage } from '../../../src/grader/api.js';
import { Cache } from './shared.js';

export const stage = defineStage({
  id: 'basics',
  checks: [
    {
      id: 'capacity-must-be-positive',
      title: 'A capacity of 0 or less is rejected; a capacity of 1 is accepted',
      async run(ctx) {
        for (const capacity of [0, -3]) {
          await ctx.program.expect({ op: 'new', capacity }, { error: 'rejected' }, {
            message: `capacity ${capacity} must be rejected (TypeScript: the constructor throws RangeError; Go: NewLRUCache returns a nil cache and an error)`,
          });
        }
        await new Cache(ctx).create(1);
      },
    },
    {
      id: 'set-get-len',
      title: 'set stores a value that get returns; get of a missing key misses; len counts the entries',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.len(0, { message: 'a new cache is empty: len() must be 0' });
        await c.get('a', undefined, { message: 'get of a key that was never set must miss' });
        await c.set('a', 'apple');
        await c.get('a', 'apple', { message: 'get must return the value set under the key' });
        await c.len(1, { message: 'one key set: len() must be 1' });
        await c.set('b', 'banana');
        await c.set('c', 'cherry');
        await c.len(3, { message: 'three different keys set into a cache of capacity 10: len() must be 3' });
        await c.get('b', 'banana', { message: 'each key keeps its own value' });
        await c.get('c', 'cherry', { message: 'each key keeps its own value' });
        await c.get('A', undefined, { message: 'keys are compared exactly: "A" is not "a"' });
      },
    },
    {
      id: 'set-replaces',
      title: 'set on an existing key replaces its value without adding an entry or calling onEvict',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', 'v1');
        await c.set('b', 'b1');
        await c.set('a', 'v2', undefined, { message: 'set on an existing key replaces the value: a replaced value is not evicted, so onEvict must not be called' });
        await c.get('a', 'v2', { message: 'after set("a", "v2") replaced "v1", get must return the new value' });
        await c.len(2, { message: 'replacing a value does not add an entry: len() must stay 2' });
      },
    },
    {
      id: 'delete',
      title: 'delete removes an entry and says whether there was one; onEvict is not called for it',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', 'apple');
        await c.set('b', 'banana');
        await c.delete('a', true, { message: 'delete of a key with an entry must return true, and onEvict must not be called (the caller removed it on purpose)' });
        await c.get('a', undefined, { message: 'a deleted key must miss' });
        await c.len(1, { message: 'after deleting one of two entries, len() must be 1' });
        await c.delete('a', false, { message: 'delete of a key already deleted must return false' });
        await c.delete('zebra', false, { message: 'delete of a key never set must return false' });
        await c.get('b', 'banana', { message: 'delete must remove only its own key' });
        await c.set('a', 'again');
        await c.get('a', 'again', { message: 'a deleted key can be set again' });
        await c.len(2, { message: 'after setting "a" again, len() must be 2' });
      },
    },
  ],
});
