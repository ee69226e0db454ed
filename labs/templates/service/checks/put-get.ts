// Stage 1: put and get. TEMPLATE: each check proves one rule of the README, and its messages say which.
import { defineStage } from '../../../src/grader/api.js';
import { expectStatus, expectValue, put, uniqueKey } from './shared.js';

export const stage = defineStage({
  id: 'put-get',
  checks: [
    {
      id: 'unknown-key-404',
      title: 'GET of a key never stored answers 404',
      async run(ctx) {
        await expectStatus(ctx, 'GET', `/items/${uniqueKey(ctx.random, 'never')}`, 404, 'a key nobody stored must answer 404');
      },
    },
    {
      id: 'put-then-get',
      title: 'PUT stores the value, GET reads it back',
      async run(ctx) {
        const key = uniqueKey(ctx.random, 'stored');
        await put(ctx, key, 'first value');
        await expectValue(ctx, key, 'first value', 'a stored item must be read back');
      },
    },
    {
      id: 'put-replaces',
      title: 'A second PUT replaces the value',
      async run(ctx) {
        const key = uniqueKey(ctx.random, 'replaced');
        await put(ctx, key, 'old');
        await put(ctx, key, 'new');
        await expectValue(ctx, key, 'new', 'a second PUT must replace the value');
      },
    },
    {
      id: 'rejects-bad-body',
      title: 'A body without a string value answers 400 and changes nothing',
      async run(ctx) {
        const key = uniqueKey(ctx.random, 'bad');
        for (const body of ['not json', { other: 1 }, { value: 42 }]) {
          await expectStatus(ctx, 'PUT', `/items/${key}`, 400, `the body ${JSON.stringify(body)} has no string value`, body);
        }
        await expectStatus(ctx, 'GET', `/items/${key}`, 404, 'a rejected PUT must store nothing');
      },
    },
  ],
});
