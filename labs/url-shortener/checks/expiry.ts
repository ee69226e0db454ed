import { defineStage, serviceOf } from '../../../src/grader/api.js';
import { expectRedirect, expectRejected, expectStatus, pastExpiry, shorten, token, uniqueUrl } from './shared.js';

export const stage = defineStage({
  id: 'expiry',
  checks: [
    {
      id: 'expires-after-ttl',
      title: 'A link redirects before its ttl ends and answers 404 after it',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const short = uniqueUrl(ctx.random, 'ttl-1');
        const long = uniqueUrl(ctx.random, 'ttl-3600');
        const forever = uniqueUrl(ctx.random, 'no-ttl');
        const alias = `exp-${token(ctx.random, 8)}`;
        const shortCode = await shorten(svc, { url: short, ttlSeconds: 1 });
        await shorten(svc, { url: short, alias, ttlSeconds: 1 });
        const made = Date.now();
        const longCode = await shorten(svc, { url: long, ttlSeconds: 3600 });
        const foreverCode = await shorten(svc, { url: forever });
        await expectRedirect(ctx, shortCode, short, 'well inside its 1 s ttl the link must redirect');
        await pastExpiry(ctx, made, 1);
        await expectStatus(ctx, 'GET', `/${shortCode}`, 404, 'once its 1 s ttl has passed the link must answer 404');
        await expectStatus(ctx, 'GET', `/${alias}`, 404, 'an alias with a ttl expires like a generated code');
        await expectRedirect(ctx, longCode, long, 'a link with an hour to live still redirects');
        await expectRedirect(ctx, foreverCode, forever, 'a link without ttlSeconds never expires');
      },
    },
    {
      id: 'expired-alias-free-again',
      title: 'An alias is taken while its link lives; once the link has expired, a create with it answers 201',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const alias = `again-${token(ctx.random, 8)}`;
        const first = uniqueUrl(ctx.random, 'again-1');
        const second = uniqueUrl(ctx.random, 'again-2');
        await shorten(svc, { url: first, alias, ttlSeconds: 1 });
        const made = Date.now();
        await expectRejected(ctx, { url: second, alias }, 409, `while its link lives, the alias ${alias} is taken: 409`);
        await pastExpiry(ctx, made, 1);
        await expectStatus(ctx, 'GET', `/${alias}`, 404, 'the first link has expired');
        await shorten(svc, { url: second, alias }, `the link under ${alias} has expired, so the alias is free again`);
        await expectRedirect(ctx, alias, second, 'the alias now leads to the url of the new link');
      },
    },
    {
      id: 'fractional-ttl',
      title: 'ttlSeconds is a number of seconds, fractions included',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const url = uniqueUrl(ctx.random, 'ttl-frac');
        const code = await shorten(svc, { url, ttlSeconds: 0.5 });
        await pastExpiry(ctx, Date.now(), 0.5);
        await expectStatus(ctx, 'GET', `/${code}`, 404, 'ttlSeconds 0.5 ends half a second after creation: 0.6 s after the create was answered, the link must answer 404');
      },
    },
  ],
});
