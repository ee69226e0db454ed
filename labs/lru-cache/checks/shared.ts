// Helpers shared by the lru-cache stages (not a stage itself).
import { type CheckContext, type Program, type Reply } from '../../../src/grader/api.js';

export type Reason = 'capacity' | 'expired';
/** One onEvict call as the driver reports it: key, value, reason. */
export type Evicted = [string, string, Reason];

export interface StepOptions {
  /** The onEvict calls this request must make, in order; none when absent. */
  evicted?: unknown[][];
  message?: string;
}

const describeEvicted = (evicted: unknown[][]): string => evicted.length === 0 ? 'no onEvict call'
  : evicted.map((e) => `onEvict(${JSON.stringify(e[0])}, ${JSON.stringify(e[1])}, ${JSON.stringify(e[2])})`).join(', then ');

/** A cache driven through the wire, with readable expectations. Every step also checks the onEvict calls. */
export class Cache {
  /** Virtual ms since the cache was created (for notes). */
  now = 0;
  constructor(private readonly ctx: CheckContext) {}

  get program(): Program { return this.ctx.program; }

  async create(capacity: number, options: { reentrant?: boolean } = {}): Promise<void> {
    this.ctx.note(`a new cache with capacity ${capacity}${options.reentrant ? ' whose onEvict calls len() and get(key) on the cache itself' : ''}`);
    await this.program.expect({ op: 'new', capacity, ...(options.reentrant ? { reentrant: true } : {}) }, { ok: true },
      { message: `capacity ${capacity} is valid: the cache must be created` });
  }

  async advance(ms: number): Promise<void> {
    this.now += ms;
    await this.program.expect({ op: 'advance', ms }, { ok: true });
  }

  async set(key: string, value: string, ttlMs?: number, options: StepOptions = {}): Promise<void> {
    const evicted = options.evicted ?? [];
    await this.program.expect({ op: 'set', key, value, ...(ttlMs === undefined ? {} : { ttlMs }) }, { ok: true, evicted },
      { message: options.message ?? `set(${JSON.stringify(key)}) must store the value and make ${describeEvicted(evicted)}` });
  }

  /** get(key): `value` undefined means a miss is expected. */
  async get(key: string, value: string | undefined, options: StepOptions = {}): Promise<void> {
    const evicted = options.evicted ?? [];
    const expected: Reply = value === undefined ? { hit: false, evicted } : { hit: true, value, evicted };
    const what = value === undefined ? 'miss' : `return ${JSON.stringify(value)}`;
    await this.program.expect({ op: 'get', key }, expected,
      { message: options.message ?? `get(${JSON.stringify(key)}) must ${what} and make ${describeEvicted(evicted)}` });
  }

  async delete(key: string, deleted: boolean, options: StepOptions = {}): Promise<void> {
    const evicted = options.evicted ?? [];
    await this.program.expect({ op: 'delete', key }, { deleted, evicted },
      { message: options.message ?? `delete(${JSON.stringify(key)}) must return ${deleted} and make ${describeEvicted(evicted)}` });
  }

  async len(len: number, options: StepOptions = {}): Promise<void> {
    const evicted = options.evicted ?? [];
    await this.program.expect({ op: 'len' }, { len, evicted },
      { message: options.message ?? `len() must be ${len} and make ${describeEvicted(evicted)}` });
  }
}
