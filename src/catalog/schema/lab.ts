import { z } from 'zod';
import { PlanItemId } from './question.js';

/** A path inside the lab's folder: relative, no `..` segment, not absolute. */
export const LabPath = z.string().min(1).refine(
  (p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p) && !p.split(/[\\/]/).includes('..'),
  'must be a relative path inside the lab folder (no "..", not absolute)',
);

/** A file name inside the workspace: the same rule, since scaffolding writes only inside it. */
export const WorkspacePath = LabPath;

export const Stage = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case stage id'),
  title: z.string().min(3),
  /** Markdown the learner reads, scaffolded into the workspace README. */
  instructions: LabPath,
  /** The hidden checks (TypeScript, compiled with the project); never scaffolded. */
  checks: LabPath,
  /** A build variant of the track (e.g. `race`); tracks without it use their default build. */
  build: z.string().default('default'),
  /** Upper bound for the whole stage. */
  timeoutMs: z.number().int().positive().max(300_000).default(30_000),
  /** Whether the stage draws random cases (its seed is reported, `--repeat` runs it again). */
  randomised: z.boolean().default(false),
  /**
   * Whether the stage's verdict depends on thread or goroutine scheduling (races, hammers): `--repeat`
   * runs it again like a randomised stage, since one pass proves little.
   */
  concurrent: z.boolean().default(false),
  /**
   * The load benchmark of a service lab: its checks call `ctx.service.benchmark()`, its bound grows by the
   * measuring time, and `sysdesign bench` runs only this stage. At most one, and it is the last stage.
   */
  bench: z.boolean().default(false),
  /**
   * Quiz questions (ids from questions/) on what this stage checks: a failure of the stage queues them for
   * review, in place of every question of the lab's plan items.
   */
  questions: z.array(z.string().min(1)).default([]),
}).strict();
export type Stage = z.infer<typeof Stage>;

export const LabTrack = z.object({
  /** Folder copied into the workspace. */
  starter: LabPath,
  /** Folder whose files replace the starter's `edit` files to make the reference solution. */
  reference: LabPath,
  /** Files the learner edits (relative to the starter folder). */
  edit: z.array(WorkspacePath).min(1),
  /** Files the learner must not change; grading always uses the pristine copy. */
  provided: z.array(WorkspacePath).default([]),
  /** The file the track's run command starts (TypeScript); ignored by tracks that build a binary. */
  entry: WorkspacePath.optional(),
}).strict();
export type LabTrack = z.infer<typeof LabTrack>;

/**
 * A helper server the grader runs for a service lab (backends, a slow store, a fake web …), in the grader's
 * own process, started before the learner's server and stopped with it. Either lab code (`module`, exporting
 * `helper = defineHelper(…)`) or one of the generic helpers of src/grader/helpers/ (`builtin`).
 */
export const HelperDef = z.object({
  /** Module under the lab folder exporting `helper` (compiled with the project like checks: labs/<lab>/helpers/). */
  module: LabPath.optional(),
  /** A generic helper: `backend` answers 200 with its name on every path (health, latency, failures controllable). */
  builtin: z.enum(['backend']).optional(),
  /** How many instances (e.g. 3 backends to balance); each gets its own port. */
  count: z.number().int().min(1).max(16).default(1),
  /** Environment variable through which the learner's program learns the address(es): comma-separated base URLs. */
  env: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
}).strict().refine((h) => (h.module === undefined) !== (h.builtin === undefined), 'name exactly one of `module` or `builtin`');
export type HelperDef = z.infer<typeof HelperDef>;

export const BenchRequest = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']).default('GET'),
  path: z.string().startsWith('/'),
  body: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Top-level fields of the JSON answer that later requests of the cycle use as `{{field}}` (src/bench/chain.ts). */
  capture: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).optional(),
}).strict();

export const BenchDef = z.object({
  connections: z.number().int().min(1).max(1000).default(50),
  durationSeconds: z.number().min(0.5).max(120).default(10),
  /** The duration under `grade --quick` and `dev check`. */
  quickDurationSeconds: z.number().min(0.5).max(120).default(2),
  /** Unmeasured load before each measurement (JIT, caches, connection set-up); scaled down with the duration. */
  warmupSeconds: z.number().min(0).max(30).default(1),
  pipelining: z.number().int().min(1).max(32).default(1),
  /**
   * The longest the helpers' thread may fall behind (ms) while a server is measured. Beyond it a failed
   * benchmark is put down to the machine (the grader's own helpers answered late), never to the learner.
   */
  helperStallLimitMs: z.number().int().positive().max(60_000).default(250),
  /** Requests cycled by every connection; the bench stage's checks may replace them (after creating data). */
  requests: z.array(BenchRequest).default([]),
  /** Statuses that count as success; any other answer counts as an error. */
  expectStatus: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
  rule: z.object({
    /** Learner requests/s must be at least this fraction of the reference's. */
    minThroughputRatio: z.number().positive().max(1).default(0.5),
    /** Learner p99 must be at most factor * reference p99 + slackMs. */
    maxP99Factor: z.number().positive().default(3),
    p99SlackMs: z.number().nonnegative().default(5),
    maxErrors: z.number().int().nonnegative().default(0),
  }).strict().default({ minThroughputRatio: 0.5, maxP99Factor: 3, p99SlackMs: 5, maxErrors: 0 }),
}).strict();
export type BenchDef = z.infer<typeof BenchDef>;

