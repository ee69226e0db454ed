// Settings every raft stage shares (not a stage itself).
import type { ClusterOptions, NetworkSpec } from '../../../src/grader/api.js';

/** A reliable network: every node-to-node message takes 10 to 30 ms, nothing lost. */
export const RELIABLE: NetworkSpec = { latency: { kind: 'uniform', minMs: 10, maxMs: 30 } };
export const FIVE: ClusterOptions = { nodes: 5, network: RELIABLE };
/** How long a cluster with a majority up and connected may take to have a leader (first election, or after a fault). */
export const ELECTION_BOUND_MS = 3_000;
/** How long a node in a minority, or a deposed leader, may take to hear of a newer term once it can. */
export const STEP_DOWN_BOUND_MS = 1_000;

/** The nodes of `all` not in `some`. */
export const without = (all: readonly string[], ...some: string[]) => all.filter((n) => !some.includes(n));
