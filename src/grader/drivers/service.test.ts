import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedLab } from '../../catalog/catalog.js';
import type { Track } from '../../catalog/schema/track.js';
import { ProgramFault, type Step } from '../check-failure.js';
import type { GradeEvent } from '../events.js';
import type { DriverRequest } from './driver.js';
import { openServiceDriver } from './service.js';

/** A tiny server in plain Node: counts writes into DATA_DIR/count, echoes env on /env. */
const SERVER = `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
const file = path.join(process.env.DATA_DIR, 'count');
console.log('starting on', process.env.PORT);
console.error('stderr line');
http.createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  if (req.url === '/env') return res.end(JSON.stringify({ greeting: process.env.GREETING, backends: process.env.BACKENDS }));
  if (req.url === '/bump') { const n = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) + 1 : 1; fs.writeFileSync(file, String(n)); return res.end(JSON.stringify({ n })); }
  if (req.url === '/pid') return res.end(String(process.pid));
  if (req.url === '/proxy') return http.get(process.env.BACKENDS.split(',')[0] + '/x', (r) => { let b = ''; r.on('data', (c) => b += c); r.on('end', () => res.end(r.statusCode + ' ' + b)); }).on('error', (e) => res.end('error ' + e.code));
  res.statusCode = 404; res.end();
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const track = { id: 'node', title: 'Node', build: {}, run: { command: 'node', args: [], env: {} }, faults: [] } as unknown as Track;

function labWith(service: Record<string, unknown>): LoadedLab {
  return {
    id: 'svc', version: 1, title: 'Service', kind: 'service', replyTimeoutMs: 1000, dir: '/nonexistent', stages: [], tracks: {},
    service: { startTimeoutMs: 3000, env: { GREETING: 'hello' }, helpers: {}, instances: 1, ...service },
  } as unknown as LoadedLab;
}

describe('service driver', () => {
  let runDir: string;
  const events: GradeEvent[] = [];
  const request = (script: string, service: Record<string, unknown> = {}): DriverRequest => ({
    lab: labWith(service), track, trackId: 'node', env: process.env, signal: new AbortController().signal, runDir,
    spawn: { command: process.execPath, args: ['-e', script], cwd: runDir, env: { PATH: process.env.PATH ?? '' } },
    emit: (e) => events.push(e), bench: { quick: true, fresh: true },
  });
  beforeEach(async () => { runDir = await mkdtemp(join(tmpdir(), 'service-driver-')); });
  afterEach(async () => { await rm(runDir, { recursive: true, force: true }); });

  it('starts the server with PORT, DATA_DIR and the lab env, records each exchange, and keeps DATA_DIR across restarts', async () => {
    const session = await openServiceDriver(request(SERVER));
    try {
      const steps: Step[] = [];
      const svc = session.contextFor(steps).service!;
      expect(JSON.parse((await svc.request('GET', '/env')).body)).toMatchObject({ greeting: 'hello' });
      expect((await svc.request('POST', '/bump', { body: { a: 1 } })).json).toEqual({ n: 1 });
      expect(steps[1]).toEqual({ kind: 'http', request: 'POST /bump {"a":1}', reply: '200 {"n":1}' });
      const firstPid = (await svc.request('GET', '/pid')).body;
      await svc.restart();
      expect((await svc.request('GET', '/pid')).body).not.toBe(firstPid);
      expect((await svc.request('GET', '/bump')).json).toEqual({ n: 2 });
      await svc.restart({ crash: true });
      expect((await svc.request('GET', '/bump')).json).toEqual({ n: 3 });
      expect(steps.filter((s) => s.kind === 'note').map((s) => (s as { text: string }).text)).toEqual([
        expect.stringContaining('gracefully (SIGTERM'), expect.stringContaining('SIGKILL'),
      ]);
      expect(session.outputTail()).toEqual(expect.arrayContaining([expect.stringContaining('starting on'), 'stderr line']));
      const burst = await svc.load({ requests: [{ method: 'GET', path: '/healthz' }, { method: 'GET', path: '/nope' }], total: 50, concurrency: 5 });
      expect(burst).toMatchObject({ sent: 50, statuses: { 200: 25, 404: 25 }, errors: 0 });
      expect(burst.replies).toBeUndefined();
      const kept = await svc.load({ requests: [{ method: 'GET', path: '/healthz' }, { method: 'GET', path: '/nope' }], total: 6, concurrency: 3, keepReplies: true });
      expect(kept.replies?.map((r) => r?.status)).toEqual([200, 404, 200, 404, 200, 404]);
    } finally {
      await session.stop();
    }
    expect(session.alive).toBe(false);
  });

  it('fails with the fixed wording and the output tail when GET /healthz never answers 200', async () => {
    const silent = "console.log('booting, never listening'); setInterval(() => {}, 1000);";
    const error = await openServiceDriver(request(silent, { startTimeoutMs: 1000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramFault);
    expect((error as ProgramFault).message).toMatch(/^did not answer GET \/healthz within 1 s/);
    expect((error as ProgramFault).output).toEqual(['booting, never listening']);
  });

  it('says how the server exited when it dies before it is ready', async () => {
    const error = await openServiceDriver(request("console.error('boom'); process.exit(3)")).catch((e: unknown) => e);
    expect((error as ProgramFault).message).toBe('your server exited with code 3 before answering GET /healthz');
    expect((error as ProgramFault).output).toEqual(['boom']);
  });

  it('reports a request to a server that died as the program\'s fault', async () => {
    const session = await openServiceDriver(request(SERVER));
    const svc = session.contextFor([]).service!;
    const pid = Number((await svc.request('GET', '/pid')).body);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    await expect(svc.request('GET', '/healthz')).rejects.toThrow(/your server was killed by SIGKILL \(during GET \/healthz\)/);
    await session.stop();
  });

  it('runs builtin helpers, passes their addresses, and lets checks stop, slow and break them', async () => {
    const session = await openServiceDriver(request(SERVER, { helpers: { backend: { builtin: 'backend', count: 2, env: 'BACKENDS' } } }));
    try {
      const svc = session.contextFor([]).service!;
      const backends = svc.helper('backend');
      expect(backends.urls).toHaveLength(2);
      expect(JSON.parse((await svc.request('GET', '/env')).body).backends).toBe(backends.urls.join(','));
      expect((await svc.request('GET', '/proxy')).body).toMatch(/^200 \{"backend":"backend-1"/);
      await backends.fail('status-500', 0);
      expect((await svc.request('GET', '/proxy')).body).toBe('200 injected failure'.replace('200', '500'));
      await backends.fail(null);
      await backends.slow(300, 0);
      const started = Date.now();
      await svc.request('GET', '/proxy');
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      await backends.slow(0);
      await backends.stop(0);
      expect((await svc.request('GET', '/proxy')).body).toBe('error ECONNREFUSED');
      await backends.start(0);
      expect((await svc.request('GET', '/proxy')).body).toMatch(/^200 /);
      expect(await backends.requests(0)).toBe(4);
      expect(await backends.requests(1)).toBe(0);
      // How late the helpers' thread ran is a figure in ms, read (and started again) by each call.
      const stall = await svc.helperStallMs();
      expect(Number.isFinite(stall) && stall >= 0).toBe(true);
    } finally {
      await session.stop();
    }
  });

  it('runs several instances side by side when the lab asks, each with its own port, process and DATA_DIR, one transcript', async () => {
    const session = await openServiceDriver(request(SERVER, { instances: 3 }));
    try {
      const steps: Step[] = [];
      const svc = session.contextFor(steps).service!;
      expect(svc.instanceCount).toBe(3);
      const views = [0, 1, 2].map((i) => svc.on(i));
      expect(new Set(views.map((v) => v.baseUrl)).size).toBe(3);
      expect(views[0].baseUrl).toBe(svc.baseUrl);
      const pids = await Promise.all(views.map(async (v) => (await v.request('GET', '/pid')).body));
      expect(new Set(pids).size).toBe(3);
      await views[2].request('GET', '/bump');
      expect((await views[2].request('GET', '/bump')).json).toEqual({ n: 2 });
      expect((await views[1].request('GET', '/bump')).json).toEqual({ n: 1 });
      expect(steps[0]).toMatchObject({ kind: 'http', request: '[instance 0] GET /pid' });
      expect(steps.at(-1)).toMatchObject({ kind: 'http', request: '[instance 1] GET /bump' });
      expect(() => svc.on(3)).toThrow(/3 instances/);
      await views[1].restart();
      expect((await views[1].request('GET', '/pid')).body).not.toBe(pids[1]);
      expect((await views[0].request('GET', '/pid')).body).toBe(pids[0]);
      expect(session.outputTail()).toEqual(expect.arrayContaining([expect.stringMatching(/^\[instance 2\] starting on/)]));
    } finally {
      await session.stop();
    }
    expect(existsSync(join(runDir, 'data-2', 'count'))).toBe(true);
  });

  it('keeps DATA_DIR inside the grade\'s folder', async () => {
    const session = await openServiceDriver(request(SERVER));
    await session.contextFor([]).service!.request('GET', '/bump');
    await session.stop();
    expect(existsSync(join(runDir, 'data', 'count'))).toBe(true);
  });
});
