import type { LoadedLab } from '../../catalog/catalog.js';
import type { Track } from '../../catalog/schema/track.js';
import type { CheckContext } from '../api.js';
import type { Step } from '../check-failure.js';
import type { SpawnSpec } from '../process/child.js';

/** A running learner's program as the checks see it; one per build variant for a whole grade. */
export interface DriverSession {
  readonly alive: boolean;
  /** Fields merged into each check's context (`program` for library labs …), recording into `steps`. */
  contextFor(steps: Step[]): Partial<CheckContext>;
  /** The learner's recent stderr (and stdout where it is not the wire). */
  outputTail(): string[];
  stop(): Promise<void>;
}

export interface DriverRequest {
  lab: LoadedLab;
  track: Track;
  spawn: SpawnSpec;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export type DriverFactory = (request: DriverRequest) => Promise<DriverSession>;
