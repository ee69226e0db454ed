/**
 * What a cluster lab's checks see (re-exported by api.ts). The grader simulates N copies of the learner's
 * node on a virtual network it owns: the clock moves only inside `runFor`/`runUntil`/`call`/`play`, so a check
 * can set up faults, issue requests and read results between two steps without racing anything.
 */
import type { ClusterDef } from '../../catalog/schema/lab.js';

/** A server node's id (`n1`, `n2`, …) or a client's (`c1`, …). */
export type NodeId = string;

/** A Maelstrom message body: `type` names it; `msg_id` and `in_reply_to` pair requests with replies. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

export interface Message { src: NodeId; dest: NodeId; body: Body }

/** One message's one-way delay in virtual ms, drawn from the run's seed (whole ms, at least 1). */
export type Latency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  /** minMs plus an exponential tail of mean `meanMs - minMs`, cut at `maxMs`. */
  | { kind: 'exponential'; minMs: number; meanMs: number; maxMs: number };

/**
 * The simulated network between server nodes. Messages between clients and nodes only take `clientLatency`:
 * they are never lost, duplicated or cut by a partition (as in Maelstrom, faults are between servers).
 */
export interface NetworkSpec {
  /** Node-to-node latency; default uniform 1–10 ms. Different delays on one link reorder its messages. */
  latency?: Latency;
  /** Client-to-node latency (both ways); default fixed 1 ms. */
  clientLatency?: Latency;
  /** Probability that a node-to-node message is lost (0–1); default 0. */
  loss?: number;
  /** Probability that a delivered node-to-node message arrives a second time, with its own delay; default 0. */
  duplicate?: number;
  /** When true, a link never reorders: a message never arrives before one sent earlier on the same link. */
  fifo?: boolean;
}

export interface ClusterOptions {
  /** Server nodes n1…nN; the lab's `cluster.nodes` (5 unless lab.yaml says otherwise) when absent. */
  nodes?: number;
  network?: NetworkSpec;
  /** Virtual ms a client waits for a reply (`call`, `play`); the lab's `cluster.requestTimeoutMs` when absent. */
  requestTimeoutMs?: number;
  /** Bound on node events in this run (the lab's `cluster.maxEvents` when absent); beyond it the check fails. */
  maxEvents?: number;
  /** The run's seed (latencies, losses, the nodes' `random()`); derived from the check's seed when absent. */
  seed?: number;
}

/** One client request and, once it came, its reply. Times are virtual ms. */
export interface ClientOp {
  /** 1, 2, … in the order of invocation within the run. */
  readonly id: number;
  readonly client: NodeId;
  readonly node: NodeId;
  readonly request: Body;
  readonly invokedAt: number;
  /** `pending` until the reply arrives (`ok`, even if the body is an error) or the timeout passes (`timeout`). */
  readonly status: 'pending' | 'ok' | 'timeout';
  readonly reply?: Body;
  readonly completedAt?: number;
}

/** Counts since the cluster started (or since `resetStats`), exact because the network is simulated. */
export interface ClusterStats {
  /** Node-to-node messages sent (lost and cut ones included; a duplicate delivery is not a second send). */
  serverMessages: number;
  /** Node-to-node messages by body type. */
  byType: Record<string, number>;
  /** Client requests invoked, and how many got a reply (probes left out). */
  clientRequests: number;
  clientReplies: number;
  /** serverMessages / clientRequests (0 without requests): Gossip Glomers' "messages per operation". */
  messagesPerOp: number;
  /** Messages lost to `loss`, to a partition or cut, or sent to a crashed node; extra copies from `duplicate`. */
  lost: number;
  cut: number;
  toCrashed: number;
  duplicated: number;
  /** Handler calls (deliveries, timers, inits). */
  events: number;
}

/** The latency summary of completed client operations, in virtual ms (nearest-rank percentiles). */
export interface LatencySummary { count: number; min: number; p50: number; p90: number; p99: number; max: number; mean: number }

/** A fault or network change, scheduled in a scenario or applied now on a cluster. */
export type Fault =
  /** Splits the servers into groups that cannot reach each other; nodes left out form one more group. */
  | { kind: 'partition'; groups: NodeId[][] }
  /** One-way cut: messages from any of `from` to any of `to` are dropped (added to the current cuts). */
  | { kind: 'cut'; from: NodeId[]; to: NodeId[] }
  /** Removes every partition and cut. */
  | { kind: 'heal' }
  /** Stops the node: its volatile state and timers are gone, messages to it are lost. Storage is kept. */
  | { kind: 'crash'; node: NodeId }
  /** Starts a crashed node again: a new node object, then init, with its storage as persisted. */
  | { kind: 'restart'; node: NodeId };

/** A client request in a scenario; `client` defaults to one fresh client id per request. */
export interface RequestStep { kind: 'request'; node: NodeId; body: Body; client?: NodeId }

/** One step of a scenario, at a virtual time relative to the scenario's start. */
export type ScenarioStep = { at: number } & (RequestStep | Fault);

/** A schedule of client requests and faults: what exploration generates and shrinks. */
export interface Scenario { steps: ScenarioStep[] }

