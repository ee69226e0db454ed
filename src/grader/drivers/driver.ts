import type { LoadedLab } from '../../catalog/catalog.js';
import type { Track } from '../../catalog/schema/track.js';
import type { CheckContext, Program } from '../api.js';
import type { Step } from '../check-failure.js';
import type { SpawnSpec } from '../process/child.js';
import type { GradeEvent } from '../events.js';

/** How the load benchmark runs in this grade (from `grade --quick --fresh`, `bench --duration`). */
export interface BenchSettings {
  /** Measure for this long (seconds) instead of the lab's duration. */
  durationSeconds?: number;
  /** Use the lab's `quickDurationSeconds`. */
  quick: boolean;
  /** Measure the reference again instead of taking its cached result. */
  fresh: boolean;
  /** The store home, where reference results are cached; no caching when absent. */
  cacheHome?: string;
}

/** A running learner's program as the checks see it; one per build variant for a whole grade. */
export interface DriverSession {
  readonly alive: boolean;
  /** Only one such session may run at a time (servers sharing one DATA_DIR): others are stopped first. */
  readonly exclusive?: boolean;
  /** Fields merged into each check's context (`program` for library labs …), recording into `steps`. */
  contextFor(steps: Step[], check?: { id: string; seed: number }): Partial<CheckContext>;
  /** The learner's recent stderr (and stdout where it is not the wire). */
  outputTail(): string[];
  stop(): Promise<void>;
}

export interface DriverRequest {
  lab: LoadedLab;
  track: Track;
  trackId: string;
  spawn: SpawnSpec;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** A folder of this grade (removed at its end): service labs keep DATA_DIR and the reference build there. */
  runDir: string;
  emit(event: GradeEvent): void;
  bench: BenchSettings;
  /** `grade --trace FILE`: cluster labs append every simulated event there as JSON lines. */
  traceFile?: string;
}

export type DriverFactory = (request: DriverRequest) => Promise<DriverSession>;

/** `ctx.program` in labs without a JSON-lines program: a check that reaches for it is a bug in the lab. */
export function programUnavailable(kind: 'service' | 'cluster'): Program {
  const message = `ctx.program is for library labs; a ${kind} lab's checks use ctx.${kind}`;
  return {
    call: () => Promise.reject(new Error(message)),
    expect: () => Promise.reject(new Error(message)),
    callExpectingExit: () => Promise.reject(new Error(message)),
    restart: () => Promise.reject(new Error(message)),
    start: () => { throw new Error(message); },
  };
}
