// The backends the learner's balancer spreads requests over (lab.yaml service.helpers.backend), not a stage.
// Each instance echoes what it received as JSON, so the checks can see exactly what the balancer forwarded.
// A request can ask for a particular answer through x-echo-* headers, or for a fault on named instances
// (x-reset-on, x-hang-on), which lets the checks aim a failure at one backend while its health check passes.
import { defineHelper } from '../../../src/grader/api.js';

/** Requests each instance received (by name, e.g. backend-2), health checks excluded; read through `count` in the echo. */
const received = new Map<string, number>();

/** A deterministic body of `size` bytes for x-echo-size. */
export function patternBody(size: number): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789\n';
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function named(header: string | string[] | undefined): string[] {
  return (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export const helper = defineHelper({
  handle(req, res, info) {
    const name = `${info.name}-${info.index + 1}`;
    if (req.method === 'GET' && req.url === '/healthz') {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const count = (received.get(name) ?? 0) + 1;
    received.set(name, count);
    if (named(req.headers['x-reset-on']).includes(name)) { req.socket.destroy(); return; }
    if (named(req.headers['x-hang-on']).includes(name)) { req.resume(); return; } // held until the balancer gives up
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string | string[]> = { 'x-backend': name };
      const extra = req.headers['x-echo-set'];
      for (const pair of named(extra)) {
        const at = pair.indexOf('=');
        if (at > 0) headers[pair.slice(0, at)] = pair.slice(at + 1);
      }
      const cookies = Number(req.headers['x-echo-cookies'] ?? 0);
      if (cookies > 0) headers['set-cookie'] = Array.from({ length: cookies }, (_, i) => `c${i + 1}=v${i + 1}`);
      const status = Number(req.headers['x-echo-status'] ?? 200);
      const size = req.headers['x-echo-size'];
      if (size !== undefined) {
        res.writeHead(status, { ...headers, 'content-type': 'text/plain' }).end(patternBody(Number(size)));
        return;
      }
      const body = JSON.stringify({
        backend: name, count, method: req.method, url: req.url, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (status === 204 || status === 304) { res.writeHead(status, headers).end(); return; }
      res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    });
  },
});
