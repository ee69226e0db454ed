import { defineStage, serviceOf } from '../../../src/grader/api.js';
import { expectAllResolve, shorten, shortenMany, token, uniqueUrl } from './shared.js';

export const stage = defineStage({
  id: 'restart',
  checks: [
    {
      id: 'links-survive-restart',
      title: 'Every link answered with 201 still redirects after a graceful restart',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const links = await shortenMany(ctx, 20, 'restart', 4, (i) => (i % 3 === 0 ? { ttlSeconds: 3600 } : {}));
        for (let i = 0; i < 5; i++) {
          const alias = `r-${token(ctx.random, 10)}`;
          const url = uniqueUrl(ctx.random, `restart-alias-${i}`);
          links.push([await shorten(svc, { url, alias }), url]);
        }
        await svc.restart();
        await expectAllResolve(ctx, links, 'after a graceful restart (SIGTERM) with the same DATA_DIR');
      },
    },
    {
      id: 'no-collisions-after-restart',
      title: 'Codes generated after a restart never collide with codes from before it',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const before = await shortenMany(ctx, 40, 'before', 4);
        await svc.restart();
        const after = await shortenMany(ctx, 40, 'after', 4);
        await expectAllResolve(ctx, [...before, ...after], 'before and after a restart');
      },
    },
  ],
});
