import type { CheckContext } from '../api.js';
import { clusterOf } from './context.js';
import type { Cluster, ClusterOptions, TraceEvent } from './types.js';

export interface DeterminismOptions {
  cluster?: ClusterOptions;
  /** What to run; called twice, each time on a fresh cluster with the same seed. */
  run(cluster: Cluster): Promise<void>;
}

/**
 * Runs the same workload twice from the same seed and fails at the first event that differs: a node that
 * reads the wall clock, uses global randomness or lets map iteration order reach its messages is caught here.
 */
export async function expectDeterministic(ctx: CheckContext, options: DeterminismOptions): Promise<void> {
  const lab = clusterOf(ctx);
  const seed = options.cluster?.seed ?? ctx.seed;
  const traces: TraceEvent[][] = [];
  for (let run = 0; run < 2; run++) {
    const cluster = await lab.start({ ...options.cluster, seed });
    await options.run(cluster);
    traces.push([...cluster.trace]);
  }
  const [first, second] = traces.map((t) => t.map((e) => JSON.stringify(e)));
  const length = Math.max(first.length, second.length);
  for (let i = 0; i < length; i++) {
    if (first[i] === second[i]) continue;
    ctx.fail(`your nodes behaved differently on a replay of the same seed (event ${i + 1} of the run differs). ` +
      REPLAY_ADVICE, { expected: first[i] ?? '(the first run ended here)', received: second[i] ?? '(the replay ended here)' });
  }
}

const REPLAY_ADVICE = 'A node must take time only from ctx.now(), randomness only from ctx.random(), keep no state outside ' +
  'the node object (no module-level variables), and never let the iteration order of a Go map reach a message or a timer.';
