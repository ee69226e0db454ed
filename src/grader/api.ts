/**
 * The only module a lab's hidden checks import. A check describes requests and expectations; it never
 * prints, spawns or sleeps on its own: the grader owns processes, time limits and output.
 */
import type { Random } from './random.js';
import type { Step } from './check-failure.js';

export { CheckFailure, GraderProblem, ProgramFault } from './check-failure.js';
export type { Step } from './check-failure.js';
export { expectMatch, expectThat, matches } from './expect.js';
export type { Random } from './random.js';
export { checkModel } from './model-based.js';
export { Batch } from './batch.js';
export type { ModelCheckOptions } from './model-based.js';
export { default as fc } from 'fast-check';
export type {
  BenchmarkOptions, HelperControl, HelperDefinition, HelperFailure, HttpReply, HttpRequestOptions, HttpTarget,
  LoadRequest, LoadResult, LoadSpec, RestartOptions, ServiceClient,
} from './service/types.js';
import type { HelperDefinition, ServiceClient } from './service/types.js';
import type { ClusterLab } from './cluster/types.js';
export type {
  Body, CallOptions as ClusterCallOptions, ClientOp, Cluster, ClusterLab, ClusterOptions, ClusterStats, ExploreOptions, Fault,
  LatencySummary, Latency, Message, NetworkSpec, NodeId, RequestStep, Scenario, ScenarioShape, ScenarioStep, TraceEvent,
} from './cluster/types.js';
export { clusterOf } from './cluster/context.js';
export { exploreCluster, scenarioArbitrary, describeScenario } from './cluster/explore.js';
export { expectDeterministic } from './cluster/replay.js';
export type { DeterminismOptions } from './cluster/replay.js';
export { awaitConvergence } from './cluster/convergence.js';
export type { ConvergenceOptions } from './cluster/convergence.js';
export { latencySummary } from './cluster/latency.js';
export { checkLinearizable, describeOp } from './cluster/linearizable.js';
export type { KvOperation, LinearizabilityOptions, LinearizabilityResult } from './cluster/linearizable.js';

export type Request = Record<string, unknown> & { op: string };
export type Reply = Record<string, unknown>;

export interface CallOptions {
  /** How long to wait for the reply; the lab's default (2000 ms unless lab.yaml says otherwise) when absent. */
  timeoutMs?: number;
}

/** A request sent and not yet answered: for calls that must overlap (the grader releases them later). */
export interface InFlight {
  readonly request: Request;
  /** Waits for the reply (bounded like any call). */
  reply(options?: CallOptions): Promise<Reply>;
  /** True once the reply has arrived. */
  readonly settled: boolean;
}

/**
 * The learner's program behind the provided driver: one JSON request per line in, one JSON reply per
 * line out. The grader numbers requests (`id`) and pairs replies by it, so replies may come in any order.
 */
export interface Program {
  /** Sends a request and waits for its reply. */
  call(request: Request, options?: CallOptions): Promise<Reply>;
  /** Sends a request and fails the check unless the reply matches `expected` (fields not named are ignored). */
  expect(request: Request, expected: Reply, options?: CallOptions & { message?: string }): Promise<Reply>;
  /** Sends a request without waiting: the reply is collected later through the returned handle. */
  start(request: Request): InFlight;
  /**
   * Sends a request that makes the provided driver exit on purpose (an injected crash at a chosen point);
   * resolves with the exit, or with the reply if the program answered instead.
   */
  callExpectingExit(request: Request, options?: CallOptions): Promise<ExitOrReply>;
  /** Starts the program again after it exited (same build, same working folder, so the driver's files survive). */
  restart(): Promise<void>;
}

export type ExitOrReply =
  | { exited: true; code: number | null; signal: string | null }
  | { exited: false; reply: Reply };

export interface CheckContext {
  /** The learner's program (library labs). */
  readonly program: Program;
  /** The learner's HTTP server (service labs); `serviceOf(ctx)` returns it or stops with a clear error. */
  readonly service?: ServiceClient;
  /** The simulated cluster (cluster labs); `clusterOf(ctx)` returns it or stops with a clear error. */
  readonly cluster?: ClusterLab;
  /** Seeded randomness: the seed is printed with every failure and `grade --seed` replays it. */
  readonly random: Random;
  readonly seed: number;
  /** Cancelled when the stage's time limit is reached or the user interrupts. */
  readonly signal: AbortSignal;
  /** Adds a line to the transcript shown when the check fails. */
  note(text: string): void;
  /** Fails the check. */
  fail(message: string, detail?: { expected?: unknown; received?: unknown }): never;
  /** The transcript so far (model-based checks replay a shrunk sequence with a fresh one). */
  readonly steps: Step[];
}

export interface CheckDefinition {
  /** kebab-case, unique in the stage; shown as `check <id>`. */
  id: string;
  /** One sentence: what the check proves. */
  title: string;
  run(ctx: CheckContext): Promise<void>;
}

export interface StageDefinition {
  /** Must equal the stage id in lab.yaml (the lab integrity test checks it). */
  id: string;
  checks: CheckDefinition[];
}

export function defineStage(stage: StageDefinition): StageDefinition {
  const seen = new Set<string>();
  for (const check of stage.checks) {
    if (seen.has(check.id)) throw new Error(`stage ${stage.id}: duplicate check id ${check.id}`);
    seen.add(check.id);
  }
  return stage;
}

/** The learner's server in a service lab's check. */
export function serviceOf(ctx: CheckContext): ServiceClient {
  if (!ctx.service) throw new Error('ctx.service is only there in service labs (lab.yaml kind: service)');
  return ctx.service;
}

/** A lab's helper server (`export const helper = defineHelper({ handle(req, res, info) { … } })`). */
export function defineHelper(helper: HelperDefinition): HelperDefinition {
  return helper;
}
