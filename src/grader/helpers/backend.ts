import type { HelperDefinition } from '../service/types.js';

/**
 * The generic backend (`builtin: backend`): answers every request 200 with JSON naming the instance, the
 * method and the path, and `GET /healthz` with 200 (the readiness convention of every service lab). Latency, failures and outages are set by the checks
 * through the helper's controls, not here.
 */
export const backend: HelperDefinition = {
  handle(req, res, info) {
    const body = req.url === '/healthz'
      ? { ok: true, backend: `${info.name}-${info.index + 1}` }
      : { backend: `${info.name}-${info.index + 1}`, method: req.method, path: req.url };
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': `${info.name}-${info.index + 1}` });
      res.end(JSON.stringify(body));
    });
  },
};

export const BUILTIN_HELPERS: Record<string, HelperDefinition> = { backend };
