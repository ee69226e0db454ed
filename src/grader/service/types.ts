/**
 * What a service lab's checks see of the learner's HTTP server (re-exported by api.ts, the only module
 * checks import). Every request is bounded and recorded in the transcript; the grader owns the processes.
 */
import type { BenchStats } from '../../bench/stats.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRequestOptions {
  /** A string is sent as is; anything else as JSON (with `content-type: application/json`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Bound on the whole exchange; the lab's `replyTimeoutMs` (2000 ms by default) when absent. */
  timeoutMs?: number;
}

export interface HttpReply {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** A server checks can talk to: the learner's, or the reference's during a benchmark set-up. */
export interface HttpTarget {
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  request(method: string, path: string, options?: HttpRequestOptions): Promise<HttpReply>;
}

export interface LoadRequest {
  method: string; path: string; body?: unknown; headers?: Record<string, string>;
  /**
   * autocannon runs only (benchmark, loadTest): top-level fields of this request's JSON answer kept for the
   * next requests of the same cycle on the same connection, which name them as `{{field}}` in their path
   * (URL-encoded) or body (JSON-escaped). A cycle whose value is missing skips its remaining requests.
   */
  capture?: string[];
}

/** A short concurrent burst (for exact counts, failover …); the benchmark is `benchmark()`. */
export interface LoadSpec {
  /** Cycled in order: request i is `requests[i % requests.length]`. */
  requests: LoadRequest[];
  total: number;
  /** Requests in flight at once (each on its own keep-alive connection). */
  concurrency: number;
  /** Bound on each request (default: the lab's replyTimeoutMs). */
  timeoutMs?: number;
  /** Keep every answer in `LoadResult.replies` (for checks that read what each request got back). */
  keepReplies?: boolean;
}

export interface LoadResult {
  sent: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** Requests that got no answer (refused, reset, timed out). */
  errors: number;
  firstError?: string;
  durationMs: number;
  /** With `keepReplies`: the answer to request i at index i, undefined when it got none (or was not sent). */
  replies?: (HttpReply | undefined)[];
}

/** How a helper fails every answer: a status (500 an error; 204 and 301 answers that are not 200), a reset, or silence. */
export type HelperFailure = 'status-500' | 'status-204' | 'status-301' | 'reset' | 'hang';

/** Control of one helper (all its instances unless `index` names one, 0-based). */
export interface HelperControl {
  readonly name: string;
  /** Base URLs of the instances, in order (what the learner's program got in its env variable). */
  readonly urls: string[];
  /** Closes the listener: new connections are refused (existing ones are cut). */
  stop(index?: number): Promise<void>;
  /** Listens again on the same port. */
  start(index?: number): Promise<void>;
  /** Delays every answer by `ms` (0 restores); in force once the promise settles. */
  slow(ms: number, index?: number): Promise<void>;
  /** Makes every answer fail this way (null restores); in force once the promise settles. */
  fail(mode: HelperFailure | null, index?: number): Promise<void>;
  /** Requests served since the helper started (by the instance, or all together). */
  requests(index?: number): Promise<number>;
}

/** What a helper module (`service.helpers.<name>.module`) exports as `helper`: its normal behaviour. */
export interface HelperDefinition {
  handle(req: IncomingMessage, res: ServerResponse, info: { name: string; index: number }): void | Promise<void>;
}

/** A timed load run with autocannon (in a worker), for checks that inject faults while load runs. */
export interface LoadTestSpec {
  /** Cycled by autocannon. */
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
  /** Statuses that count as right answers (others are reported in `unexpected`); 200 when absent. */
  expectStatus?: number[];
}

export interface BenchmarkOptions {
  /**
   * Also measures the first instance of this helper directly, with the same requests and settings, so the
   * report shows what the learner's server costs on top of it (a proxy's overhead). Reported, not judged.
   */
  baseline?: { helper: string; label: string };
  /**
   * Runs against each measured server (the reference's, then the learner's) before it is measured, e.g. to
   * create the records the benchmark reads; returns the requests to cycle (lab.yaml `bench.requests` otherwise).
   */
  setup?(target: HttpTarget): Promise<LoadRequest[] | void>;
}

export interface RestartOptions {
  crash?: boolean;
  /**
   * While the server is down, append `fragment` (an unterminated record) to every file in DATA_DIR whose
   * name matches `files`, as a crash in the middle of a write leaves a log. Only for files the lab's
   * contract names. Fails the check when no file matches.
   */
  tear?: { files: RegExp; fragment: string };
  /** Runs while the server is down, with DATA_DIR's path (for what a crash can do to the files). */
  whileStopped?: (dataDir: string) => Promise<void>;
}

export interface ServiceClient extends HttpTarget {
  /** How many instances of the learner's server run side by side (lab.yaml `service.instances`, 1 by default). */
  readonly instanceCount: number;
  /**
   * The same client aimed at instance `index` (0-based; this client is instance 0): its requests, bursts, load
   * tests and restarts go there, recorded in the same transcript. Helpers and the benchmark are shared.
   */
  on(index: number): ServiceClient;
  /** Sends a request and records it, with its answer, in the transcript. */
  request(method: string, path: string, options?: HttpRequestOptions): Promise<HttpReply>;
  /** A concurrent burst, recorded as one step. */
  load(spec: LoadSpec): Promise<LoadResult>;
  /** Runs autocannon against the server for a while (bounded) and returns its figures; recorded as one step. */
  loadTest(spec: LoadTestSpec): Promise<BenchStats>;
  /**
   * Stops the server (SIGTERM and a wait, or SIGKILL with `crash`) and starts it again with the same DATA_DIR.
   * `whileStopped` runs in between with DATA_DIR's path, to do to the files what a crash can (tear a last line).
   */
  restart(options?: RestartOptions): Promise<void>;
  /** A helper server declared in lab.yaml `service.helpers`. */
  helper(name: string): HelperControl;
  /** Lets real time pass (TTLs, health-check intervals); bounded by the stage and noted in the transcript. */
  pause(ms: number): Promise<void>;
  /**
   * The longest the helpers' thread fell behind (ms) since the last call (or since they started): how late,
   * at worst, the machine made one of their answers. A check whose verdict depends on their answers being
   * on time (a health check's deadline) can tell a busy machine from the server's fault with it.
   */
  helperStallMs(): Promise<number>;
  /**
   * The load benchmark: measures the reference solution of the same track (or takes its cached result) and
   * the learner's server with autocannon, reports both, and fails the check unless the lab's rule holds.
   */
  benchmark(options?: BenchmarkOptions): Promise<void>;
}
