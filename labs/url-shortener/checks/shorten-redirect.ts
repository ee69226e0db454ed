import { defineStage, serviceOf } from '../../../src/grader/api.js';
import { expectAllResolve, expectRedirect, expectStatus, shorten, shortenMany, token, uniqueUrl } from './shared.js';

export const stage = defineStage({
  id: 'shorten-redirect',
  checks: [
    {
      id: 'shorten-then-redirect',
      title: 'POST /urls answers 201 with a code, and GET /{code} redirects to the url',
      async run(ctx) {
        const url = uniqueUrl(ctx.random, 'first');
        const code = await shorten(serviceOf(ctx), { url });
        await expectRedirect(ctx, code, url);
        await expectRedirect(ctx, code, url, 'a code redirects every time, not once');
      },
    },
    {
      id: 'unknown-code',
      title: 'An unknown code answers 404',
      async run(ctx) {
        await expectStatus(ctx, 'GET', `/${token(ctx.random, 12)}`, 404, 'a code nobody created must answer 404');
      },
    },
    {
      id: 'urls-kept-exactly',
      title: 'Query strings, fragments and ports come back unchanged in Location',
      async run(ctx) {
        for (const url of [
          `http://127.0.0.1:8081/search?q=${token(ctx.random, 6)}&page=2`,
          `https://example.org/a/b/c.html#${token(ctx.random, 5)}`,
          `https://example.net/path%20with%20escapes/${token(ctx.random, 8)}?x=%2F`,
        ]) {
          const code = await shorten(serviceOf(ctx), { url });
          await expectRedirect(ctx, code, url);
        }
      },
    },
    {
      id: 'many-codes-distinct',
      title: 'Two hundred links get two hundred distinct codes, each leading to its own url',
      async run(ctx) {
        const links = await shortenMany(ctx, 200, 'many');
        await expectAllResolve(ctx, links, '');
      },
    },
  ],
});
