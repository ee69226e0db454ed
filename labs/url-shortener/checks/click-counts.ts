import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { expectRedirect, expectStatus, pastExpiry, shorten, token, uniqueUrl } from './shared.js';

interface Stats { url?: unknown; clicks?: unknown; createdAt?: unknown }

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export const stage = defineStage({
  id: 'click-counts',
  checks: [
    {
      id: 'stats',
      title: 'GET /urls/{code}/stats answers the url, the clicks so far and createdAt',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const url = uniqueUrl(ctx.random, 'stats');
        const before = Date.now();
        const code = await shorten(svc, { url });
        const fresh = await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 200, 'stats of an existing code must answer 200');
        const s = fresh.json as Stats | undefined;
        expectThat(s?.url === url && s.clicks === 0, 'a new link has its url and 0 clicks', { expected: { url, clicks: 0 }, received: fresh.body.slice(0, 300) });
        expectThat(typeof s.createdAt === 'string' && ISO_8601.test(s.createdAt), 'createdAt is an ISO 8601 date-time with its offset (e.g. 2025-01-31T12:00:00.000Z)', { received: s.createdAt });
        const created = Date.parse(s.createdAt as string);
        expectThat(Math.abs(created - before) < 60_000, 'createdAt is the moment the link was created', { expected: new Date(before).toISOString(), received: s.createdAt });
        for (let i = 0; i < 3; i++) await expectRedirect(ctx, code, url);
        const after = await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 200, 'stats must answer 200');
        expectThat((after.json as Stats | undefined)?.clicks === 3, 'three redirects served: clicks must be 3', { expected: 3, received: (after.json as Stats | undefined)?.clicks });
        await expectStatus(ctx, 'GET', `/urls/${token(ctx.random, 12)}/stats`, 404, 'stats of an unknown code must answer 404');
      },
    },
    {
      id: 'expired-stats',
      title: 'Stats of an expired code answer 404, like its redirect; an alias created again starts from 0 clicks',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const alias = `st-${token(ctx.random, 8)}`;
        const code = await shorten(svc, { url: uniqueUrl(ctx.random, 'stats-ttl'), ttlSeconds: 1 });
        const first = uniqueUrl(ctx.random, 'stats-ttl-alias');
        await shorten(svc, { url: first, alias, ttlSeconds: 1 });
        const made = Date.now();
        await expectRedirect(ctx, alias, first);
        await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 200, 'stats of a live link answer 200');
        const old = (await expectStatus(ctx, 'GET', `/urls/${alias}/stats`, 200, 'stats of a live alias answer 200')).json as Stats | undefined;
        await pastExpiry(ctx, made, 1);
        await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 404, 'the link has expired: its stats answer 404, as its redirect does');
        await expectStatus(ctx, 'GET', `/urls/${alias}/stats`, 404, 'the alias has expired: its stats answer 404, as its redirect does');
        const url = uniqueUrl(ctx.random, 'stats-again');
        await shorten(svc, { url, alias }, 'an expired alias is free again');
        const reply = await expectStatus(ctx, 'GET', `/urls/${alias}/stats`, 200, 'stats of the new link under the alias answer 200');
        const s = reply.json as Stats | undefined;
        expectThat(s?.url === url && s.clicks === 0, 'an alias created again is a new link: its own url, and clicks from 0 (the expired link\'s clicks are not its)', { expected: { url, clicks: 0 }, received: reply.body.slice(0, 300) });
        expectThat(typeof s.createdAt === 'string' && Date.parse(s.createdAt) > Date.parse(String(old?.createdAt)), 'an alias created again is a new link: its createdAt is the moment of the new create, after the expired link\'s', { expected: `later than ${String(old?.createdAt)}`, received: s.createdAt });
      },
    },
    {
      id: 'exact-under-load',
      title: 'Clicks count every redirect exactly under heavy concurrent load (the Go track runs under the race detector)',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const perCode = 600;
        const links = await Promise.all([0, 1, 2, 3].map(async (i) => {
          const url = uniqueUrl(ctx.random, `load-${i}`);
          return { url, code: await shorten(svc, { url }) };
        }));
        ctx.note(`${links.length} codes, ${perCode} redirects each, 64 requests in flight at once over all codes`);
        const results = await Promise.all(links.map(({ code }) => svc.load({ requests: [{ method: 'GET', path: `/${code}` }], total: perCode, concurrency: 16, timeoutMs: 10_000 })));
        for (const [i, r] of results.entries()) {
          expectThat(r.errors === 0 && r.statuses[302] === perCode, `every redirect under load must be answered 302 (/${links[i].code})`, { expected: { 302: perCode }, received: { ...r.statuses, ...(r.errors ? { 'no answer': r.errors } : {}) } });
        }
        for (const { code } of links) {
          const reply = await expectStatus(ctx, 'GET', `/urls/${code}/stats`, 200, 'stats must answer 200');
          const clicks = (reply.json as Stats | undefined)?.clicks;
          expectThat(clicks === perCode, `clicks must count every redirect served, exactly: ${perCode} concurrent redirects of /${code} were answered 302 (a lost update: is the counter shared without a lock, or read before an await and written after it?)`, { expected: perCode, received: clicks });
        }
      },
    },
  ],
});
