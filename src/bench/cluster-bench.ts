// The cluster engine's speed for `npm run bench`: simulated events per second of a 25-node broadcast on the
// efficiency stage's network (100 ms links), in one track, with the engine's own gossip node.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCluster, openLocalRuntime } from '../grader/cluster/local.js';
import { PROJECT_ROOT } from '../paths.js';

export interface ClusterBenchResult {
  events: number;
  wallMs: number;
  /** CPU time of the grader and of the driver process (Linux only; undefined elsewhere): on a busy machine their sum is the better guide. */
  graderCpuMs: number;
  driverCpuMs?: number;
  eventsPerSecond: number;
}

/** A process's CPU time from /proc (user + system), in ms; undefined where there is no /proc. */
async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** Runs broadcasts (one every 20 virtual ms, to a node in turn) until `events` node events have been handled. */
export async function benchClusterEngine(trackId: string, events = 100_000): Promise<ClusterBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sysdesign-cluster-bench-'));
  const runtime = await openLocalRuntime(trackId, join(PROJECT_ROOT, 'fixtures', 'cluster', trackId, 'gossip'), dir);
  try {
    const warm = await localCluster(runtime, { nodes: 25, seed: 1 });
    await warm.call('n1', { type: 'broadcast', message: 0 });
    const cluster = await localCluster(runtime, { nodes: 25, seed: 2, network: { latency: { kind: 'fixed', ms: 100 } } });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const driverBefore = await processCpuMs(runtime.pid);
    for (let i = 0; cluster.stats().events < events; i++) {
      cluster.invoke(`n${(i % 25) + 1}`, { type: 'broadcast', message: i });
      await cluster.runFor(20);
    }
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const driverAfter = await processCpuMs(runtime.pid);
    const handled = cluster.stats().events;
    return {
      events: handled, wallMs, graderCpuMs: (used.user + used.system) / 1000, eventsPerSecond: handled / (wallMs / 1000),
      ...(driverBefore !== undefined && driverAfter !== undefined ? { driverCpuMs: driverAfter - driverBefore } : {}),
    };
  } finally {
    await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
