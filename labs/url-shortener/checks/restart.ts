import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { clicksOf, expectAllResolve, expectRedirect, expectStatus, pastExpiry, redirectTimes, shorten, shortenMany, token, uniqueUrl } from './shared.js';

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
    {
      id: 'clicks-survive-restart',
      title: 'Click counts are exact after a graceful restart',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const links = await shortenMany(ctx, 3, 'clicks-restart', 3);
        for (const [i, [code, url]] of links.entries()) await redirectTimes(ctx, code, url, 2 * i + 3);
        await svc.restart();
        for (const [i, [code]] of links.entries()) {
          const clicks = await clicksOf(ctx, code, 'after a graceful restart');
          expectThat(clicks === 2 * i + 3, `/${code} was redirected ${2 * i + 3} times before a graceful restart (SIGTERM): its clicks must be ${2 * i + 3} after it (keep the counts in DATA_DIR, and write the last ones before you exit)`, { expected: 2 * i + 3, received: clicks });
        }
      },
    },
    {
      id: 'recreated-alias-survives-restart',
      title: 'An alias created again after its link expired leads to the new link after a restart',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const alias = `re-${token(ctx.random, 8)}`;
        const first = uniqueUrl(ctx.random, 'recreate-1');
        const second = uniqueUrl(ctx.random, 'recreate-2');
        await shorten(svc, { url: first, alias, ttlSeconds: 1 });
        const made = Date.now();
        await redirectTimes(ctx, alias, first, 2);
        await pastExpiry(ctx, made, 1);
        await expectStatus(ctx, 'GET', `/${alias}`, 404, 'the first link under the alias has expired');
        await shorten(svc, { url: second, alias }, 'an expired alias is free again');
        await expectRedirect(ctx, alias, second);
        await svc.restart();
        await expectRedirect(ctx, alias, second, `after a graceful restart, ${alias} must lead to the link created last under it (replay the log in order: a later record for a code replaces the earlier one)`);
        const clicks = await clicksOf(ctx, alias, 'after a graceful restart');
        expectThat(clicks === 2, `the new link under ${alias} was redirected once before the restart and once after: clicks must be 2 (the expired link's clicks are not its)`, { expected: 2, received: clicks });
      },
    },
  ],
});
