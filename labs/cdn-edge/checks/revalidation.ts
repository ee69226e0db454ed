import { defineStage, expectThat } from '../../../src/grader/api.js';
import {
  PAST_MS, etagOf, expectAge, expectBody, expectRequests, freshPath, get, lastModifiedOf, load, waitUntil, withOrigin, type LoggedRequest,
} from './shared.js';

/** The request must carry exactly these conditional headers (undefined: must not carry it). */
function expectConditional(request: LoggedRequest, expected: { 'if-none-match'?: string; 'if-modified-since'?: string }, why: string): void {
  const got = { 'if-none-match': request.headers['if-none-match'], 'if-modified-since': request.headers['if-modified-since'] };
  const ok = got['if-none-match'] === expected['if-none-match'] && got['if-modified-since'] === expected['if-modified-since'];
  expectThat(ok, why, { expected, received: got });
}

export const stage = defineStage({
  id: 'revalidation',
  checks: [
    {
      id: 'etag-304-refreshes',
      title: 'A stale entry with an ETag is revalidated with If-None-Match; the 304 keeps the body, takes the new headers and restarts the age',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'etag');
          await origin.define(path, { headers: { 'cache-control': 'max-age=1' }, etag: true });
          const loaded = await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, etag: true, sameVersion: true });
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          const reply = await get(ctx, path);
          const log = await expectRequests(origin, path, 2, 'a stale entry is revalidated with one request to the origin');
          expectConditional(log[1], { 'if-none-match': etagOf(1) }, 'the revalidation must send If-None-Match with the stored ETag');
          expectThat(log[1].status === 304, 'the origin answered 304 Not Modified', { received: log[1].status });
          expectBody(reply, path, 1, 'after a 304 the edge answers 200 with the stored body');
          expectAge(reply, 0, 0, 'a 304 restarts the entry\'s age');
          expectThat(reply.headers['cache-control'] === 'max-age=60', 'the 304\'s headers replace the stored ones', { expected: 'Cache-Control: max-age=60', received: `Cache-Control: ${reply.headers['cache-control']}` });
          expectBody(await get(ctx, path), path, 1, 'a hit answers the stored body');
          await expectRequests(origin, path, 2, 'the 304 said max-age=60: the entry is fresh again, so the next GET is a hit');
        });
      },
    },
    {
      id: 'etag-200-replaces',
      title: 'When the resource changed, the origin answers the revalidation 200 and the new version replaces the entry',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'changed');
          // max-age=0 with a validator: stored, and stale at once (expiry itself is stage 1's).
          await origin.define(path, { headers: { 'cache-control': 'max-age=0' }, etag: true });
          await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, etag: true });
          expectBody(await get(ctx, path), path, 2, 'the resource changed: the edge must answer the origin\'s new version');
          const log = await origin.requests(path);
          expectConditional(log[1], { 'if-none-match': etagOf(1) }, 'the revalidation must send If-None-Match with the stored ETag');
          expectBody(await get(ctx, path), path, 2, 'the new version is stored');
          await expectRequests(origin, path, 2, 'the new version (max-age=60) replaced the entry: the next GET is a hit');
        });
      },
    },
    {
      id: 'last-modified',
      title: 'A stale entry with a Last-Modified is revalidated with If-Modified-Since',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'lastmod');
          await origin.define(path, { headers: { 'cache-control': 'max-age=0' }, lastModified: true });
          await load(ctx, path, 1);
          expectBody(await get(ctx, path), path, 1, 'after a 304 the edge answers 200 with the stored body');
          const log = await expectRequests(origin, path, 2, 'a stale entry is revalidated with one request to the origin');
          expectConditional(log[1], { 'if-modified-since': lastModifiedOf(1) }, 'the revalidation must send If-Modified-Since with the stored Last-Modified, as the origin sent it');
          expectThat(log[1].status === 304, 'the origin answered 304 Not Modified', { received: log[1].status });
        });
      },
    },
    {
      id: 'no-cache-revalidates-every-time',
      title: 'no-cache (even with max-age) stores the response but revalidates it before every use',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'nocache');
          await origin.define(path, { headers: { 'cache-control': 'no-cache, max-age=60' }, etag: true });
          await load(ctx, path, 1);
          for (let i = 0; i < 2; i++) expectBody(await get(ctx, path), path, 1, 'after a 304 the edge answers 200 with the stored body');
          const log = await expectRequests(origin, path, 3, 'no-cache: every GET must revalidate with the origin');
          for (const r of log.slice(1)) expectConditional(r, { 'if-none-match': etagOf(1) }, 'no-cache still stores the response: the revalidations send If-None-Match and get 304');
        });
      },
    },
    {
      id: 'unstorable-200-removes',
      title: 'A revalidation answered 200 with a response that may not be stored removes the entry',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'removed');
          await origin.define(path, { headers: { 'cache-control': 'max-age=0' }, etag: true });
          await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'no-store' }, etag: true });
          expectBody(await get(ctx, path), path, 2, 'the resource changed: the edge must answer the origin\'s new version');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, etag: true });
          expectBody(await get(ctx, path), path, 3, 'the entry is gone: the GET must fetch the current version');
          const log = await expectRequests(origin, path, 3, 'one request per GET');
          expectConditional(log[2], {}, 'the no-store answer removed the entry: the next request has nothing to revalidate (no If-None-Match)');
        });
      },
    },
  ],
});
