import { defineStage, serviceOf } from '../../../src/grader/api.js';
import { expectRedirect, expectRejected, expectStatus, shorten, token, uniqueUrl } from './shared.js';

/** An https URL of exactly `length` characters. */
function urlOfLength(length: number, seedPart: string): string {
  const head = `https://example.com/${seedPart}/`;
  return head + 'a'.repeat(length - head.length);
}

export const stage = defineStage({
  id: 'validation',
  checks: [
    {
      id: 'bad-bodies',
      title: 'A body that is not a JSON object with a url answers 400 {"error": …}',
      async run(ctx) {
        await expectRejected(ctx, '{"url": "https://example.com/"', 400, 'a body that is not valid JSON must answer 400');
        await expectRejected(ctx, '["https://example.com/"]', 400, 'a JSON array is not the object the contract asks for: 400');
        await expectRejected(ctx, {}, 400, 'a body without url must answer 400');
        await expectRejected(ctx, { url: 42 }, 400, 'url must be a string: 400');
      },
    },
    {
      id: 'bad-urls',
      title: 'Only absolute http and https URLs with a host, up to 2048 characters, are accepted',
      async run(ctx) {
        const cases: [string, string][] = [
          ['ftp://example.com/file', 'only http and https URLs are accepted'],
          ['javascript:alert(1)', 'a javascript: URL must be rejected'],
          ['example.com/no-scheme', 'a URL without a scheme is not absolute'],
          ['/relative/path', 'a relative path is not an absolute URL'],
          ['http://', 'a URL must have a host'],
          ['', 'an empty url must be rejected'],
        ];
        for (const [url, why] of cases) await expectRejected(ctx, { url }, 400, `${why}: POST /urls {"url": ${JSON.stringify(url)}} must answer 400`);
        const part = token(ctx.random, 8);
        await expectRejected(ctx, { url: urlOfLength(2049, part) }, 400, 'a url of 2049 characters is over the limit of 2048: 400');
        const longest = urlOfLength(2048, part);
        const code = await shorten(serviceOf(ctx), { url: longest }, 'a url of exactly 2048 characters is within the limit');
        await expectRedirect(ctx, code, longest);
      },
    },
    {
      id: 'url-characters',
      title: 'A url is printable ASCII only (0x21 to 0x7E): spaces, control characters and non-ASCII letters answer 400',
      async run(ctx) {
        const part = token(ctx.random, 8);
        const cases: [string, string][] = [
          [`https://example.com/${part}/a b`, 'a space (0x20) is just below printable ASCII'],
          [`https://example.com/${part}/a\x7fb`, 'DEL (0x7F) is just above printable ASCII'],
          [`https://example.com/${part}/\tx`, 'a tab is a control character'],
          [`https://example.com/${part}/caf\u00e9`, 'é is not ASCII (percent-encode it: caf%C3%A9)'],
          [`https://b\u00fccher.example/${part}`, 'a non-ASCII host is not ASCII either (its ASCII form is xn--bcher-kva.example)'],
        ];
        for (const [url, why] of cases) await expectRejected(ctx, { url }, 400, `${why}: POST /urls {"url": ${JSON.stringify(url)}} must answer 400`);
        for (const url of [`https://example.com/${part}/~user/!bang`, `https://example.com/${part}/caf%C3%A9`]) {
          const code = await shorten(serviceOf(ctx), { url }, `${url} is printable ASCII ('!' is 0x21, '~' is 0x7E, a percent-escape is ASCII)`);
          await expectRedirect(ctx, code, url);
        }
      },
    },
    {
      id: 'null-is-absent',
      title: 'null in an optional field (alias, ttlSeconds) means the field is absent; url is required',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const inputs: [Record<string, unknown>, string][] = [
          [{ alias: null }, '"alias": null means no alias: a generated code'],
          [{ ttlSeconds: null }, '"ttlSeconds": null means no ttl: a link that never expires'],
          [{ alias: null, ttlSeconds: null }, 'both null: a generated code with no ttl'],
        ];
        for (const [extra, why] of inputs) {
          const url = uniqueUrl(ctx.random, 'null');
          const code = await shorten(svc, { url, ...extra }, `${JSON.stringify(extra)}: ${why}`);
          await expectRedirect(ctx, code, url);
        }
        await expectRejected(ctx, { url: null }, 400, 'url is required: {"url": null} must answer 400');
      },
    },
    {
      id: 'aliases',
      title: 'An alias becomes the code; a taken alias answers 409',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const alias = `${token(ctx.random, 6)}_my-link`;
        const url = uniqueUrl(ctx.random, 'alias');
        await shorten(svc, { url, alias });
        await expectRedirect(ctx, alias, url);
        await expectRejected(ctx, { url: uniqueUrl(ctx.random, 'alias-again'), alias }, 409, `the alias ${alias} is taken: a second POST with it must answer 409`);
        await expectRedirect(ctx, alias, url, 'a refused alias must leave the first link untouched');
        for (const edge of [token(ctx.random, 3), token(ctx.random, 32)]) {
          const edgeUrl = uniqueUrl(ctx.random, 'edge');
          await shorten(svc, { url: edgeUrl, alias: edge }, `an alias of ${edge.length} characters is within ^[0-9A-Za-z_-]{3,32}$`);
          await expectRedirect(ctx, edge, edgeUrl);
        }
      },
    },
    {
      id: 'bad-aliases',
      title: 'Aliases outside ^[0-9A-Za-z_-]{3,32}$ answer 400',
      async run(ctx) {
        const cases: [unknown, string][] = [
          [token(ctx.random, 2), 'shorter than 3 characters'],
          [token(ctx.random, 33), 'longer than 32 characters'],
          ['has space', 'a space is not in [0-9A-Za-z_-]'],
          ['dot.ted', 'a dot is not in [0-9A-Za-z_-]'],
          ['sl/ash', 'a slash is not in [0-9A-Za-z_-]'],
          [12345, 'an alias must be a string'],
        ];
        for (const [alias, why] of cases) {
          await expectRejected(ctx, { url: uniqueUrl(ctx.random, 'bad-alias'), alias }, 400, `alias ${JSON.stringify(alias)}: ${why}, so 400`);
        }
      },
    },
    {
      id: 'reserved-aliases',
      title: 'The paths the server serves (healthz, urls) are not aliases: 400',
      async run(ctx) {
        for (const alias of ['healthz', 'urls']) {
          await expectRejected(ctx, { url: uniqueUrl(ctx.random, 'reserved'), alias }, 400, `alias ${JSON.stringify(alias)} is a path the server serves (GET /${alias}), reserved: 400`);
        }
        await expectStatus(ctx, 'GET', '/healthz', 200, 'GET /healthz still answers 200');
      },
    },
    {
      id: 'bad-ttls',
      title: 'ttlSeconds must be a positive number',
      async run(ctx) {
        for (const [ttlSeconds, why] of [[0, 'zero is not positive'], [-5, 'a negative ttl'], ['60', 'a string is not a number']] as const) {
          await expectRejected(ctx, { url: uniqueUrl(ctx.random, 'ttl'), ttlSeconds }, 400, `ttlSeconds ${JSON.stringify(ttlSeconds)}: ${why}, so 400`);
        }
        const url = uniqueUrl(ctx.random, 'ttl-ok');
        const code = await shorten(serviceOf(ctx), { url, ttlSeconds: 3600 }, 'ttlSeconds 3600 is valid');
        await expectRedirect(ctx, code, url, 'a link with an hour to live must redirect');
      },
    },
  ],
});
