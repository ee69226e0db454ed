import { defineStage, serviceOf } from '../../../src/grader/api.js';
import { expectAllResolve, shorten, shortenMany, token, uniqueUrl } from './shared.js';

export const stage = defineStage({
  id: 'crash',
  checks: [
    {
      id: 'links-survive-crash',
      title: 'Every link answered with 201 still redirects after a crash (SIGKILL right after the last 201)',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const links = await shortenMany(ctx, 30, 'crash', 6);
        const alias = `c-${token(ctx.random, 10)}`;
        const url = uniqueUrl(ctx.random, 'crash-alias');
        links.push([await shorten(svc, { url, alias }), url]);
        await svc.restart({ crash: true });
        await expectAllResolve(ctx, links, 'after a crash (SIGKILL at once after the last 201) with the same DATA_DIR');
      },
    },
    {
      id: 'crash-twice',
      title: 'Links from before two crashes and between them all survive, with no collisions',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const first = await shortenMany(ctx, 10, 'crash-a', 10);
        await svc.restart({ crash: true });
        const second = await shortenMany(ctx, 10, 'crash-b', 10);
        await svc.restart({ crash: true });
        await expectAllResolve(ctx, [...first, ...second], 'after two crashes');
      },
    },
  ],
});
