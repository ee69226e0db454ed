// Stage 2: delete.
import { defineStage } from '../../../src/grader/api.js';
import { expectStatus, put, uniqueKey } from './shared.js';

export const stage = defineStage({
  id: 'delete',
  checks: [
    {
      id: 'delete-removes',
      title: 'DELETE answers 204 and the item is gone',
      async run(ctx) {
        const key = uniqueKey(ctx.random, 'deleted');
        await put(ctx, key, 'short-lived');
        await expectStatus(ctx, 'DELETE', `/items/${key}`, 204, 'deleting a stored item answers 204');
        await expectStatus(ctx, 'GET', `/items/${key}`, 404, 'a deleted item must be gone');
      },
    },
    {
      id: 'delete-unknown-404',
      title: 'DELETE of a key holding no item answers 404',
      async run(ctx) {
        await expectStatus(ctx, 'DELETE', `/items/${uniqueKey(ctx.random, 'absent')}`, 404, 'deleting a key with no item answers 404');
      },
    },
  ],
});
