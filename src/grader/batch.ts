// Requests sent ahead of their replies (for checks: `Batch` in the grader API). The wire reads one request at a time and
// answers it before reading the next, so a request sent before the previous reply has arrived gets the
// same reply it would have got one by one. A sequence whose expected replies come from the model alone
// can therefore keep a few requests in flight instead of waiting out a round trip for each.
import type { CallOptions, InFlight, Program, Reply, Request } from './api.js';
import type { Step } from './check-failure.js';
import { expectMatch } from './expect.js';

/**
 * Requests in flight at once: enough to hide most round trips, few enough that a sequence failing
 * early (and every shrink step replaying one) sends little past the reply that failed.
 */
const AHEAD = 8;

interface Queued { request: Request; verify: (reply: Reply) => void; options?: CallOptions }
interface Sent extends Queued { flight: InFlight; step: number }

export class Batch {
  private readonly queued: Queued[] = [];
  /** `steps`: the check's transcript, cut after the first failing reply (what was sent after it is never looked at). */
  constructor(private readonly program: Program, private readonly steps: Step[]) {}

  /** Queues a request; settle() holds its reply against `expected`, in order. */
  expect(request: Request, expected: Reply, message?: string): void {
    this.send(request, (reply) => expectMatch(reply, expected, message));
  }

  /** Queues a request; settle() passes its reply to `verify` (which throws a CheckFailure), in order. */
  send(request: Request, verify: (reply: Reply) => void, options?: CallOptions): void {
    this.queued.push({ request, verify, options });
  }

  /** Sends the queue, at most AHEAD requests ahead of the replies checked, and fails at the first wrong reply. */
  async settle(): Promise<void> {
    const queue = this.queued.splice(0);
    const inFlight: Sent[] = [];
    let next = 0;
    const fill = () => {
      for (; next < queue.length && inFlight.length < AHEAD; next++) {
        const flight = this.program.start(queue[next].request);
        inFlight.push({ ...queue[next], flight, step: this.steps.length - 1 });
      }
    };
    fill();
    while (inFlight.length > 0) {
      const sent = inFlight.shift() as Sent;
      try {
        sent.verify(await sent.flight.reply(sent.options));
      } catch (error) {
        if (inFlight.length > 0) {
          this.steps.splice(sent.step + 1);
          this.steps.push({ kind: 'note', text: `${inFlight.length} later request(s), already sent, are not shown` });
        }
        throw error;
      }
      fill();
    }
  }
}
