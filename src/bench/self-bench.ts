// `npm run bench`: the tool's own speed, in one run, as a markdown table. Medians over several runs, and
// ratios to `node -e 0`: start-up, the cluster engine, every library and cluster lab's reference grade; then the grader's overhead on a load benchmark (autocannon through the grader's
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
import { expand } from '../tracks/command.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { runLoad } from './run.js';

const RUNS = Number(process.env.SELF_BENCH_RUNS ?? 5);
const LOAD_SECONDS = Number(process.env.SELF_BENCH_LOAD_SECONDS ?? 3);
const CONNECTIONS = 32;
const BIN = join(PROJECT_ROOT, 'bin', 'sysdesign.js');
// Each row is printed as soon as it is measured: the whole run takes minutes.
const row = (text: string): void => { process.stdout.write(`${text}\n`); };
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

process.stdout.write('| what | median | ratio |\n|---|---|---|\n');
try {
  const baseline = await medianOf(() => execa(process.execPath, ['-e', '0']));
  const line = (what: string, ms: number) => row(`| ${what} | ${ms.toFixed(0)} ms | ${(ms / baseline).toFixed(1)}× |`);
  line('`node -e 0`', baseline);
  line('`sysdesign --help`', await medianOf(() => cli(['--help'])));
  line('`sysdesign list`', await medianOf(() => cli(['list'])));

  const catalog = await loadCatalog();
  // The cluster engine: simulated events per second per track.
  const { benchClusterEngine } = await import('./cluster-bench.js');
  for (const trackId of catalog.tracks.keys()) {
    if (!catalog.track(trackId).runtime.cluster) continue;
    if (!(await detectToolchain(catalog.track(trackId))).ok) { row(`| cluster engine (${trackId}) | toolchain missing | |`); continue; }
    const r = await benchClusterEngine(trackId);
    row(`| cluster engine (${trackId}): ${r.events} events of a 25-node broadcast, 100 ms links | ${r.wallMs.toFixed(0)} ms | ${Math.round(r.eventsPerSecond)} events/s; CPU: grader ${r.graderCpuMs.toFixed(0)} ms${r.driverCpuMs === undefined ? '' : `, nodes ${r.driverCpuMs.toFixed(0)} ms`} |`);
  }

  // Every library and cluster lab's reference graded as a learner grades it (warm build cache: the first,
  // unmeasured grade fills it). Service labs are left out: their grade is mostly a fixed-length benchmark.
  for (const lab of catalog.labs.filter((l) => l.kind !== 'service')) {
    for (const [trackId, track] of Object.entries(lab.tracks)) {
      if (!(await detectToolchain(catalog.track(trackId))).ok) { row(`| grade ${lab.id} reference (${trackId}) | toolchain missing | |`); continue; }
      const ws = join(home, `${lab.id}-${trackId}`);
      await cli(['start', lab.id, '--lang', trackId, '--dir', ws]);
      for (const file of track.edit) await cp(join(lab.dir, track.reference, file), join(ws, file));
      const grade = () => cli(['grade', '--dir', ws, '--seed', '1', '--previous']);
      await grade();
      line(`\`sysdesign grade\` ${lab.id} reference (${trackId}, ${lab.kind}, ${lab.stages.length} stages)`, await medianOf(grade, lab.kind === 'cluster' ? 3 : RUNS));
    }
  }

  // The url-shortener TypeScript reference, built and started with the track's own build and run lines.
  const shortener = catalog.lab('url-shortener');
  const ts = shortener.tracks.ts;
  const src = join(home, 'shortener');
  const out = join(home, 'shortener-build');
  await cp(join(shortener.dir, ts.starter), src, { recursive: true });
  await cp(join(shortener.dir, ts.reference), src, { recursive: true });
  const build = expand(catalog.track('ts').build.default, { entry: ts.entry, src, out });
  await execa(build.command, build.args, { cwd: src, env: { ...process.env, ...build.env } });
  const run = expand(catalog.track('ts').run, { entry: ts.entry, src, out, memoryMiB: shortener.memoryMiB });
  const port = await getPort({ host: '127.0.0.1' });
  const server = new ChildProcess({
    command: run.command, args: run.args, cwd: src,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: src, ...run.env },
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
    row(`| autocannon through the grader (worker), ${CONNECTIONS} connections, ${LOAD_SECONDS} s, median of 3 | ${Math.round(g)} req/s | ${((g / o - 1) * 100).toFixed(1)}% vs the CLI |`);
    row(`| autocannon's own CLI, same server and settings, median of 3 | ${Math.round(o)} req/s | |`);
    const spread: number[] = [];
    for (let i = 0; i < 5; i++) spread.push((await runLoad(job)).requestsPerSecond);
    const m = median(spread);
    row(`| url-shortener reference (ts) throughput over 5 runs: min / median / max | ${Math.round(Math.min(...spread))} / ${Math.round(m)} / ${Math.round(Math.max(...spread))} req/s | spread ${(((Math.max(...spread) - Math.min(...spread)) / m) * 100).toFixed(1)}% of the median |`);
  } finally {
    await server.stop();
  }
} finally {
  await rm(home, { recursive: true, force: true });
}
