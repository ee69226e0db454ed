import type { CheckContext } from '../api.js';
import type { ClusterLab } from './types.js';

/** The simulated cluster of a cluster lab's check, or a clear error in any other kind of lab. */
export function clusterOf(ctx: CheckContext): ClusterLab {
  if (!ctx.cluster) throw new Error('ctx.cluster is only there in cluster labs (lab.yaml kind: cluster)');
  return ctx.cluster;
}
