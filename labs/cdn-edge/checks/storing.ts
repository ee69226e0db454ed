import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { PAST_MS, expectAge, expectBody, expectError, expectRequests, freshPath, get, load, waitUntil, withOrigin } from './shared.js';

export const stage = defineStage({
  id: 'storing',
  checks: [
    {
      id: 'miss-then-hit',
      title: 'A response with max-age is stored: the next GETs are answered from the edge, with its headers and a growing Age',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'page');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', 'x-served-by': 'origin' }, etag: true });
          const sent = Date.now();
          const miss = await get(ctx, path);
          expectBody(miss, path, 1, 'a miss must answer the origin\'s 200 and body unchanged');
          expectAge(miss, 0, 0, 'a response fetched just now, without an Age from the origin, is 0 seconds old');
          const hit = await get(ctx, path);
          expectBody(hit, path, 1, 'a hit must answer the stored body');
          await expectRequests(origin, path, 1, 'max-age=60: the second GET must be answered from the edge, without asking the origin');
          const headers = ['cache-control', 'etag', 'x-served-by', 'content-type'];
          const lost = headers.filter((h) => hit.headers[h] !== miss.headers[h] || miss.headers[h] === undefined);
          expectThat(lost.length === 0, 'the origin\'s response headers pass through, on a miss and on a hit', { expected: headers.join(', '), received: `missing or changed: ${lost.join(', ')}` });
          await serviceOf(ctx).pause(1100);
          const later = await get(ctx, path);
          expectBody(later, path, 1, 'a hit must answer the stored body');
          expectAge(later, 1, Math.ceil((Date.now() - sent) / 1000), 'Age counts the whole seconds since the edge stored the response');
          await expectRequests(origin, path, 1, 'max-age=60: every GET within the minute is a hit');
        });
      },
    },
    {
      id: 'expires-after-max-age',
      title: 'After max-age seconds the entry is stale: the next GET goes to the origin and answers its new version',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'short');
          await origin.define(path, { headers: { 'cache-control': 'max-age=1' } });
          const loaded = await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'max-age=1' } });
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          expectBody(await get(ctx, path), path, 2, 'max-age=1 and more than a second later: the entry is stale, and the GET must fetch the origin\'s new version');
          await expectRequests(origin, path, 2, 'one request to store the entry, one after it went stale');
        });
      },
    },
    {
      id: 's-maxage-wins',
      title: 's-maxage overrides max-age for the edge, both ways; directive names are case-insensitive and values may be quoted',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          // The s-maxage=1 entry is loaded first: its second passes while the other two cases are checked.
          const shorter = freshPath(ctx, 'smax-short');
          await origin.define(shorter, { headers: { 'cache-control': 'max-age=60, s-maxage=1' } });
          const loaded = await load(ctx, shorter, 1);
          const longer = freshPath(ctx, 'smax-long');
          await origin.define(longer, { headers: { 'cache-control': 'max-age=0, s-maxage=60' } });
          await load(ctx, longer, 1);
          expectBody(await get(ctx, longer), longer, 1, 'a hit must answer the stored body');
          await expectRequests(origin, longer, 1, 'max-age=0, s-maxage=60: a shared cache uses s-maxage, so the second GET is a hit');
          const quoted = freshPath(ctx, 'smax-quoted');
          await origin.define(quoted, { headers: { 'cache-control': 'Public, S-MaxAge="60"' } });
          await load(ctx, quoted, 1);
          expectBody(await get(ctx, quoted), quoted, 1, 'a hit must answer the stored body');
          await expectRequests(origin, quoted, 1, 'Public, S-MaxAge="60": directive names are case-insensitive and values may be quoted, so the second GET is a hit');
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          await get(ctx, shorter);
          await expectRequests(origin, shorter, 2, 'max-age=60, s-maxage=1: the entry is stale after a second for a shared cache, so the GET must go to the origin');
        });
      },
    },
    {
      id: 'not-stored',
      title: 'no-store, private, no freshness and no validator, and answers other than 200 are passed on and never stored',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const cases: Array<{ why: string; cc?: string }> = [
            { why: 'no-store', cc: 'no-store, max-age=60' },
            { why: 'private (a browser may keep it, a shared cache never)', cc: 'private, max-age=60' },
            { why: 'PRIVATE in capitals with a field name', cc: 'PRIVATE="set-cookie", max-age=60' },
            { why: 'no Cache-Control and no validator: no freshness lifetime' },
          ];
          for (const c of cases) {
            const path = freshPath(ctx, 'nostore');
            await origin.define(path, { headers: c.cc ? { 'cache-control': c.cc } : {} });
            await load(ctx, path, 1);
            expectBody(await get(ctx, path), path, 1, 'the GET must answer the origin\'s body');
            await expectRequests(origin, path, 2, `${c.why}${c.cc ? ` (Cache-Control: ${c.cc})` : ''}: the response must not be stored, so each GET goes to the origin`);
          }
          const missing = freshPath(ctx, 'missing');
          for (let i = 0; i < 2; i++) {
            const reply = await get(ctx, missing);
            expectError(reply, 404, 'the origin\'s 404 {"error": "…"} must be passed on as it is');
            expectAge(reply, 0, 0, 'every answer carries an Age header (0 when fetched just now)');
          }
          await expectRequests(origin, missing, 2, 'only 200 responses are stored: each GET of a missing resource goes to the origin');
        });
      },
    },
    {
      id: 'origin-age-counts',
      title: 'The origin\'s Age header counts toward the entry\'s age',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const old = freshPath(ctx, 'aged');
          await origin.define(old, { headers: { 'cache-control': 'max-age=60', age: '100' } });
          const first = await get(ctx, old);
          expectBody(first, old, 1, 'a miss must answer the origin\'s body');
          expectAge(first, 100, 101, 'the origin said the response is 100 s old: the edge\'s Age must say so too');
          await get(ctx, old);
          await expectRequests(origin, old, 2, 'Age: 100 and max-age=60: the response is stale on arrival, so the next GET goes to the origin');
          const young = freshPath(ctx, 'young');
          await origin.define(young, { headers: { 'cache-control': 'max-age=60', age: '30' } });
          const sent = Date.now();
          await get(ctx, young);
          const hit = await get(ctx, young);
          expectAge(hit, 30, 30 + Math.ceil((Date.now() - sent) / 1000), 'Age: 30 from the origin, then the seconds the edge kept it');
          await expectRequests(origin, young, 1, 'Age: 30 and max-age=60: 30 s of freshness left, so the second GET is a hit');
        });
      },
    },
    {
      id: 'query-and-methods',
      title: 'The path with its query names the entry; methods other than GET and PURGE answer 405',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'search');
          const [a, b] = [`${path}?q=1`, `${path}?q=2`];
          for (const p of [a, b]) await origin.define(p, { headers: { 'cache-control': 'max-age=60' } });
          await load(ctx, a, 1);
          await load(ctx, b, 1);
          expectBody(await get(ctx, a), a, 1, 'each query has its own entry');
          const log = await origin.log([a, b]);
          expectThat(log[a].length === 1 && log[b].length === 1, 'the query is part of the cache key: one origin request for each of the two queries', { expected: '1 and 1', received: `${log[a].length} and ${log[b].length}` });
          const post = await serviceOf(ctx).request('POST', path, { body: { x: 1 } });
          expectError(post, 405, 'a POST must answer 405 {"error": "…"}');
          await expectRequests(origin, path, 0, 'a POST is not passed to the origin');
        });
      },
    },
  ],
});
