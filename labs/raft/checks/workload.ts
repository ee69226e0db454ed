// Random key-value workloads and fault schedules for the explored stages (not a stage itself).
import {
  exploreCluster, fc, scenarioArbitrary,
  type Body, type CheckContext, type Cluster, type ClusterOptions, type Fault, type Random, type Scenario, type ScenarioShape,
} from '../../../src/grader/api.js';
import { runWorkload, type WorkloadOptions } from './kv.js';

export const KEYS = ['x', 'y', 'z'];
const value = fc.integer({ min: 0, max: 4 });

/** read, write and cas over a few keys, small values so that cas often succeeds. */
export const kvRequests: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS) }).map(({ key }): Body => ({ type: 'read', key })),
  fc.record({ key: fc.constantFrom(...KEYS), value }).map(({ key, value: v }): Body => ({ type: 'write', key, value: v })),
  fc.record({ key: fc.constantFrom(...KEYS), from: value, to: value }).map(({ key, from, to }): Body => ({ type: 'cas', key, from, to })),
);

/** The same kind of request drawn from the check's own generator (fixed scenarios). */
export function randomRequest(random: Random): Body {
  const key = random.pick(KEYS);
  switch (random.int(0, 2)) {
    case 0: return { type: 'read', key };
    case 1: return { type: 'write', key, value: random.int(0, 4) };
    default: return { type: 'cas', key, from: random.int(0, 4), to: random.int(0, 4) };
  }
}

/** A scenario's requests dealt to `clients` concurrent clients in time order; its faults at their times. */
export function toWorkload(scenario: Scenario, clients: number): WorkloadOptions {
  const requests = scenario.steps.filter((s) => s.kind === 'request');
  return {
    clients: Array.from({ length: clients }, (_, i) => ({
      id: `c${i + 1}`,
      requests: requests.filter((_, j) => j % clients === i).map((s) => (s as { body: Body }).body),
    })),
    faults: scenario.steps.filter((s) => s.kind !== 'request').map((s) => ({ at: s.at, fault: s as unknown as Fault })),
  };
}

export interface ExploreKvOptions {
  runs: number;
  cluster: ClusterOptions;
  clients: number;
  shape: Omit<ScenarioShape, 'nodes' | 'requests'>;
  /** What to do with one scenario on its fresh cluster (its workload is ready to run). */
  run(cluster: Cluster, workload: WorkloadOptions): Promise<void>;
}

/** Explores random workloads with faults; a failing one is shrunk over its requests and faults. */
export function exploreKv(ctx: CheckContext, options: ExploreKvOptions): Promise<void> {
  const nodes = Array.from({ length: options.cluster.nodes ?? 5 }, (_, i) => `n${i + 1}`);
  return exploreCluster(ctx, {
    runs: options.runs,
    cluster: options.cluster,
    scenarios: scenarioArbitrary({ nodes, requests: kvRequests, ...options.shape }),
    run: (cluster, scenario) => options.run(cluster, toWorkload(scenario, options.clients)),
  });
}

export { runWorkload };
