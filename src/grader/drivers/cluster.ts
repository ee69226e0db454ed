import { appendFileSync } from 'node:fs';
import { clusterSettings } from '../../catalog/schema/lab.js';
import { RuntimeProcess } from '../cluster/runtime.js';
import { SimCluster } from '../cluster/sim-cluster.js';
import type { Cluster, ClusterLab, ClusterOptions } from '../cluster/types.js';
import { programUnavailable, type DriverRequest, type DriverSession } from './driver.js';

/** The seed of the k-th cluster a check starts without naming one: apart from the check's, and fixed by it. */
const seedFor = (checkSeed: number, k: number) => (checkSeed + Math.imul(k, 0x9e3779b1)) >>> 0;

/**
 * Cluster labs: the track's cluster driver hosts every node in one process for the whole grade; each
 * cluster a check starts resets it. With a trace file, every run's events are appended to it as JSON lines.
 */
export const openClusterDriver = async (request: DriverRequest): Promise<DriverSession> => {
  const settings = clusterSettings(request.lab);
  const open = () => new RuntimeProcess(request.spawn, settings.batchTimeoutMs, request.track.faults);
  let runtime = open();
  let current: { cluster: Cluster; label: string } | undefined;
  let runs = 0;
  const flushTrace = () => {
    if (!current || !request.traceFile) return;
    const { cluster, label } = current;
    const lines = [JSON.stringify({ kind: 'run', run: runs, check: label, seed: cluster.seed, nodes: cluster.nodeIds }),
      ...cluster.trace.map((e) => JSON.stringify(e))];
    appendFileSync(request.traceFile, `${lines.join('\n')}\n`);
    current = undefined;
  };
  const labFor = (checkSeed: number, label: string): ClusterLab => {
    let started = 0;
    return {
      settings,
      async start(options: ClusterOptions = {}) {
        flushTrace();
        // A driver that died in an earlier check (a stuck handler) is replaced; this check gets a fresh one.
        if (!runtime.alive) { await runtime.stop(); runtime = open(); }
        const nodes = options.nodes ?? settings.nodes;
        if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) throw new Error(`a cluster has 1 to 64 nodes (got ${nodes})`);
        const nodeIds = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
        const seed = (options.seed ?? seedFor(checkSeed, started++)) >>> 0;
        await runtime.reset({ cmd: 'reset', nodes: nodeIds, seed });
        const cluster = new SimCluster({
          nodeIds, seed, network: options.network ?? {}, host: runtime,
          requestTimeoutMs: options.requestTimeoutMs ?? settings.requestTimeoutMs, maxEvents: options.maxEvents ?? settings.maxEvents,
        });
        runs++;
        current = { cluster, label };
        return cluster;
      },
    };
  };
  return {
    get alive() { return runtime.alive; },
    contextFor(_steps, check = { id: 'check', seed: 0 }) {
      return { program: programUnavailable('cluster'), cluster: labFor(check.seed, check.id) };
    },
    outputTail: () => runtime.stderrTail,
    stop: async () => { flushTrace(); await runtime.stop(); },
  };
};
