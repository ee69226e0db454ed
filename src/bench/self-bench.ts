// `npm run bench`: the tool's own speed, in one run, as a markdown table. Medians over several runs, and
// ratios to `node -e 0`; then the grader's overhead on a load benchmark (autocannon through the grader's
// worker against autocannon's own CLI, same server, same settings, alternating) and the spread of the
// url-shortener reference's throughput over 5 runs.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import getPort from 'get-port';
import { loadCatalog } from '../catalog/catalog.js';
import { ChildProcess } from '../grader/process/child.js';
import { sendRequest } from '../grader/service/http-client.js';
import { PROJECT_ROOT } from '../paths.js';
import { tsxLoaderUrl } from '../tracks/command.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { runLoad } from './run.js';

const RUNS = Number(process.env.SELF_BENCH_RUNS ?? 5);
const LOAD_SECONDS = Number(process.env.SELF_BENCH_LOAD_SECONDS ?? 3);
const CONNECTIONS = 32;
const BIN = join(PROJECT_ROOT, 'bin', 'sysdesign.js');
const rows: string[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function medianOf(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeIt(fn));
  return median(times);
}

const home = await mkdtemp(join(tmpdir(), 'sysdesign-self-bench-'));
const env = { ...process.env, SYSDESIGN_HOME: home, NO_COLOR: '1' };
const cli = (args: string[], cwd = PROJECT_ROOT) => execa(process.execPath, [BIN, ...args], { env, cwd, reject: false });

try {
  const baseline = await medianOf(() => execa(process.execPath, ['-e', '0']));
  const line = (what: string, ms: number) => rows.push(`| ${what} | ${ms.toFixed(0)} ms | ${(ms / baseline).toFixed(1)}× |`);
  line('`node -e 0`', baseline);
  line('`sysdesign --help`', await medianOf(() => cli(['--help'])));
  line('`sysdesign list`', await medianOf(() => cli(['list'])));

  const catalog = await loadCatalog();
  const breaker = catalog.lab('circuit-breaker');
  for (const [trackId, track] of Object.entries(breaker.tracks)) {
    if (!(await detectToolchain(catalog.track(trackId))).ok) { rows.push(`| grade circuit-breaker reference (${trackId}) | toolchain missing | |`); continue; }
    const ws = join(home, `cb-${trackId}`);
    await cli(['start', 'circuit-breaker', '--lang', trackId, '--dir', ws]);
    for (const file of track.edit) await cp(join(breaker.dir, track.reference, file), join(ws, file));
    line(`\`sysdesign grade\` circuit-breaker reference (${trackId})`, await medianOf(() => cli(['grade', '--dir', ws, '--seed', '1'])));
  }

  // The cluster engine: simulated events per second per track, then each cluster lab's reference graded.
  const { benchClusterEngine } = await import('./cluster-bench.js');
  for (const trackId of catalog.tracks.keys()) {
    if (!catalog.track(trackId).runtime.cluster) continue;
    if (!(await detectToolchain(catalog.track(trackId))).ok) { rows.push(`| cluster engine (${trackId}) | toolchain missing | |`); continue; }
    const r = await benchClusterEngine(trackId);
    rows.push(`| cluster engine (${trackId}): ${r.events} events of a 25-node broadcast, 100 ms links | ${r.wallMs.toFixed(0)} ms | ${Math.round(r.eventsPerSecond)} events/s; CPU: grader ${r.graderCpuMs.toFixed(0)} ms${r.driverCpuMs === undefined ? '' : `, nodes ${r.driverCpuMs.toFixed(0)} ms`} |`);
  }
  for (const lab of catalog.labs.filter((l) => l.kind === 'cluster')) {
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      if (!(await detectToolchain(catalog.track(trackId))).ok) continue;
      const ws = join(home, `${lab.id}-${trackId}`);
      await cli(['start', lab.id, '--lang', trackId, '--dir', ws]);
      for (const file of track.edit) await cp(join(lab.dir, track.reference, file), join(ws, file));
      line(`\`sysdesign grade\` ${lab.id} reference (${trackId})`, await medianOf(() => cli(['grade', '--dir', ws, '--seed', '1']), 3));
    }
  }

  // The url-shortener TypeScript reference, started as the grader starts it.
  const shortener = catalog.lab('url-shortener');
  const ts = shortener.tracks.ts;
  const src = join(home, 'shortener');
  await cp(join(shortener.dir, ts.starter), src, { recursive: true });
  await cp(join(shortener.dir, ts.reference), src, { recursive: true });
  const port = await getPort({ host: '127.0.0.1' });
  const server = new ChildProcess({
    command: process.execPath, args: ['--import', tsxLoaderUrl(), ts.entry!], cwd: src,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: src },
  }, () => undefined);
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await sendRequest(base, 'GET', '/healthz', { timeoutMs: 500 }).then((r) => r.status === 200, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const created = await sendRequest(base, 'POST', '/urls', { body: { url: 'https://example.com/self-bench' }, timeoutMs: 2000 });
    const path = `/${(created.json as { code: string }).code}`;
    const job = { url: base, connections: CONNECTIONS, durationSeconds: LOAD_SECONDS, pipelining: 1, timeoutSeconds: 10, requests: [{ method: 'GET', path }], expectStatus: [302] };
    await runLoad({ ...job, durationSeconds: 1 }); // warm-up
    const grader: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < 3; i++) {
      grader.push((await runLoad(job)).requestsPerSecond);
      const out = await execa(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js'), '-c', String(CONNECTIONS), '-d', String(LOAD_SECONDS), '-j', `${base}${path}`], { reject: false });
      const r = JSON.parse(String(out.stdout)) as { requests: { total: number }; duration: number };
      own.push(r.requests.total / r.duration);
    }
    const g = median(grader);
    const o = median(own);
    rows.push(`| autocannon through the grader (worker), ${CONNECTIONS} connections, ${LOAD_SECONDS} s, median of 3 | ${Math.round(g)} req/s | ${((g / o - 1) * 100).toFixed(1)}% vs the CLI |`);
    rows.push(`| autocannon's own CLI, same server and settings, median of 3 | ${Math.round(o)} req/s | |`);
    const spread: number[] = [];
    for (let i = 0; i < 5; i++) spread.push((await runLoad(job)).requestsPerSecond);
    const m = median(spread);
    rows.push(`| url-shortener reference (ts) throughput over 5 runs: min / median / max | ${Math.round(Math.min(...spread))} / ${Math.round(m)} / ${Math.round(Math.max(...spread))} req/s | spread ${(((Math.max(...spread) - Math.min(...spread)) / m) * 100).toFixed(1)}% of the median |`);
  } finally {
    await server.stop();
  }
  process.stdout.write(`| what | median | ratio |\n|---|---|---|\n${rows.join('\n')}\n`);
} finally {
  await rm(home, { recursive: true, force: true });
}