/** One line of the trace (`grade --trace FILE` writes them as JSON lines). */
export type TraceEvent = { t: number } & (
  | { kind: 'init' | 'crash' | 'restart'; node: NodeId }
  | { kind: 'send'; msg: Message; fate: 'sent' | 'lost' | 'cut' | 'crashed'; arrives?: number; copies?: number }
  | { kind: 'deliver'; msg: Message }
  | { kind: 'timer'; node: NodeId; name: string }
  | { kind: 'store'; node: NodeId; key: string; value?: unknown }
  | { kind: 'invoke' | 'complete' | 'timeout'; op: number; client: NodeId; node: NodeId; body: Body; probe?: true }
  | { kind: 'partition'; groups: NodeId[][] }
  | { kind: 'cut'; from: NodeId[]; to: NodeId[] }
  | { kind: 'heal' }
  | { kind: 'log'; node: NodeId; text: string }
  | { kind: 'note'; text: string });

export interface CallOptions {
  /** The client sending the request; a fresh `c<k>` per call when absent. */
  client?: NodeId;
  /** Virtual ms to wait for the reply; the cluster's requestTimeoutMs when absent. */
  timeoutMs?: number;
  /**
   * A read for the check's own bookkeeping (awaitConvergence uses it): not in `history`, not counted in
   * `stats()`, and left out of the diagram unless it is among the last events.
   */
  probe?: boolean;
}

/** A running simulated cluster. Nothing moves between calls; every method is deterministic given the seed. */
export interface Cluster {
  readonly nodeIds: readonly NodeId[];
  readonly seed: number;
  /** Virtual ms since the cluster started. */
  now(): number;
  /** Sends a client request to `node` now, without running the simulation; the op settles in a later run. */
  invoke(node: NodeId, body: Body, options?: CallOptions): ClientOp;
  /** Sends a client request and runs the simulation until its reply arrives or its timeout passes. */
  call(node: NodeId, body: Body, options?: CallOptions): Promise<ClientOp>;
  /** Runs the simulation `ms` virtual ms forward. */
  runFor(ms: number): Promise<void>;
  /** Runs until `done()` holds (checked after each event that reaches a client) or `maxMs` passed; returns done(). */
  runUntil(done: () => boolean, options: { maxMs: number }): Promise<boolean>;
  /** Runs until every op invoked so far (probes too) has its reply or timed out. */
  settle(): Promise<void>;
  /** Plays a scenario from now: each step at now + step.at, then runs until its requests settle. */
  play(scenario: Scenario): Promise<void>;
  /** Applies a fault now (see Fault). */
  apply(fault: Fault): void;
  partition(groups: NodeId[][]): void;
  cut(from: NodeId[], to: NodeId[]): void;
  heal(): void;
  crash(node: NodeId): void;
  restart(node: NodeId): void;
  /** Heals the network and restarts every crashed node: the usual end of a fault schedule. */
  recover(): void;
  /** The nodes crashed now. */
  crashed(): NodeId[];
  /** Changes the network from now on (fields not given stay as they are). */
  configure(network: NetworkSpec): void;
  /** Every client operation so far, in invocation order (probes left out). */
  readonly history: readonly ClientOp[];
  /** Counts so far (a snapshot). */
  stats(): ClusterStats;
  /** Starts counting messages and ops from zero (e.g. after a warm-up phase). */
  resetStats(): void;
  /** Every event so far. */
  readonly trace: readonly TraceEvent[];
  /** Adds a note to the trace and to the diagram at the current time. */
  note(text: string): void;
  /**
   * Fails the check: the report shows this run as a message-sequence diagram with `message` marked at `at` (the
   * virtual time the property became false, e.g. a bad read's completedAt), or now when absent.
   */
  fail(message: string, detail?: { expected?: unknown; received?: unknown; at?: number }): never;
}

/** `ctx.cluster` in a cluster lab's check. */
export interface ClusterLab {
  /** The lab's cluster settings (lab.yaml `cluster`, defaults filled in). */
  readonly settings: ClusterDef;
  /** Starts a fresh cluster (all nodes initialised at time 0). The previous cluster of this check is discarded. */
  start(options?: ClusterOptions): Promise<Cluster>;
}

export interface ExploreOptions {
  /** The scenarios to try: build one with `scenarioArbitrary` or any fast-check arbitrary of Scenario. */
  scenarios: import('fast-check').Arbitrary<Scenario>;
  /** How many scenarios to try; 30 by default. */
  runs?: number;
  /** The cluster each scenario runs on (a fresh one per run). */
  cluster?: ClusterOptions;
  /**
   * Runs one scenario on a fresh cluster and fails (cluster.fail / ctx.fail / expect helpers) when a property
   * does not hold. Typically: `await cluster.play(s); cluster.heal(); await cluster.runFor(…); …assertions`.
   */
  run(cluster: Cluster, scenario: Scenario): Promise<void>;
}

export interface ScenarioShape {
  /** The server ids the scenario may name (e.g. cluster ids n1…n5). */
  nodes: readonly NodeId[];
  /** The client request bodies to draw from. */
  requests: import('fast-check').Arbitrary<Body>;
  /** How many requests; default 1–20. */
  minRequests?: number;
  maxRequests?: number;
  /** Steps fall in [0, spanMs); default 2000. */
  spanMs?: number;
  /** Which faults to mix in (none by default); at most maxFaults of them (default 4). */
  faults?: { partition?: boolean; cut?: boolean; crash?: boolean };
  maxFaults?: number;
}