export const ServiceDef = z.object({
  /** Bound on the wait for GET /healthz to answer 200 after a start. */
  startTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** Extra environment variables for the learner's server. */
  env: z.record(z.string(), z.string()).default({}),
  helpers: z.record(z.string(), HelperDef).default({}),
  /**
   * How many instances of the learner's server run side by side (each with its own PORT and DATA_DIR, the
   * same env and helpers), for labs where instances share state through a helper. The benchmark measures one.
   */
  instances: z.number().int().min(1).max(8).default(1),
}).strict();

/**
 * A cluster lab's defaults (kind: cluster): the engine simulates N nodes of the learner's program on a
 * virtual network; checks may override each value per cluster they start.
 */
export const ClusterDef = z.object({
  /** Nodes (`n1`…) in a cluster a check starts without naming a count. */
  nodes: z.number().int().min(1).max(64).default(5),
  /** Virtual ms a client waits for a reply before `call` gives up (the operation stays indeterminate). */
  requestTimeoutMs: z.number().int().positive().max(3_600_000).default(1_000),
  /** Bound on node events (deliveries and timers) in one run: a node that floods fails with a clear message. */
  maxEvents: z.number().int().positive().max(50_000_000).default(2_000_000),
  /** Wall-clock bound on one batch of events handed to the node runtime (a handler stuck in a loop). */
  batchTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
}).strict();
export type ClusterDef = z.infer<typeof ClusterDef>;

export const LAB_KINDS = ['library', 'service', 'cluster'] as const;
/** Ten times what a reference program uses under load, and small enough that a runaway one cannot take a shared machine down. */
export const DEFAULT_MEMORY_MIB = 512;

export const Lab = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case lab id equal to its folder name'),
  /** Bump when checks or provided files change: cached reference benchmarks and workspaces key on it. */
  version: z.number().int().positive(),
  title: z.string().min(3),
  summary: z.string().min(10),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  kind: z.enum(LAB_KINDS),
  plan: z.array(PlanItemId).min(1),
  /** Default bound on one reply from the learner's program (library labs). */
  replyTimeoutMs: z.number().int().positive().max(60_000).default(2_000),
  /** Resident memory the learner's program (with all it starts) may use; the default suits every lab so far. */
  memoryMiB: z.number().int().min(64).max(16_384).default(DEFAULT_MEMORY_MIB),
  stages: z.array(Stage).min(1),
  hints: z.array(z.string().min(5)).min(1),
  tracks: z.record(z.string(), LabTrack).refine((t) => Object.keys(t).length > 0, 'at least one track'),
  service: ServiceDef.optional(),
  bench: BenchDef.optional(),
  /** Cluster labs: node count and bounds (defaults apply when absent). */
  cluster: ClusterDef.optional(),
}).strict()
  .refine((lab) => lab.kind !== 'service' || lab.service !== undefined, { message: 'a service lab needs a `service` section', path: ['service'] })
  .refine((lab) => new Set(lab.stages.map((s) => s.id)).size === lab.stages.length, { message: 'stage ids must be unique', path: ['stages'] })
  .refine((lab) => lab.stages.every((s, i) => !s.bench || i === lab.stages.length - 1), { message: 'only the last stage may be the load benchmark (`bench: true`)', path: ['stages'] })
  .refine((lab) => !lab.stages.some((s) => s.bench) || (lab.kind === 'service' && lab.bench !== undefined), { message: 'a `bench: true` stage needs a service lab with a `bench` section', path: ['bench'] })
  .refine((lab) => lab.cluster === undefined || lab.kind === 'cluster', { message: 'only a cluster lab (kind: cluster) has a `cluster` section', path: ['cluster'] });
export type Lab = z.infer<typeof Lab>;
export type LabKind = Lab['kind'];

/** The cluster settings of a lab, with defaults filled in. */
export function clusterSettings(lab: Pick<Lab, 'cluster'>): ClusterDef {
  return lab.cluster ?? ClusterDef.parse({});
}
