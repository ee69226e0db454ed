import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { patternBody } from './backend.js';
import { describe, echo } from './shared.js';

export const stage = defineStage({
  id: 'forwarding',
  checks: [
    {
      id: 'method-path-query',
      title: 'Every method, path and query string reaches a backend exactly as sent (other methods on /healthz included)',
      async run(ctx) {
        const cases: [string, string][] = [
          ['GET', '/'],
          ['GET', '/items/42?expand=owner&sort=-created&tag=a&tag=b'],
          ['POST', '/orders?dry_run=1'],
          ['PUT', '/files/a%20b/%E2%9C%93%2Fslash'],
          ['PATCH', '/users/7?fields=name%2Cemail&empty='],
          ['DELETE', '/sessions/abc?flag'],
          ['OPTIONS', '/cors/preflight'],
          ['GET', '/healthz/not-the-balancers-own?x=1'],
          ['POST', '/healthz'],
          ['DELETE', '/healthz?x=1'],
        ];
        for (const [method, path] of cases) {
          const own = method !== 'GET' && path.split('?')[0] === '/healthz';
          const e = await echo(ctx, method, path, {}, own ? `only GET /healthz is the balancer's own: ${method} ${path} must be forwarded like any other request` : undefined);
          expectThat(e.method === method, `the backend must receive the client's method (${method} ${path})`, { expected: method, received: e.method });
          expectThat(e.url === path, 'the backend must receive the path and query string byte for byte (percent-escapes, repeated and empty parameters included)', { expected: path, received: e.url });
        }
      },
    },
    {
      id: 'headers-and-forwarded-for',
      title: 'Request headers are forwarded, X-Forwarded-For is added or appended to, hop-by-hop headers are dropped',
      async run(ctx) {
        const plain = await echo(ctx, 'GET', '/headers', { headers: { 'x-request-id': 'req-7f3a', 'accept-language': 'de-CH, en;q=0.5', authorization: 'Bearer t0ken' } });
        for (const [name, value] of [['x-request-id', 'req-7f3a'], ['accept-language', 'de-CH, en;q=0.5'], ['authorization', 'Bearer t0ken']]) {
          expectThat(plain.headers[name] === value, `the request header ${name} must reach the backend unchanged`, { expected: value, received: plain.headers[name] ?? '(absent)' });
        }
        expectThat(plain.headers['x-forwarded-for'] === '127.0.0.1', 'a request without X-Forwarded-For must reach the backend with X-Forwarded-For set to the client\'s address', { expected: '127.0.0.1', received: plain.headers['x-forwarded-for'] ?? '(absent)' });

        const chained = await echo(ctx, 'GET', '/headers', { headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.2' } });
        expectThat(chained.headers['x-forwarded-for'] === '203.0.113.7, 198.51.100.2, 127.0.0.1', 'an existing X-Forwarded-For keeps its addresses and gets the client\'s address appended after ", "', { expected: '203.0.113.7, 198.51.100.2, 127.0.0.1', received: chained.headers['x-forwarded-for'] ?? '(absent)' });

        const hop = await echo(ctx, 'GET', '/headers', { headers: { connection: 'close, x-hop-secret', 'x-hop-secret': 'only-for-the-next-hop', 'proxy-authorization': 'Basic cHJveHk6cGFzcw==', 'x-kept': 'yes' } });
        for (const name of ['x-hop-secret', 'proxy-authorization']) {
          expectThat(hop.headers[name] === undefined, `${name} is hop-by-hop (${name === 'x-hop-secret' ? 'the client named it in Connection' : 'a standard hop-by-hop header'}): the balancer must not forward it`, { expected: '(absent)', received: hop.headers[name] });
        }
        expectThat(hop.headers['x-kept'] === 'yes', 'end-to-end headers must still be forwarded', { expected: 'yes', received: hop.headers['x-kept'] ?? '(absent)' });
      },
    },
    {
      id: 'request-bodies',
      title: 'Request bodies reach the backend intact, small and large',
      async run(ctx) {
        const json = '{"name":"Zoë","items":[1,2,3],"note":"naïve café ✓"}';
        const small = await echo(ctx, 'POST', '/orders', { body: json, headers: { 'content-type': 'application/json' } });
        expectThat(small.body === json, 'the POST body must reach the backend byte for byte', { expected: json, received: small.body });
        expectThat(small.headers['content-type'] === 'application/json', 'Content-Type must be forwarded', { expected: 'application/json', received: small.headers['content-type'] ?? '(absent)' });
        const large = patternBody(300_000);
        const big = await echo(ctx, 'PUT', '/blobs/large', { body: large, headers: { 'content-type': 'text/plain' }, timeoutMs: 5000 });
        expectThat(big.body === large, 'a 300 000-byte PUT body must reach the backend whole', { expected: `${large.length} bytes`, received: `${big.body.length} bytes${big.body === large.slice(0, big.body.length) ? ' (a prefix of it)' : ' (different content)'}` });
      },
    },
    {
      id: 'responses',
      title: 'The backend\'s status, headers and body come back unchanged',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const teapot = await svc.request('GET', '/status', { headers: { 'x-echo-status': '418', 'x-echo-set': 'x-from-backend=yes, cache-control=max-age=60' } });
        expectThat(teapot.status === 418, 'the backend\'s status code must be returned as is (a backend\'s 4xx is an answer, not a failure)', { expected: 418, received: describe(teapot) });
        expectThat(teapot.headers['x-from-backend'] === 'yes' && teapot.headers['cache-control'] === 'max-age=60', 'the backend\'s response headers must be returned', { expected: { 'x-from-backend': 'yes', 'cache-control': 'max-age=60' }, received: { 'x-from-backend': teapot.headers['x-from-backend'] ?? '(absent)', 'cache-control': teapot.headers['cache-control'] ?? '(absent)' } });
        const e = teapot.json as { url?: string } | undefined;
        expectThat(e?.url === '/status', 'the backend\'s body must be returned as is', { received: teapot.body.slice(0, 200) });

        const cookies = await svc.request('GET', '/login', { headers: { 'x-echo-cookies': '2' } });
        expectThat(cookies.headers['set-cookie'] === 'c1=v1, c2=v2', 'a header the backend sends twice (two Set-Cookie lines) must come back twice', { expected: 'Set-Cookie: c1=v1 and Set-Cookie: c2=v2', received: cookies.headers['set-cookie'] ?? '(absent)' });

        const none = await svc.request('DELETE', '/items/9', { headers: { 'x-echo-status': '204' } });
        expectThat(none.status === 204 && none.body === '', 'a 204 from the backend comes back as 204 with no body', { expected: 204, received: describe(none) });

        const size = 500_000;
        const big = await svc.request('GET', '/download', { headers: { 'x-echo-size': String(size) }, timeoutMs: 5000 });
        expectThat(big.status === 200 && big.body === patternBody(size), `a ${size}-byte response body must come back whole`, { expected: `200 with ${size} bytes`, received: `${big.status} with ${big.body.length} bytes` });

        const head = await svc.request('HEAD', '/items/1');
        expectThat(head.status === 200 && head.headers['x-backend'] !== undefined && head.body === '', 'HEAD is forwarded like GET: the backend\'s status and headers, no body', { expected: '200 with x-backend, no body', received: `${head.status}${head.headers['x-backend'] ? '' : ' without x-backend'}${head.body ? ` with a body of ${head.body.length} bytes` : ''}` });
      },
    },
  ],
});
