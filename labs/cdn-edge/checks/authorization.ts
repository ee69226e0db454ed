import { defineStage } from '../../../src/grader/api.js';
import { expectBody, expectRequests, freshPath, get, withOrigin } from './shared.js';

const alice = { authorization: 'Bearer alice' };
const bob = { authorization: 'Bearer bob' };

export const stage = defineStage({
  id: 'authorization',
  checks: [
    {
      id: 'authorized-not-stored',
      title: 'A response to a request with Authorization and only max-age is not stored: each user gets their own answer',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'account');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, echo: ['authorization'] });
          for (const user of [alice, bob, alice]) {
            expectBody(await get(ctx, path, user), path, 1, `${user.authorization} must get the origin's answer for ${user.authorization}, never another user's`, { authorization: user.authorization });
          }
          await expectRequests(origin, path, 3, 'a response to an authorized request, without public, s-maxage or must-revalidate, must not be stored');
        });
      },
    },
    {
      id: 'stored-when-shared',
      title: 'public, s-maxage or must-revalidate let a response to an authorized request be stored and shared',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          for (const cc of ['public, max-age=60', 's-maxage=60', 'max-age=60, must-revalidate']) {
            const path = freshPath(ctx, 'shared');
            await origin.define(path, { headers: { 'cache-control': cc } });
            expectBody(await get(ctx, path, alice), path, 1, 'the GET must answer the origin\'s body');
            expectBody(await get(ctx, path, bob), path, 1, 'the stored response must be served');
            await expectRequests(origin, path, 1, `Cache-Control: ${cc} allows a shared cache to store the response to an authorized request`);
          }
        });
      },
    },
    {
      id: 'lookup-ignores-authorization',
      title: 'An entry stored from a request without Authorization serves requests with one',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'anon');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' } });
          expectBody(await get(ctx, path), path, 1, 'the GET must answer the origin\'s body');
          expectBody(await get(ctx, path, alice), path, 1, 'the stored response must be served');
          await expectRequests(origin, path, 1, 'the Authorization rule is about storing: a fresh entry serves every request for its path');
        });
      },
    },
  ],
});
