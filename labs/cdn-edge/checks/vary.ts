import { defineStage } from '../../../src/grader/api.js';
import { expectBody, expectRequests, freshPath, get, withOrigin } from './shared.js';

export const stage = defineStage({
  id: 'vary',
  checks: [
    {
      id: 'one-entry-per-variant',
      title: 'Vary: X-Device keeps one entry per value of the request header, an absent header included',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'vary');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', vary: 'X-Device' }, echo: ['x-device'] });
          for (const device of ['mobile', 'desktop', 'mobile', 'desktop', undefined, undefined]) {
            const reply = await get(ctx, path, device ? { 'x-device': device } : undefined);
            expectBody(reply, path, 1, `X-Device: ${device ?? '(absent)'} must get its own variant, never another device's`, { 'x-device': device ?? null });
          }
          await expectRequests(origin, path, 3, 'three variants (mobile, desktop, no X-Device), each fetched once and then served from the edge');
        });
      },
    },
    {
      id: 'several-headers',
      title: 'Vary naming two headers (in any case) matches on both',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'vary2');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', vary: 'x-device, X-TIER' }, echo: ['x-device', 'x-tier'] });
          for (const tier of ['gold', 'free', 'gold', 'free']) {
            const reply = await get(ctx, path, { 'X-Device': 'mobile', 'X-Tier': tier });
            expectBody(reply, path, 1, `X-Tier: ${tier} must get its own variant`, { 'x-device': 'mobile', 'x-tier': tier });
          }
          await expectRequests(origin, path, 2, 'two variants (same X-Device, two X-Tier values), each fetched once');
        });
      },
    },
    {
      id: 'vary-star-not-stored',
      title: 'Vary: * is never stored',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'varystar');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', vary: '*' } });
          for (let i = 0; i < 2; i++) expectBody(await get(ctx, path), path, 1, 'the GET must answer the origin\'s body');
          await expectRequests(origin, path, 2, 'Vary: * means no request can be matched: each GET goes to the origin');
        });
      },
    },
  ],
});
