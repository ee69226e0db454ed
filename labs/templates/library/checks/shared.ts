// Helpers shared by the stages of __LAB_ID__. TEMPLATE: a checks file that no stage names is shared code:
// helpers only, never a defineStage. Checks import nothing of the grader but src/grader/api.ts.
import { expectMatch, type CheckContext } from '../../../src/grader/api.js';

/** The tally behind the provided driver, with expectations that say what the contract asks. */
export class TallyClient {
  constructor(private readonly ctx: CheckContext) {}

  async create(windowMs = 60_000): Promise<void> {
    this.ctx.note(`a new tally with a window of ${windowMs} ms`);
    await this.ctx.program.expect({ op: 'new', windowMs }, { ok: true }, { message: 'the driver could not create a tally' });
  }

  async add(key: string, amount: number, total: number, why: string): Promise<void> {
    expectMatch(await this.ctx.program.call({ op: 'add', key, amount }), { total }, why);
  }

  async reject(key: string, amount: number): Promise<void> {
    expectMatch(await this.ctx.program.call({ op: 'add', key, amount }), { error: 'invalid-amount' },
      `an amount of ${amount} must be rejected (TypeScript: throw RangeError; Go: return ErrInvalidAmount)`);
  }

  async expectTotal(key: string, total: number, why: string): Promise<void> {
    await this.ctx.program.expect({ op: 'total', key }, { total }, { message: why });
  }

  async advance(ms: number): Promise<void> {
    await this.ctx.program.expect({ op: 'advance', ms }, { ok: true });
  }
}
