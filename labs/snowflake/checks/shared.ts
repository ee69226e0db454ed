// Helpers shared by the snowflake stages (not a stage itself): a generator driven through the wire, with
// every expected reply computed by the model, and failure messages that spell ids out field by field.
import { CheckFailure, matches, type CallOptions, type Program, type Reply, type Request, type Batch } from '../../../src/grader/api.js';
import { SnowflakeModel, fieldsOf, type Settings } from './model.js';

export const TWITTER_EPOCH = 1_288_834_974_657;
export const DISCORD_EPOCH = 1_420_070_400_000;

/** "t=… ms after the epoch, node …, sequence …" for an id on the wire, or why it is not one. */
export function spell(value: unknown): string {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return `not an id (${JSON.stringify(value)})`;
  const f = fieldsOf(BigInt(value));
  const sign = BigInt(value) < 0n || f.signBit ? ', bit 63 SET (a negative int64)' : '';
  return `${value} = timestamp ${f.timestamp} ms after the epoch, node ${f.node}, sequence ${f.sequence}${sign}`;
}

const describeReply = (r: Reply): string => {
  if (typeof r.snowflake === 'string') return `id ${spell(r.snowflake)}${Array.isArray(r.slept) && r.slept.length ? `, after sleeping ${JSON.stringify(r.slept)} ms` : ''}`;
  if (r.error !== undefined) return `error "${String(r.error)}"${Array.isArray(r.slept) && r.slept.length ? `, after sleeping ${JSON.stringify(r.slept)} ms` : ''}`;
  return JSON.stringify(r);
};

/**
 * A generator on the wire beside its model. `note` adds a line to the transcript. With a batch, each
 * method sends its request at once and returns the model's reply; the batch checks the real one later.
 */
export class Gen {
  readonly model = new SnowflakeModel();
  constructor(private readonly program: Program, private readonly note: (text: string) => void = () => undefined,
    private readonly batch?: Batch) {}

  /** Sends `request` and fails unless its reply matches `expected` (now, or when the batch settles). */
  private async exchange(request: Request, expected: Reply, failure: (reply: Reply) => CheckFailure, options?: CallOptions): Promise<Reply> {
    const verify = (reply: Reply) => { if (!matches(reply, expected)) throw failure(reply); };
    if (this.batch) {
      this.batch.send(request, verify, options);
      return expected;
    }
    const reply = await this.program.call(request, options);
    verify(reply);
    return reply;
  }

  /** new {node, epoch, now?}: must answer as the contract's constructor does. */
  async create(settings: Settings, now?: number, why?: string): Promise<Reply> {
    const expected = this.model.create(settings, now);
    const at = this.model.now;
    this.note(`a new generator: node ${settings.node}, epoch ${settings.epoch}, clock at ${at} (${at - settings.epoch} ms after the epoch)`);
    return this.exchange({ op: 'new', node: settings.node, epoch: settings.epoch, now }, expected, (reply) => new CheckFailure(
      why ?? (expected.ok ? 'creating this generator must succeed' : `creating this generator must fail with "${String(expected.error)}"`),
      { expected, received: reply }));
  }

  async advance(ms: number): Promise<void> {
    this.model.advance(ms);
    const expected = { ok: true, now: this.model.now };
    await this.exchange({ op: 'advance', ms }, expected, (reply) => new CheckFailure('the driver could not move the clock', { expected, received: reply }));
  }

  /** One next(): the exact id (or error) and the exact sleeps the contract gives. */
  async next(why: string): Promise<Reply> {
    const before = this.where();
    const expected = this.model.next();
    return this.exchange({ op: 'next' }, expected, (reply) => new CheckFailure(
      `${why}. The contract's generator (${before}) gives ${describeReply(expected)}; yours gave ${describeReply(reply)}`, { expected, received: reply }));
  }

  /** `count` next() calls in one request: exact runs of ids, sleeps and error. */
  async burst(count: number, why: string): Promise<Reply> {
    const before = this.where();
    const expected = this.model.burst(count);
    const firstRuns = (r: Reply) => (Array.isArray(r.runs) ? (r.runs as [string, number][]).slice(0, 4) : [])
      .map(([id, n]) => `${n} from ${spell(id)}`).join('; ');
    return this.exchange({ op: 'burst', count }, expected, (reply) => new CheckFailure(`${why}. ${count} calls to next() (${before}); runs are ids going up by exactly 1, in issue order.` +
      ` The contract gives runs: ${firstRuns(expected)}; yours gave runs: ${firstRuns(reply)}`, { expected, received: reply }), { timeoutMs: 10_000 });
  }

  async decode(id: bigint, why: string): Promise<Reply> {
    const expected = this.model.decode(id);
    return this.exchange({ op: 'decode', snowflake: id.toString() }, expected, (reply) => new CheckFailure(`${why} (decoding ${id})`, { expected, received: reply }));
  }

  /** Where the model stands, for messages. */
  where(): string {
    const s = this.model.settings;
    if (!s) return 'no generator';
    const t = this.model.now - s.epoch;
    const last = this.model.last < 0 ? 'no id issued yet' : `last id at timestamp ${this.model.last}, sequence ${this.model.sequence}`;
    return `clock at timestamp ${t} ms after the epoch, ${last}`;
  }
}
