import type { HelperFailure } from './types.js';

/** What the grader asks the helpers' thread (`index` names one instance, 0-based; all when absent). */
export type HelperCommand = { id: number } & (
  | { cmd: 'stop' | 'start' | 'requests'; name: string; index?: number }
  | { cmd: 'slow'; name: string; index?: number; ms: number }
  | { cmd: 'fail'; name: string; index?: number; mode: HelperFailure | null }
  | { cmd: 'close' }
  /** The longest the helpers' thread fell behind (ms) since the last `stalls` with `reset`. */
  | { cmd: 'stalls'; reset: boolean }
);

/** What the helpers' thread answers: once `ready` (or `failed`) at start, then `done` per command. */
export type HelperReply =
  | { type: 'ready'; urls: Record<string, string[]> }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; value?: unknown; error?: string };
